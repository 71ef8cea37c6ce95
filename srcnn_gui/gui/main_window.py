"""The main window: a view of :class:`~srcnn_gui.core.window.window_model.WindowModel` (the settings, the
queue of pictures, where results go) that puts its parts together and shows the picture on screen.

The parts are named for what they hold: the toolbar's choices (:mod:`~srcnn_gui.gui.settings_bar`), the
canvas (:mod:`~srcnn_gui.gui.result_canvas`), the queue's jobs (:mod:`~srcnn_gui.gui.picture_runs`), the
File menu's work (:mod:`~srcnn_gui.gui.file_actions`), the menus (:mod:`~srcnn_gui.gui.window_actions`) and
what is remembered between starts (:mod:`~srcnn_gui.gui.window_settings`).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt, Signal, Slot
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QDockWidget, QMainWindow, QMessageBox

from srcnn_gui.core.jobs.large_picture import LargeOutcome
from srcnn_gui.core.jobs.picture import UpscaleOutcome
from srcnn_gui.core.paths import sample_image_path
from srcnn_gui.core.window.picture_queue import FAILED, RUNNING, QueueEntry
from srcnn_gui.core.window.window_model import EVALUATE, WindowModel
from srcnn_gui.gui.compare_view import SPLIT
from srcnn_gui.gui.elided_label import ElidedLabel
from srcnn_gui.gui.file_actions import FileActions
from srcnn_gui.gui.file_work import FileWork
from srcnn_gui.gui.picture_runs import PictureRuns
from srcnn_gui.gui.queue_panel import QueuePanel
from srcnn_gui.gui.result_canvas import ResultCanvas
from srcnn_gui.gui.settings_bar import SettingsBar
from srcnn_gui.gui.train_dialog import TrainDialog
from srcnn_gui.gui.window_actions import WindowActions
from srcnn_gui.gui.window_settings import restore_choices, restore_geometry, store_choices
from srcnn_gui.gui.work_progress import WorkProgress

_TITLE = "SRCNN Studio"


class MainWindow(QMainWindow):
    """The window's widgets over one :attr:`model`; the user's choices go to the model, its answers come back."""

    queue_idle = Signal()  # every queued picture is done, failed or waiting after a cancel

    def __init__(self, settings: QSettings | None = None) -> None:
        super().__init__()
        self.setWindowTitle(_TITLE)
        self.setAcceptDrops(True)
        self.settings = settings or QSettings("srcnn-gui", _TITLE)
        self.model = WindowModel()
        self.train_dialog: TrainDialog | None = None
        self.readout = ElidedLabel("Drop pictures or folders here, paste one (Ctrl+V), or use File › Open.")
        self.work_progress = WorkProgress()
        self.work_progress.cancel_clicked.connect(self.cancel)
        self.file_work = FileWork(self.work_progress, self)
        self.files = FileActions(self, self.file_work)
        self.window_actions = WindowActions(self, self.files)
        self.canvas = ResultCanvas()
        self.queue = QueuePanel()
        self.runs = PictureRuns(self.model, self.work_progress, self)
        self.bar = SettingsBar(self.model, [self.window_actions.open_action, self.window_actions.save_action],
                               [[self.window_actions.train_action]], self)
        self.window_actions.build_menus(self.canvas.menu_actions())
        self._lay_out()
        self._connect()
        self._restore()

    def _lay_out(self) -> None:
        self.addToolBar(self.bar)
        self.setCentralWidget(self.canvas)
        dock = QDockWidget("Pictures", self)
        dock.setObjectName("queue-dock")
        dock.setWidget(self.queue)
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, dock)
        status = self.statusBar()
        status.addWidget(self.readout, 1)
        status.addPermanentWidget(self.work_progress)

    def _connect(self) -> None:
        events = self.model.events
        events.message.connect(self.readout.setText)
        events.entry_changed.connect(self._on_entry_changed)
        events.requeued.connect(lambda _stop: self.show_current())
        self.queue.currentRowChanged.connect(self._on_current_changed)
        self.canvas.evaluate_clicked.connect(lambda: self.model.set_mode(EVALUATE))
        self.canvas.original_toggled.connect(self.show_current)
        self.runs.idle.connect(self.queue_idle)
        self.runs.entry_updated.connect(self._on_entry_updated)
        self.runs.failed.connect(self._on_failed)
        self.runs.progress.connect(self._on_progress)
        self.runs.stopped.connect(self._show_work_running)
        self.canvas.view.view_changed.connect(self.runs.focus_view)
        self.file_work.message.connect(self.readout.setText)
        self.file_work.stopped.connect(self._show_work_running)

    def _restore(self) -> None:
        restore_geometry(self, self.settings)
        restore_choices(self.model, self.settings)
        self.canvas.set_view_mode(str(self.settings.value("view", SPLIT)))

    # --- pictures in -------------------------------------------------------------------------
    def add_paths(self, paths: list[Path]) -> int:
        """Queue files and folders (searched recursively); the first new picture is shown. Returns how many."""
        entries, problems = self.model.add_paths(paths)
        for problem in problems:
            self.show_error("Nothing to open", problem)
        self.show_new(entries)
        for entry in entries:
            if entry.status != FAILED:  # a named pipe or a missing file is no picture to open again
                self.window_actions.recent_menu.remember(entry.path.resolve())
        return len(entries)

    def open_sample(self) -> None:
        """Start with the bundled sample so the window shows what it does."""
        self.add_paths([sample_image_path()])

    def show_new(self, entries: list[QueueEntry]) -> None:
        """List pictures the model just queued, show the first of them (what the user brought in) and run."""
        if not entries:
            return
        for entry in entries:
            self.queue.add_entry(entry)
        self.queue.setCurrentRow(self.model.pictures.index(entries[0]))
        self.runs.run_next()

    # --- work --------------------------------------------------------------------------------
    def is_busy(self) -> bool:
        """Whether a picture of the queue is being worked on."""
        return self.runs.is_busy()

    @Slot()
    def cancel(self) -> None:
        """Stop the running picture and any batch; the rest of the queue waits until a picture is chosen."""
        self.file_work.cancel()
        self.runs.cancel()
        self.readout.setText("Cancelled.")

    @Slot()
    def _show_work_running(self) -> None:
        self.work_progress.setVisible(self.runs.is_busy() or self.file_work.is_busy())

    # --- the picture on screen ---------------------------------------------------------------
    def _on_entry_changed(self, entry: QueueEntry) -> None:
        self.queue.refresh(self.model.pictures.index(entry), entry)
        if entry.outcome is None and entry is self.model.current:
            self.show_current()  # running, waiting again or failed: the canvas and readout say so

    @Slot(object)
    def _on_entry_updated(self, entry: QueueEntry) -> None:
        if entry is self.model.current:
            self.show_current()

    @Slot(object, str)
    def _on_failed(self, entry: QueueEntry, message: str) -> None:
        # Said once, on the canvas where the user looks (the queue entry keeps it): no dialog, no status line copy.
        if entry is self.model.current:
            self.show_current()

    @Slot(object, float)
    def _on_progress(self, entry: QueueEntry, fraction: float) -> None:
        if entry is self.model.current:
            self.canvas.view.set_overlay(self._progress_words(entry), fraction)

    @Slot(int)
    def _on_current_changed(self, row: int) -> None:
        entries = self.model.entries
        if self.model.choose(entries[row] if 0 <= row < len(entries) else None):  # a waiting picture runs
            self.runs.run_next()
        self.show_current()

    def show_current(self) -> None:
        """Show the picture on screen: its result, else its preview and progress, else what it waits for."""
        entry = self.model.current
        outcome = entry.outcome if entry is not None else None
        self.window_actions.save_action.setEnabled(outcome is not None)
        if entry is not None:
            self.setWindowTitle(f"{_TITLE} — {entry.name}")
        if outcome is None:
            self.bar.show_running(None)
            self._show_pending(entry)
            return
        self.canvas.show_outcome(outcome)
        self.readout.setText(readout_text(outcome))
        self.bar.show_running(outcome.model, outcome.summary, outcome.reason)

    def _show_pending(self, entry: QueueEntry | None) -> None:
        self.canvas.show_pending(self.runs.preview_of(entry))
        if entry is None:
            return
        if entry.status == RUNNING:
            bar = self.work_progress.bar
            self.canvas.view.set_overlay(self._progress_words(entry),
                                         bar.value() / bar.maximum() if bar.maximum() > 0 else None)
            self.readout.setText(f"{self._verb()} {entry.name}…")
        elif entry.status == FAILED:
            self.canvas.view.set_overlay(f"Failed: {entry.message}")
            self.readout.setText(f"{entry.name}: failed.")
        else:
            self.readout.setText(f"{entry.name}: {entry.status}{f' ({entry.message})' if entry.message else ''}.")

    def _verb(self) -> str:
        return "Evaluating" if self.model.mode == EVALUATE else "Upscaling"

    def _progress_words(self, entry: QueueEntry) -> str:
        progress = self.work_progress.text()  # empty until the first tile
        return f"{self._verb()} {entry.name}: {progress}" if progress else f"{self._verb()} {entry.name}…"

    # --- training ----------------------------------------------------------------------------
    def open_train_dialog(self) -> TrainDialog:
        """Show the *Train on folder* dialog (one for the window's life, so a run goes on while it is hidden)."""
        if self.train_dialog is None:
            self.train_dialog = TrainDialog(self.model.model, self)
            self.train_dialog.model_trained.connect(lambda _path: self.model.refresh_models())  # listed, not selected
            self.train_dialog.use_model.connect(self.use_model_file)
            self.train_dialog.models_changed.connect(self.model.refresh_models)
        self.train_dialog.show()
        self.train_dialog.raise_()
        return self.train_dialog

    @Slot(str)
    def use_model_file(self, path: str) -> None:
        """Select a model file (of the user's, just trained): its scale, then the model."""
        if self.model.use_model_file(path) is None:
            self.show_error("Use model", f"{path}: no longer in your model folder.")

    # --- messages, drag and drop, closing ----------------------------------------------------
    def show_error(self, title: str, message: str) -> QMessageBox:
        """A non-blocking warning naming the file and the problem."""
        box = QMessageBox(QMessageBox.Icon.Warning, title, message, QMessageBox.StandardButton.Ok, self)
        box.open()
        return box

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 (Qt's name)
        if event.mimeData().hasUrls() or event.mimeData().hasImage():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        paths = [Path(url.toLocalFile()) for url in event.mimeData().urls() if url.isLocalFile()]
        if paths:
            self.add_paths(paths)
            event.acceptProposedAction()

    @Slot()
    def _stop_training_and_close(self) -> None:
        self.train_dialog.wait_until_stopped()
        self.close()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        dialog = self.train_dialog
        if dialog is not None and dialog.is_running():
            # Ask without a nested event loop: the window stays open until the user answers.
            event.ignore()
            box = QMessageBox(QMessageBox.Icon.Question, "Training is running", "Stop the training and quit?",
                              QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)
            box.button(QMessageBox.StandardButton.Yes).clicked.connect(self._stop_training_and_close)
            box.open()
            return
        self.settings.setValue("geometry", self.saveGeometry())
        self.settings.setValue("view", self.canvas.view.mode())
        store_choices(self.model, self.settings)
        self.runs.stop_and_wait()  # nothing new starts while the running jobs stop
        self.model.close()  # large results' caches removed
        self.file_work.stop_and_wait()
        self.queue.thumbnails.wait()
        super().closeEvent(event)


def readout_text(outcome: UpscaleOutcome | LargeOutcome) -> str:
    """The result's size, time and device, for the status bar (the model that ran is said in one place: the
    toolbar, beside the Model box)."""
    h, w = outcome.size
    return f"{w}×{h} in {outcome.seconds:.2f} s on {outcome.device}."
