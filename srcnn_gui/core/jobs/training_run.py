"""Training as the window runs it: the starting scores first, then every report, then how it ended."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from srcnn_gui.core.errors import TrainingDivergedError
from srcnn_gui.core.jobs.control import JobControl
from srcnn_gui.core.training.train_config import TrainConfig
from srcnn_gui.core.training.trainer import EpochReport, StepReport, Trainer


@dataclass(frozen=True)
class StartScores:
    """Validation scores of the starting weights and of bicubic; ``None`` without validation pictures."""

    scores: dict[str, float] | None


@dataclass(frozen=True)
class TrainingOutcome:
    """How a run ended: the model file written (``None``: nothing saved) and the validation Y-PSNR of the
    starting weights and of the weights saved (``None`` without validation)."""

    path: str | None
    cancelled: bool
    psnr_before: float | None
    psnr_after: float | None

    @property
    def improved(self) -> bool | None:
        """Whether the saved weights beat the starting ones on validation (``None``: not validated)."""
        if self.psnr_before is None or self.psnr_after is None:
            return None
        return self.psnr_after > self.psnr_before


def train_model(config: TrainConfig, control: JobControl) -> Iterator[StartScores | StepReport | EpochReport]:
    """Yields the starting scores, then the trainer's reports; returns a :class:`TrainingOutcome`.

    Pause waits between two training steps. Cancel ends the run with the best weights so far saved,
    unless nothing beat the starting weights on validation: then the run leaves no files at all, since
    the model would only be a copy of the one it started from. A run that diverges before its first
    checkpoint leaves none either (:class:`TrainingDivergedError`, raised).
    """
    trainer = Trainer(config, resume=False)
    yield StartScores(trainer.measure_start())
    out = Path(config.out)
    try:
        yield from trainer.run(cancelled=control.stop_requested)
    except TrainingDivergedError:
        if not out.is_file():  # no checkpoint yet: only the starting weights were written, as the best so far
            config.best_path.unlink(missing_ok=True)
        raise
    meta = trainer.meta()
    outcome = TrainingOutcome(str(out) if out.is_file() else None, control.is_cancelled(),
                              meta["psnr_before"], meta["psnr_after"])
    if outcome.cancelled and outcome.improved is False:
        for path in (out, config.best_path, config.state_path):
            path.unlink(missing_ok=True)
        outcome = TrainingOutcome(None, True, outcome.psnr_before, outcome.psnr_after)
    return outcome
