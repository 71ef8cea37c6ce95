"""What defines a training run: :class:`TrainConfig`, saved in the state file and checked before the work."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from srcnn_gui.core.images.denoise_levels import denoise_level
from srcnn_gui.core.training.presets import AUTO_PRECISION, DEFAULT, TRAIN_ARCH, TRAIN_N1, TRAIN_N2


@dataclass
class TrainConfig:
    """Everything that defines a training run (saved in the state file); the values a run accepts are
    :func:`~srcnn_gui.core.training.run_checks.check_settings`'s."""

    folders: list[str]
    scale: int
    out: str
    arch: str = TRAIN_ARCH
    residual: bool = False
    n1: int = TRAIN_N1
    n2: int = TRAIN_N2
    init: str | None = None
    val: str | None = None
    epochs: int = DEFAULT.epochs
    steps_per_epoch: int = DEFAULT.steps_per_epoch
    minutes: float | None = None
    batch_size: int = DEFAULT.batch_size
    label: int = DEFAULT.label
    lr: float = DEFAULT.lr
    lr_min_ratio: float = 0.01
    warmup_steps: int = DEFAULT.warmup_steps
    clip_grad: float = 1.0
    seed: int = 0
    device: str = "auto"
    precision: str = AUTO_PRECISION
    state: str | None = None
    checkpoint_minutes: float = 5.0
    command: str = ""
    holdout: float = 0.0  # without ``val``: fraction of the pictures held out for validation
    denoise: str | None = None  # a denoise level: low-res inputs saved as JPEGs of that level's qualities
    keep_best: bool = False  # the model file gets the best weights on validation, not the latest

    @property
    def total_steps(self) -> int:
        return self.epochs * self.steps_per_epoch

    @property
    def jpeg_qualities(self) -> tuple[int, int] | None:
        """The JPEG qualities the low-res inputs are saved at (None: not compressed)."""
        return denoise_level(self.denoise).train_qualities if self.denoise else None

    @property
    def state_path(self) -> Path:
        return Path(self.state) if self.state else Path(self.out).with_suffix(".state.pt")

    @property
    def best_path(self) -> Path:
        """Best-on-validation weights, kept beside the state file (not in the model registry)."""
        return self.state_path.with_name(Path(self.out).stem + ".best.pt")
