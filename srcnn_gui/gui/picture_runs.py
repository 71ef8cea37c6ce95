"""The window's queue wiring: the jobs :class:`~srcnn_gui.core.window.window_model.WindowModel` asks for, run one at
a time in a worker thread, and what they report handed back to the model's queue.

The order of the pictures is the model's; this only starts its :meth:`~WindowModel.next_job`, keeps the
preview of the picture being worked on (a large picture's: the cache its regions fill), says when a
picture on screen needs showing again, and tells a running job where the view is.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QSize, QTimer, Signal, Slot
from PySide6.QtGui import QImage

from srcnn_gui.core.jobs.large_picture import LargeOutcome
from srcnn_gui.core.jobs.picture import PicturePreview, UpscaleOutcome
from srcnn_gui.core.jobs.region_plan import ViewFocus
from srcnn_gui.core.jobs.result_cache import ResultCache
from srcnn_gui.core.jobs.result_filling import RegionsStarted
from srcnn_gui.core.window.picture_queue import QueueEntry
from srcnn_gui.core.window.window_model import WindowModel
from srcnn_gui.gui.qt_images import to_qimage
from srcnn_gui.gui.work_progress import WorkProgress
from srcnn_gui.gui.workers import JobRunner, Worker

# Progress comes once a tile or a region: hundreds a second for a large picture with FSRCNN. Each showing repaints
# the queue and the canvas, so it is shown at most this often (the first at once): a 12000 x 9000 result took 20 s
# instead of 25 with it shown every time.
PROGRESS_INTERVAL_MS = 100


class PictureRuns(QObject):
    """Runs the model's pictures; the signals say what the window shows."""

    idle = Signal()  # every queued picture is done, failed or waiting after a cancel
    entry_updated = Signal(object)  # a QueueEntry to show again: its preview, result or failure arrived
    failed = Signal(object, str)  # the QueueEntry, and the message naming the file and the problem
    progress = Signal(object, float)  # the running QueueEntry and how far it is (0 to 1)
    stopped = Signal()  # a job's thread has ended

    def __init__(self, model: WindowModel, progress: WorkProgress, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self._work_progress = progress
        self.runner = JobRunner(self)
        self.runner.stopped.connect(self._on_stopped)
        # The running picture's preview until its result: the picture read and its result's size, or a large one's cache.
        self._preview: tuple[QueueEntry, tuple[QImage, QSize] | ResultCache] | None = None
        self._focus = ViewFocus()  # the running job's
        self._pending_progress: tuple[int, int] | None = None  # the latest (done, total) not shown yet
        self._progress_timer = QTimer(self)
        self._progress_timer.setSingleShot(True)
        self._progress_timer.setInterval(PROGRESS_INTERVAL_MS)
        self._progress_timer.timeout.connect(self._show_progress)
        model.events.requeued.connect(self._on_requeued)

    def is_busy(self) -> bool:
        """Whether a picture is being worked on."""
        return self.runner.is_busy()

    def preview_of(self, entry: QueueEntry | None) -> tuple[QImage, QSize] | ResultCache | None:
        """While ``entry`` runs: the picture read and its result's size, or the cache a large result fills."""
        if self._preview is None or entry is None or self._preview[0] is not entry:
            return None
        return self._preview[1]

    def focus_view(self, top: float, left: float, bottom: float, right: float) -> None:
        """The part of the picture on screen (fractions): a large picture running there computes it first."""
        if self.model.pictures.running is not None and self.model.pictures.running is self.model.current:
            self._focus.set(top, left, bottom, right)

    def run_next(self) -> None:
        """Start the picture the model says is next, if any; say :attr:`idle` when nothing runs or waits to."""
        job = self.model.next_job()
        if job is None:
            if not self.runner.is_busy():
                self.idle.emit()
            return
        worker = Worker("picture", job.task)
        worker.yielded.connect(self._on_preview)
        worker.finished.connect(self._on_upscaled)
        worker.failed.connect(self._on_failed)
        worker.progress.connect(self._on_progress)
        self._preview = None
        self._focus = job.focus
        self._drop_pending_progress()
        self._work_progress.start()
        # The worker's signals are queued, so the entry is marked running before any of them is handled.
        self.runner.start(worker)
        self.model.pictures.start(job.entry)

    def cancel(self) -> None:
        """Stop the running picture; the rest of the queue waits until a picture is chosen."""
        if self.model.pictures.cancel():
            self.runner.cancel()

    def stop_and_wait(self) -> None:
        """Nothing new starts, and the running job has stopped (the window closes)."""
        self.model.pictures.cancel()
        self.runner.stop_and_wait()

    @Slot(bool)
    def _on_requeued(self, stop_running: bool) -> None:
        if stop_running:
            self.runner.cancel()  # _on_stopped starts the next one
        else:
            self.run_next()

    @Slot(object)
    def _on_preview(self, report: PicturePreview | RegionsStarted) -> None:
        entry = self.model.pictures.running
        if entry is None:
            return
        if isinstance(report, RegionsStarted):
            self._preview = (entry, report.cache)
        else:
            self._preview = (entry, (to_qimage(report.pixels), QSize(report.size[1], report.size[0])))
        self.entry_updated.emit(entry)

    @Slot(int, int)
    def _on_progress(self, done: int, total: int) -> None:
        self._pending_progress = (done, total)
        if not self._progress_timer.isActive():
            self._show_progress()

    @Slot()
    def _show_progress(self) -> None:
        """The latest progress, if not shown yet; what comes in the next interval waits for its end."""
        if self._pending_progress is None:
            return
        (done, total), self._pending_progress = self._pending_progress, None
        self._progress_timer.start()
        # The status bar, the queue entry and the canvas in one slot: no event can see one updated and not the others.
        self._work_progress.update_progress(done, total)
        entry = self.model.pictures.running
        if entry is not None:
            self.model.pictures.note_progress(self._work_progress.text())
            self.progress.emit(entry, done / max(1, total))

    def _drop_pending_progress(self) -> None:
        """Progress of a job that has ended is not shown on the next one's entry."""
        self._progress_timer.stop()
        self._pending_progress = None

    @Slot(object)
    def _on_upscaled(self, outcome: UpscaleOutcome | LargeOutcome) -> None:
        self._drop_pending_progress()
        entry = self.model.pictures.finish(outcome, f"{outcome.seconds:.1f} s")
        if entry is not None:
            self.entry_updated.emit(entry)

    @Slot(str)
    def _on_failed(self, message: str) -> None:
        self._drop_pending_progress()
        entry = self.model.pictures.fail(message)
        if entry is not None:
            self.failed.emit(entry, message)

    @Slot(object)
    def _on_stopped(self, _worker: Worker) -> None:
        self.model.pictures.stopped()
        self.stopped.emit()
        self.run_next()
