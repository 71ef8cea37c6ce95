"""Training defaults, in one place: the network trained, the precision choices, and every default length,
batch, patch and learning rate of a run.

:class:`~srcnn_gui.core.training.train_config.TrainConfig` takes its defaults from here (:data:`DEFAULT`); the
command line (``srcnn-gui train``), the paper's experiment and the window's *Train on folder* each
start from their own preset here, so two front ends can never drift apart unnoticed.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from typing import Any

from srcnn_gui.core.models.architecture import DEFAULT_ARCH, DEFAULT_N1, DEFAULT_N2, FSRCNN_ARCH

# The network a new run trains unless told otherwise: the paper's (core/models/architecture.py).
TRAIN_ARCH, TRAIN_N1, TRAIN_N2 = DEFAULT_ARCH, DEFAULT_N1, DEFAULT_N2
# The architectures the window offers, with what each is good for (per output pixel 9-1-5 costs a quarter
# of 9-5-5's multiply-adds, FSRCNN a fortieth: it works at low resolution).
OFFERED_ARCHS = {FSRCNN_ARCH: "fastest", "9-1-5": "fast", DEFAULT_ARCH: "slowest"}

# A run's arithmetic: auto is bf16 mixed precision where the device computes bf16 natively, else fp32.
AUTO_PRECISION = "auto"
TRAIN_PRECISIONS = (AUTO_PRECISION, "fp32", "bf16")


@dataclass(frozen=True)
class TrainingPreset:
    """The schedule and batch of a run; everything else (folders, model, device) is the caller's."""

    epochs: int
    steps_per_epoch: int
    batch_size: int
    label: int  # side of the target patches
    lr: float
    warmup_steps: int

    def config_fields(self) -> dict[str, Any]:
        """The preset as keyword arguments of ``TrainConfig``."""
        return asdict(self)


# What a TrainConfig gets when nobody says otherwise.
DEFAULT = TrainingPreset(epochs=100, steps_per_epoch=500, batch_size=64, label=32, lr=5e-4, warmup_steps=500)

# `srcnn-gui train`: larger patches, smaller batches (the shipped models were trained with these).
COMMAND_LINE = replace(DEFAULT, batch_size=32, label=48)

# `srcnn-gui experiment`: one budget for every architecture; epochs and steps come from its plan.
EXPERIMENT = replace(DEFAULT, batch_size=32)

# The window's "Train on folder": short epochs, so progress shows within seconds on a CPU.
# Fine-tuning at 1e-4 after 100 warm-up steps was measured (README, Train on your own pictures); a fresh
# Adam takes full-size steps at once, and warming up protects the trained weights.
FINE_TUNE = TrainingPreset(epochs=10, steps_per_epoch=100, batch_size=32, label=32, lr=1e-4, warmup_steps=100)
FROM_SCRATCH = replace(FINE_TUNE, lr=5e-4, warmup_steps=200)

# Without a validation folder the window holds out this fraction of the pictures.
DIALOG_HOLDOUT = 0.2
