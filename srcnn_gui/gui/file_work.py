"""The window's work from file to file, in the background: a folder batch, or one picture straight to a file.

One job at a time (:func:`~srcnn_gui.core.jobs.batch.upscale_files`). It says which file it is on and,
at the end, how many were written and what went wrong with the others: a bad file never stops a batch.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtWidgets import QMessageBox, QWidget

from srcnn_gui.core.images.output_size import OutputSize
from srcnn_gui.core.jobs.batch import BatchFile, BatchSummary, upscale_files
from srcnn_gui.core.models.model_info import ModelInfo
from srcnn_gui.core.progress import counted
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
        self._refused: list[str] = []
        self.runner.stopped.connect(lambda _worker: self.stopped.emit())

    def is_busy(self) -> bool:
        return self.runner.is_busy()

    def start(self, pairs: list[tuple[Path, Path]], model: ModelInfo | None, device: str, description: str, *,
              size: OutputSize | None, quality: int, overwrite: bool = False, refused: list[str] | None = None) -> bool:
        """Upscale each ``(source, target)`` pair; refused (with a dialog) while another job runs or without pairs.

        ``refused`` names pictures left out before the start (their messages join the summary at the end).
        """
        if self.runner.is_busy() or not pairs:
            why = "A batch is already running." if self.runner.is_busy() else \
                "\n".join(refused) if refused else "No model for this scale."
            self._show("Batch", why)
            return False
        self._refused = list(refused or [])
        worker = Worker("batch", partial(upscale_files, pairs, model, device, overwrite=overwrite, size=size,
                                         quality=quality))
        worker.yielded.connect(self._on_file)
        worker.finished.connect(self._on_finished)
        worker.failed.connect(self._on_failed)
        self._progress.start()
        worker.progress.connect(self._progress.update_progress)
        self.runner.start(worker)
        self.message.emit(description)
        return True

    def cancel(self) -> None:
        self.runner.cancel()

    def stop_and_wait(self) -> None:
        self.runner.stop_and_wait()

    @Slot(object)
    def _on_file(self, report: BatchFile) -> None:
        self.message.emit(f"Batch: picture {report.index + 1} of {report.count}: {report.source} → {report.target}")

    @Slot(object)
    def _on_finished(self, summary: BatchSummary) -> None:
        failures = self._refused + summary.failures
        text = f"Wrote {len(summary.written)} of {counted(summary.total + len(self._refused), 'picture')}."
        if failures:
            text += f"\n\n{counted(len(failures), 'problem')}:\n" + "\n".join(failures)
        self.message.emit(text.splitlines()[0])
        self._show("Batch finished", text, QMessageBox.Icon.Warning if failures else QMessageBox.Icon.Information)

    @Slot(str)
    def _on_failed(self, message: str) -> None:
        self._show("Batch failed", message)

    def _show(self, title: str, text: str, icon: QMessageBox.Icon = QMessageBox.Icon.Warning) -> QMessageBox:
        box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, self._parent)
        box.open()
        return box
