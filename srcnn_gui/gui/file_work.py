"""The window's work from file to file, in the background: a folder batch, or one picture straight to a file.

One job at a time, a task of the one batch engine (:func:`~srcnn_gui.core.jobs.batch.run_batch`) that the
window model makes. It says which file it is on and, at the end, how many were written and what went wrong
with the others: a bad file never stops a batch.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtWidgets import QMessageBox, QWidget

from srcnn_gui.core.jobs.batch import BatchFile, BatchNote, BatchSummary, flattened_note
from srcnn_gui.core.jobs.control import JobControl
from srcnn_gui.core.progress import already_done, counted
from srcnn_gui.gui.work_progress import WorkProgress
from srcnn_gui.gui.workers import JobRunner, Worker


class FileWork(QObject):
    """Runs the jobs; :attr:`message` is for the status line, dialogs open over ``parent``."""

    message = Signal(str)
    stopped = Signal()  # the job's thread has ended

    def __init__(self, progress: WorkProgress, parent: QWidget) -> None:
        super().__init__(parent)
        self._parent = parent
        self._progress = progress
        self.runner = JobRunner(self)
        self.runner.stopped.connect(lambda _worker: self.stopped.emit())
        self._title = "Batch"  # the running job's name in dialogs
        self._notes: list[str] = []  # the running job's notes about the whole batch, shown at the end

    def is_busy(self) -> bool:
        """Whether a file job is running."""
        return self.runner.is_busy()

    def start(self, task: Callable[[JobControl], BatchSummary], description: str, title: str = "Batch") -> bool:
        """Run ``task`` (``title`` names it in dialogs); refused (with a dialog) while another job runs."""
        if self.runner.is_busy():
            self._show(title, "Another batch or save is running; try again when it has finished.")
            return False
        self._title = title
        self._notes = []
        worker = Worker("batch", task)
        worker.yielded.connect(self._on_file)
        worker.finished.connect(self._on_finished)
        worker.failed.connect(self._on_failed)
        self._progress.start()
        worker.progress.connect(self._progress.update_progress)
        self.runner.start(worker)
        self.message.emit(description)
        return True

    def cancel(self) -> None:
        """Ask the running job to stop before its next file or tile."""
        self.runner.cancel()

    def stop_and_wait(self) -> None:
        """Cancel and wait for the job's thread (the window closes)."""
        self.runner.stop_and_wait()

    @Slot(object)
    def _on_file(self, report: object) -> None:
        if isinstance(report, BatchFile):  # the engine also reports the start and each file's end
            self.message.emit(f"Batch: picture {report.index + 1} of {report.count}: {report.source} → {report.target}")
        elif isinstance(report, BatchNote):
            self._notes.append(report.text)

    @Slot(object)
    def _on_finished(self, summary: BatchSummary) -> None:
        text = f"Wrote {len(summary.written)} of {counted(summary.total, 'picture')}{already_done(summary.done_before, 'this batch')}."
        if summary.flattened:
            text += f"\n\n{flattened_note(summary.flattened)}."
        for note in self._notes:
            text += f"\n\n{note[0].upper()}{note[1:]}."
        if summary.failures:
            text += f"\n\n{counted(len(summary.failures), 'problem')}:\n" + "\n".join(summary.failures)
        self.message.emit(text.splitlines()[0])
        self._show(f"{self._title} finished", text, QMessageBox.Icon.Warning if summary.failures else QMessageBox.Icon.Information)

    @Slot(str)
    def _on_failed(self, message: str) -> None:
        self._show(f"{self._title} failed", message)

    def _show(self, title: str, text: str, icon: QMessageBox.Icon = QMessageBox.Icon.Warning) -> QMessageBox:
        box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, self._parent)
        box.open()
        return box
