"""Long work off the GUI thread: a job is a plain QObject moved to a QThread.

Jobs only emit signals (never touch widgets); the window owns the job and its thread until the
thread has finished. Cancel is cooperative: the job checks a flag between tiles or training steps.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PySide6.QtCore import QObject, QThread, Signal, Slot

from srcnn_gui.core.inference.file_to_file import upscale_file
from srcnn_gui.core.inference.device import describe_device
from srcnn_gui.core.inference.upscaler import Upscaler, UpscaleResult
from srcnn_gui.core.errors import CancelledError, PictureTooLargeError, SrcnnError
from srcnn_gui.core.evaluation.protocol import ImageScore, measure_upscale
from srcnn_gui.core.images.reading import ImageMetadata, read_image
from srcnn_gui.core.training.trainer import EpochReport, TrainConfig, Trainer, preview_training
from srcnn_gui.core.evaluation.difference_map import difference_heatmap
from srcnn_gui.core.models.files import ModelInfo

_PER_FILE = 1000  # progress steps per file of a batch


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
    """What the viewer shows after an upscale: the pictures, where they differ and, when evaluating, the scores."""

    result: UpscaleResult
    difference: np.ndarray  # heat map of |SRCNN - ground truth| (evaluate) or |SRCNN - bicubic| (upscale)
    truth: np.ndarray | None
    score: ImageScore | None
    seconds: float
    device: str
    metadata: ImageMetadata | None = None  # the source file's, so that saving keeps its EXIF, profile and depth


class UpscaleJob(Job):
    """Upscales one picture (a file, read in the worker, or pixels); with ``evaluate`` the picture is
    taken as ground truth: shrunk, upscaled back and scored."""

    progress = Signal(int, int)
    finished = Signal(object)

    def __init__(self, source: Path | np.ndarray, model: ModelInfo, device: str, *, evaluate: bool) -> None:
        super().__init__()
        self.source, self.model, self.device, self.evaluate = source, model, device, evaluate

    def work(self) -> None:
        started = time.perf_counter()
        picture = read_image(self.source) if isinstance(self.source, Path) else None
        image = self.source if picture is None else picture.pixels
        upscaler = Upscaler.from_info(self.model, device=self.device)
        try:
            if self.evaluate:
                truth, result, score = measure_upscale(image, upscaler, self.progress.emit, self.is_cancelled)
                difference = difference_heatmap(result.srcnn, truth)
            else:
                truth, score = None, None
                result = upscaler.upscale(image, self.progress.emit, self.is_cancelled)
                difference = difference_heatmap(result.srcnn, result.bicubic)
        except PictureTooLargeError as exc:
            if not isinstance(self.source, Path):
                raise PictureTooLargeError(f"the pasted picture: {exc}") from exc
            raise PictureTooLargeError(f"{self.source.name}: {exc}; File > Upscale to file… does that") from exc
        seconds = time.perf_counter() - started
        metadata = None if picture is None else picture.metadata
        self.finished.emit(UpscaleOutcome(result, difference, truth, score, seconds, describe_device(upscaler.device), metadata))


@dataclass(frozen=True)
class BatchSummary:
    """What a folder batch did: files written and, for each failure, a message naming the file."""

    written: list[Path]
    failures: list[str]
    total: int


class BatchJob(Job):
    """Upscales files to the given targets, file to file in bands (any size); a bad file is reported
    and the batch goes on. Progress counts files in thousandths, so one large file moves the bar too."""

    progress = Signal(int, int)  # thousandths of files handled, total
    finished = Signal(object)  # BatchSummary

    def __init__(self, pairs: list[tuple[Path, Path]], model: ModelInfo, device: str, *, overwrite: bool = False) -> None:
        super().__init__()
        self.pairs, self.model, self.device, self.overwrite = pairs, model, device, overwrite

    def work(self) -> None:
        upscaler = Upscaler.from_info(self.model, device=self.device)
        written, failures = [], []
        inputs = {source.resolve() for source, _ in self.pairs}
        total = len(self.pairs) * _PER_FILE
        for done, (source, target) in enumerate(self.pairs):
            if self.is_cancelled():
                raise CancelledError(f"batch cancelled after {done} of {len(self.pairs)} files")

            def tiles(finished: int, count: int, done: int = done) -> None:
                self.progress.emit(done * _PER_FILE + finished * _PER_FILE // count, total)

            try:
                upscale_file(upscaler, source, target, inputs=inputs, overwrite=self.overwrite,
                             progress=tiles, cancelled=self.is_cancelled)
                written.append(target)
            except CancelledError:
                raise
            except SrcnnError as exc:
                failures.append(str(exc))
            self.progress.emit((done + 1) * _PER_FILE, total)
        self.finished.emit(BatchSummary(written, failures, len(self.pairs)))


class TrainJob(Job):
    """Trains or fine-tunes a model; reports the starting scores, every few steps and each epoch.

    Pause blocks the worker between two training steps until resume or cancel.
    """

    baseline = Signal(object)  # dict of the starting weights' and bicubic's scores, or None
    paused = Signal(bool)  # True once the worker actually waits, False when it goes on
    step = Signal(object)  # StepReport
    epoch = Signal(object)  # EpochReport
    finished = Signal(str)  # path of the model file

    def __init__(self, config: TrainConfig) -> None:
        super().__init__()
        self.config = config
        self._running = threading.Event()
        self._running.set()

    def pause(self) -> None:
        """Stop between two steps until :meth:`resume` (thread-safe)."""
        self._running.clear()

    def resume(self) -> None:
        self._running.set()

    def is_paused(self) -> bool:
        return not self._running.is_set()

    def cancel(self) -> None:
        super().cancel()
        self._running.set()  # a paused job must wake up to stop

    def _stop_requested(self) -> bool:
        if not self._running.is_set():
            self.paused.emit(True)
            self._running.wait()
            self.paused.emit(False)
        return self.is_cancelled()

    def work(self) -> None:
        trainer = Trainer(self.config, resume=False)
        self.baseline.emit(trainer.measure_start())
        for report in trainer.run(cancelled=self._stop_requested):
            (self.epoch if isinstance(report, EpochReport) else self.step).emit(report)
        if self.is_cancelled():
            raise CancelledError("training cancelled")
        self.finished.emit(self.config.out)


class PreviewJob(Job):
    """Scans the training folders and times a few steps, before the user starts training."""

    finished = Signal(object)  # TrainingPreview

    def __init__(self, config: TrainConfig) -> None:
        super().__init__()
        self.config = config

    def work(self) -> None:
        self.finished.emit(preview_training(self.config))
