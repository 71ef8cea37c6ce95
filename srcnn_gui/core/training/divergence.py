"""Telling a run that diverged from one that learns, so that unusable weights are never saved as a model.

Two signs: a loss or gradient that is not finite (too high a learning rate overflows), and a network whose
output, clipped to the picture range as every result is, is one flat value where the pictures vary (too high
a rate can also kill every ReLU: the network then turns any picture into one colour). A new network's small
last layer starts its output close to flat too, but about a hundred times less so than :data:`FLAT_RATIO`.
"""

from __future__ import annotations

import torch

from srcnn_gui.core.errors import TrainingDivergedError
from srcnn_gui.core.models.network import Network
from srcnn_gui.core.training.presets import DEFAULT

# Output spread below this share of the targets' spread counts as flat (a new network's is 0.01 or more).
FLAT_RATIO = 1e-4
PROBE_PATCHES = 16  # patches the output is judged on


def output_problem(model: Network, inputs: torch.Tensor, targets: torch.Tensor) -> str | None:
    """What makes ``model``'s output on the patches ``inputs`` unusable, or ``None``: values that are not
    finite, or one flat value where ``targets`` vary."""
    with torch.no_grad():
        out = model.forward_valid(inputs)
    if not bool(torch.isfinite(out).all()):
        return "the network's output is no longer a number"
    spread, wanted = float(out.clamp(0, 1).std()), float(targets.std())
    if spread <= FLAT_RATIO * wanted:
        return "the network now turns every picture into one flat colour"
    return None


def diverged(what: str, step: int, total_steps: int, lr: float, saved_step: int | None) -> TrainingDivergedError:
    """The error of a run that diverged at ``step``: ``what`` happened, what is kept (its last checkpoint, at
    ``saved_step``; ``None``: there is none) and what to try."""
    kept = f"Its weights are unusable and were not saved; the checkpoint of step {saved_step} is kept as it was" \
        if saved_step else "Nothing was saved"
    return TrainingDivergedError(f"training diverged at step {step} of {total_steps}: {what}. {kept}. Try a lower "
                                 f"learning rate (this run's: {lr:g}; the usual: {DEFAULT.lr:g}).")
