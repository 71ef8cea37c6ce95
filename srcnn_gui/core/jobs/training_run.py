"""Training as the window runs it: the starting scores first, then every report, then the model file."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from srcnn_gui.core.errors import CancelledError
from srcnn_gui.core.jobs.control import JobControl
from srcnn_gui.core.training.trainer import EpochReport, StepReport, TrainConfig, Trainer


@dataclass(frozen=True)
class StartScores:
    """Validation scores of the starting weights and of bicubic; ``None`` without validation pictures."""

    scores: dict[str, float] | None


def train_model(config: TrainConfig, control: JobControl) -> Iterator[StartScores | StepReport | EpochReport]:
    """Yields the starting scores, then the trainer's reports; returns the model file's path.

    Pause waits between two training steps; cancel ends the run with the best weights so far saved.
    """
    trainer = Trainer(config, resume=False)
    yield StartScores(trainer.measure_start())
    yield from trainer.run(cancelled=control.stop_requested)
    if control.is_cancelled():
        raise CancelledError("training cancelled")
    return config.out
