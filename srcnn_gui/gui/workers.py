"""Long work off the GUI thread: a job is a plain QObject moved to a QThread.

Jobs only emit signals (never touch widgets); the window owns the job and its thread until the
thread has finished. Cancel is cooperative: the job checks a flag between tiles or training steps.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QObject, QThread, Signal, Slot

from srcnn_gui.core.engine import Upscaler, UpscaleResult
from srcnn_gui.core.errors import CancelledError, SrcnnError
from srcnn_gui.core.evaluation import ImageScore, measure_upscale
from srcnn_gui.core.training import EpochReport, TrainConfig, Trainer
from srcnn_gui.core.weights import ModelInfo


class Job(QObject):
    """Base of the worker objects: a cancel flag and the signals every job has."""

    failed = Signal(str)
    cancelled = Signal()
    done = Signal()  # after finished, failed or cancelled: the thread may stop

    def __init__(self) -> None:
        super().__init__()
        self._cancel = threading.Event()

    def cancel(self) -> None:
        """Ask the job to stop at its next check (thread-safe)."""
        self._cancel.set()

    def is_cancelled(self) -> bool:
        return self._cancel.is_set()

    @Slot()
    def run(self) -> None:
        try:
            self.work()
        except CancelledError:
            self.cancelled.emit()
        except SrcnnError as exc:
            self.failed.emit(str(exc))
        except Exception as exc:  # a bug must reach the user as a message, not vanish in the thread
            self.failed.emit(f"unexpected error: {type(exc).__name__}: {exc}")
        finally:
            self.done.emit()

    def work(self) -> None:
        raise NotImplementedError


def start_job(job: Job) -> QThread:
    """Run ``job`` in a new thread; the caller keeps both references until ``thread.finished``."""
    thread = QThread()
    job.moveToThread(thread)
    thread.started.connect(job.run)
    job.done.connect(thread.quit)
    thread.start()
    return thread


@dataclass(frozen=True)
class UpscaleOutcome:
    """What the viewer shows after an upscale: the pictures and, when measuring, the scores."""

    result: UpscaleResult
    truth: np.ndarray | None
    score: ImageScore | None
    seconds: float
    device: str


class UpscaleJob(Job):
    """Upscales one image; with ``measure`` the image is taken as ground truth (shrink, upscale, score)."""

    progress = Signal(int, int)
    finished = Signal(object)

    def __init__(self, image: np.ndarray, model: ModelInfo, device: str, *, measure: bool) -> None:
        super().__init__()
        self.image, self.model, self.device, self.measure = image, model, device, measure

    def work(self) -> None:
        started = time.perf_counter()
        upscaler = Upscaler.from_info(self.model, device=self.device)
        if self.measure:
            truth, result, score = measure_upscale(self.image, upscaler, self.progress.emit, self.is_cancelled)
        else:
            truth, score = None, None
            result = upscaler.upscale(self.image, self.progress.emit, self.is_cancelled)
        self.finished.emit(UpscaleOutcome(result, truth, score, time.perf_counter() - started, upscaler.device.type))


class TrainJob(Job):
    """Trains or fine-tunes a model; reports every few steps and after each epoch."""

    step = Signal(object)  # StepReport
    epoch = Signal(object)  # EpochReport
    finished = Signal(str)  # path of the model file

    def __init__(self, config: TrainConfig) -> None:
        super().__init__()
        self.config = config

    def work(self) -> None:
        trainer = Trainer(self.config, resume=False)
        for report in trainer.run(cancelled=self.is_cancelled):
            (self.epoch if isinstance(report, EpochReport) else self.step).emit(report)
        if self.is_cancelled():
            raise CancelledError("training cancelled")
        self.finished.emit(self.config.out)
