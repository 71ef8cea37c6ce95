"""Long work off the GUI thread: one worker type for every job, and one runner that owns its thread.

A job is a plain function of a :class:`~srcnn_gui.core.jobs.control.JobControl` from
:mod:`srcnn_gui.core.jobs` (a generator when it reports as it goes, as training does). The
:class:`Worker` runs it in a QThread and only emits signals; it never touches a widget. The
:class:`JobRunner` keeps the worker and its thread alive until the thread has finished (a QThread
collected while running aborts the process) and says when it has.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Generator

from PySide6.QtCore import QObject, QThread, Signal, Slot

from srcnn_gui.core.errors import CancelledError, SrcnnError
from srcnn_gui.core.jobs.control import JobControl


class Worker(QObject):
    """Runs ``task(control)`` in a worker thread: its progress, what it yields, and how it ended, as signals.

    ``kind`` names the job for the view that started it ("picture", "batch", "train"...).
    """

    progress = Signal(int, int)
    paused = Signal(bool)  # True once the job actually waits, False when it goes on
    yielded = Signal(object)  # each report of a generator job, and what a job hands to control.report
    finished = Signal(object)  # the job's result
    failed = Signal(str)
    cancelled = Signal()
    done = Signal()  # after finished, failed or cancelled: the thread may stop

    def __init__(self, kind: str, task: Callable[[JobControl], object]) -> None:
        super().__init__()
        self.kind = kind
        self._task = task
        self.control = JobControl(progress=self.progress.emit, on_pause=self.paused.emit, report=self.yielded.emit)

    def cancel(self) -> None:
        """Ask the job to stop at its next check (thread-safe)."""
        self.control.cancel()

    def is_cancelled(self) -> bool:
        return self.control.is_cancelled()

    @Slot()
    def run(self) -> None:
        try:
            result = self._task(self.control)
            if inspect.isgenerator(result):
                result = yield_all(result, self.yielded.emit)
            self.finished.emit(result)
        except CancelledError:
            self.cancelled.emit()
        except SrcnnError as exc:
            self.failed.emit(str(exc))
        except Exception as exc:  # a bug must reach the user as a message, not vanish in the thread
            self.failed.emit(f"unexpected error: {type(exc).__name__}: {exc}")
        finally:
            self.done.emit()


def yield_all(generator: Generator[object, None, object], report: Callable[[object], None]) -> object:
    """Hand every item of ``generator`` to ``report``; the generator's return value."""
    while True:
        try:
            report(next(generator))
        except StopIteration as stop:
            return stop.value


class JobRunner(QObject):
    """One job at a time in its own thread; :attr:`stopped` says (with the worker) when the thread has ended."""

    stopped = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.worker: Worker | None = None
        self._thread: QThread | None = None

    def is_busy(self) -> bool:
        return self._thread is not None

    def start(self, worker: Worker) -> Worker:
        """Run ``worker`` in a new thread; connect to its signals before calling this."""
        if self._thread is not None:
            raise RuntimeError("a job is already running")
        thread = QThread()
        worker.moveToThread(thread)
        thread.started.connect(worker.run)
        worker.done.connect(thread.quit)
        thread.finished.connect(self._on_thread_finished)
        self.worker, self._thread = worker, thread
        thread.start()
        return worker

    def cancel(self) -> None:
        if self.worker is not None:
            self.worker.cancel()

    def stop_and_wait(self) -> None:
        """Cancel and wait for the thread (when the application closes); afterwards nothing runs."""
        self.cancel()
        if self._thread is not None:
            # The worker's `done` reaches thread.quit through this (blocked) GUI thread's event loop,
            # so quit here: the thread's loop ends as soon as the job returns.
            self._thread.quit()
            self._thread.wait()
            self._on_thread_finished()

    @Slot()
    def _on_thread_finished(self) -> None:
        if self._thread is None:
            return  # already handled by stop_and_wait
        worker, self.worker, self._thread = self.worker, None, None
        self.stopped.emit(worker)
