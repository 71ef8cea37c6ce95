"""The main window: a queue of pictures, bicubic and SRCNN compared, measured, saved.

The window is a thin view: the queue's rules live in :class:`~srcnn_gui.core.window.picture_queue.PictureQueue`,
the work in :mod:`srcnn_gui.core.jobs`; the window keeps the current settings, runs jobs through
:class:`~srcnn_gui.gui.workers.JobRunner` and shows what their signals bring back.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings, QSize, Qt, Signal, Slot
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QGuiApplication,
    QImage,
    QKeySequence,
)
from PySide6.QtWidgets import (
    QDockWidget,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QSlider,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from srcnn_gui.core.errors import SrcnnError
from srcnn_gui.core.evaluation.difference_map import colour_scale, full_scale_grey_levels
from srcnn_gui.core.images.denoise_levels import AUTO as AUTO_DENOISE
from srcnn_gui.core.images.output_names import DEFAULT_PATTERN, EVALUATE_PATTERN, output_name
from srcnn_gui.core.images.output_size import OutputSize
from srcnn_gui.core.images.reading import IMAGE_SUFFIXES, find_images
from srcnn_gui.core.images.writing import save_image
from srcnn_gui.core.inference.device_choices import AUTO
from srcnn_gui.core.inference.model_choice import ModelChooser
from srcnn_gui.core.jobs.batch_plan import BatchItem, plan_targets
from srcnn_gui.core.jobs.picture import PicturePreview, UpscaleOutcome, upscale_picture
from srcnn_gui.core.window.picture_queue import FAILED, RUNNING, PictureQueue, QueueEntry
from srcnn_gui.core.models.files import ModelInfo
from srcnn_gui.core.models.importing import import_model
from srcnn_gui.core.models.registry import list_models
from srcnn_gui.core.models.scales import SCALES
from srcnn_gui.core.paths import sample_image_path
from srcnn_gui.core.progress import counted
from srcnn_gui.gui.compare_view import DIFFERENCE, SIDE_BY_SIDE, SPLIT, CompareView
from srcnn_gui.gui.elided_label import ElidedLabel
from srcnn_gui.gui.file_work import FileWork
from srcnn_gui.gui.help_dialogs import HelpMenu
from srcnn_gui.gui.import_dialogs import choose_published_model
from srcnn_gui.gui.output_settings import OutputSettings, OutputSettingsDialog
from srcnn_gui.gui.qt_images import from_qimage, to_qimage
from srcnn_gui.gui.queue_panel import QueuePanel
from srcnn_gui.gui.recent_files import RecentFilesMenu
from srcnn_gui.gui.score_panel import ScorePanel
from srcnn_gui.gui.settings_bar import EVALUATE, UPSCALE, SettingsBar
from srcnn_gui.gui.train_dialog import TrainDialog
from srcnn_gui.gui.work_progress import WorkProgress
from srcnn_gui.gui.workers import JobRunner, Worker

_FILTER = "Images (" + " ".join(f"*{s}" for s in sorted(IMAGE_SUFFIXES)) + ")"
_VIEW_LABELS = {SPLIT: "Compare slider", SIDE_BY_SIDE: "Side by side", DIFFERENCE: "Difference"}

class MainWindow(QMainWindow):
    """Widgets in, worker threads for the maths, signals back."""

    queue_idle = Signal()  # every queued picture is done, failed or waiting after a cancel

    def __init__(self, settings: QSettings | None = None) -> None:
        super().__init__()
        self.setWindowTitle("SRCNN Studio")
        self.setAcceptDrops(True)
        self.settings = settings or QSettings("srcnn-gui", "SRCNN Studio")
        self.output = OutputSettings.load(self.settings)
        self.pictures = PictureQueue(self._on_entry_changed)
        self.picture_runner = JobRunner(self)
        self.picture_runner.stopped.connect(self._on_picture_stopped)
        self._pasted = 0
        self._preview: tuple[QueueEntry, QImage, QSize] | None = None  # the running picture, until its result
        self.train_dialog: TrainDialog | None = None
        self._mode = UPSCALE  # the mode the results on show were made in

        self.view = CompareView()
        self.queue = QueuePanel()
        self.queue.currentRowChanged.connect(self._on_current_changed)
        self._build_actions()
        self._build_menus()
        self._build_toolbar()
        self._build_central()
        self._build_status_bar()
        self._restore_settings()  # the Scale field's text fills the model list

    # --- construction ------------------------------------------------------------------------
    def _action(self, text: str, slot, shortcut: QKeySequence | str | None = None) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        return action

    def _build_actions(self) -> None:
        self.open_action = self._action("Open…", self.choose_files, QKeySequence.StandardKey.Open)
        self.open_folder_action = self._action("Open folder…", self.choose_folder)
        self.paste_action = self._action("Paste image", self.paste, QKeySequence.StandardKey.Paste)
        self.save_action = self._action("Save result…", self.choose_save_path, QKeySequence.StandardKey.Save)
        self.save_all_action = self._action("Save all…", self.choose_save_all_folder, "Ctrl+Shift+S")
        self.batch_action = self._action("Batch a folder…", self.choose_batch_folders)
        self.to_file_action = self._action("Upscale to file…", self.choose_file_target)
        self.quit_action = self._action("Quit", self.close, QKeySequence.StandardKey.Quit)
        self.train_action = self._action("Train on folder…", self.open_train_dialog)
        self.import_action = self._action("Import…", self.choose_model_to_import)
        self.output_action = self._action("Output settings…", self.choose_output_settings)
        self.zoom_in_action = self._action("Zoom in", lambda: self.view.set_zoom(self.view.zoom() * 1.25), QKeySequence.StandardKey.ZoomIn)
        self.zoom_out_action = self._action("Zoom out", lambda: self.view.set_zoom(self.view.zoom() * 0.8), QKeySequence.StandardKey.ZoomOut)
        self.fit_action = self._action("Fit to window", self.view.fit, "Ctrl+0")
        self.zoom_actions = [self._action(f"{p}%", lambda _=False, z=p / 100: self.view.set_zoom(z)) for p in (100, 200, 400)]
        self.view_group = QActionGroup(self)
        self.view_actions: dict[str, QAction] = {}
        for key, mode in enumerate((SPLIT, SIDE_BY_SIDE, DIFFERENCE), start=1):
            action = self._action(_VIEW_LABELS[mode], lambda _=False, m=mode: self.set_view_mode(m), str(key))
            action.setCheckable(True)
            self.view_group.addAction(action)
            self.view_actions[mode] = action
        self.view_actions[SPLIT].setChecked(True)
        self.original_action = self._action("Show original on the left (Evaluate)", self._show_current)
        self.original_action.setCheckable(True)
        self.save_action.setEnabled(False)

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        file_menu.addActions([self.open_action, self.open_folder_action, self.paste_action])
        self.recent_menu = RecentFilesMenu(self.settings, self)
        self.recent_menu.chosen.connect(self._open_recent)
        file_menu.addMenu(self.recent_menu)
        file_menu.addSeparator()
        file_menu.addActions([self.save_action, self.save_all_action, self.to_file_action, self.batch_action,
                              self.output_action])
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        view_menu = self.menuBar().addMenu("&View")
        view_menu.addActions(list(self.view_actions.values()))
        view_menu.addSeparator()
        view_menu.addActions([self.zoom_in_action, self.zoom_out_action, self.fit_action, *self.zoom_actions])
        view_menu.addSeparator()
        view_menu.addAction(self.original_action)
        self.menuBar().addMenu("&Model").addActions([self.train_action, self.import_action])
        self.help_menu = HelpMenu(self, self.current_model)
        self.menuBar().addMenu(self.help_menu)

    def _build_toolbar(self) -> None:
        bar = self.bar = SettingsBar([self.open_action, self.save_action], [[self.train_action]], self)
        self.addToolBar(bar)
        # The window's names for the bar's controls, as the command line and the tests use them.
        self.scale_combo, self.model_combo, self.device_combo = bar.scale_combo, bar.model_combo, bar.device_combo
        self.mode_combo, self.denoise_combo, self.jpeg_spin = bar.mode_combo, bar.denoise_combo, bar.jpeg_spin
        self.denoise_reason = bar.denoise_reason
        bar.results_stale.connect(self.restart_all)
        bar.mode_changed.connect(self._on_mode_changed)

    def _build_central(self) -> None:
        self.split_slider = QSlider(Qt.Orientation.Horizontal)
        self.split_slider.setRange(0, 1000)
        self.split_slider.setValue(500)
        self.split_slider.valueChanged.connect(lambda v: self.view.set_split(v / 1000))
        self.view.split_changed.connect(self._on_divider_moved)
        self.left_caption = QLabel("Bicubic")
        self.right_caption = QLabel("SRCNN")
        row = QHBoxLayout()
        for action in self.view_actions.values():  # the views beside the divider's slider, where comparing happens
            button = QToolButton()
            button.setDefaultAction(action)
            row.addWidget(button)
        row.addSpacing(12)
        row.addWidget(self.left_caption)
        row.addWidget(self.split_slider, 1)
        row.addWidget(self.right_caption)
        self.score_panel = ScorePanel()
        self.score_panel.evaluate_clicked.connect(lambda: self.mode_combo.setCurrentIndex(self.mode_combo.findData(EVALUATE)))
        self.view.zoom_changed.connect(self.score_panel.show_zoom)
        self.view.set_colour_scale(to_qimage(colour_scale()), f"≥ {full_scale_grey_levels():g}")
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.view, 1)
        layout.addLayout(row)
        layout.addWidget(self.score_panel)
        self.setCentralWidget(central)
        dock = QDockWidget("Pictures", self)
        dock.setObjectName("queue-dock")
        dock.setWidget(self.queue)
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, dock)

    def _build_status_bar(self) -> None:
        self.readout = ElidedLabel("Drop pictures or folders here, paste one (Ctrl+V), or use File › Open.")
        self.bar.message.connect(self.readout.setText)
        self.work_progress = WorkProgress()
        self.work_progress.cancel_clicked.connect(self.cancel)
        self.file_work = FileWork(self.work_progress, self)
        self.file_work.message.connect(self.readout.setText)
        self.file_work.stopped.connect(self._show_work_running)
        self.batch_runner = self.file_work.runner  # the tests' name for it
        status = self.statusBar()
        status.addWidget(self.readout, 1)
        status.addPermanentWidget(self.work_progress)

    # --- settings ----------------------------------------------------------------------------
    def _restore_settings(self) -> None:
        geometry = self.settings.value("geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            self.resize(1280, 800)
        # The mode is not remembered: every start is in Upscale mode, which the toolbar shows.
        for combo, key, default in ((self.device_combo, "device", AUTO), (self.denoise_combo, "denoise", AUTO_DENOISE)):
            combo.setCurrentIndex(max(combo.findData(self.settings.value(key, default)), 0))
        self.bar.remembered_model = self.settings.value("model")
        self.set_scale_text(str(self.settings.value("scale", "x3")))
        self.set_view_mode(str(self.settings.value("view", SPLIT)))

    def _save_settings(self) -> None:
        self.settings.setValue("geometry", self.saveGeometry())
        self.settings.setValue("scale", self.scale_combo.currentText())
        self.settings.setValue("device", self.device_combo.currentData())
        self.settings.setValue("denoise", self.denoise_combo.currentData())
        self.settings.setValue("view", self.view.mode())
        if self.current_model() is not None:
            self.settings.setValue("model", str(self.current_model().path))

    @Slot(object)
    def _open_recent(self, path: Path) -> None:
        self.add_paths([path])

    # --- models ------------------------------------------------------------------------------
    def current_model(self) -> ModelInfo | None:
        return self.bar.current_model()

    @property
    def entries(self) -> list[QueueEntry]:
        return self.pictures.entries

    def current_entry(self) -> QueueEntry | None:
        row = self.queue.currentRow()
        return self.entries[row] if 0 <= row < len(self.entries) else None

    def set_scale_text(self, text: str) -> None:
        """Put a factor or an output size in the Scale field and use it."""
        self.bar.set_scale_text(text)

    def output_request(self) -> OutputSize | None:
        """What the Scale field asks for (None while its text is neither a factor nor a size)."""
        return self.bar.output_request()

    def refresh_models(self, select_path: str | None = None) -> None:
        """Fill the model list again (after a training run or an import), keeping the model chosen unless
        ``select_path`` names another; only a change of model or scale recomputes the results."""
        self.bar.refresh_models(select_path)

    # --- bringing pictures in ----------------------------------------------------------------
    def choose_files(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, "Open pictures", "", _FILTER)
        self.add_paths([Path(p) for p in paths])

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Open a folder of pictures")
        if folder:
            self.add_paths([Path(folder)])

    def add_paths(self, paths: list[Path]) -> int:
        """Queue files and folders (searched recursively); the first new picture is shown. Returns how many."""
        files: list[Path] = []
        for path in paths:
            found = find_images(path) if path.is_dir() else [path]
            if path.is_dir() and not found:
                self.show_error("Nothing to open", f"{path}: no pictures in this folder")
            files.extend(found)
        self._append([QueueEntry(path.name, path=path) for path in files])
        for path in files:
            self.recent_menu.remember(path.resolve())
        return len(files)

    def paste(self) -> bool:
        """Queue the picture on the clipboard, if there is one."""
        image = QGuiApplication.clipboard().image()
        if image.isNull():
            self.show_error("Nothing to paste", "The clipboard holds no picture.")
            return False
        self._pasted += 1
        self._append([QueueEntry(f"pasted-{self._pasted}", pixels=from_qimage(image))])
        return True

    def open_sample(self) -> None:
        """Start with the bundled sample so the window shows what it does."""
        self.add_paths([sample_image_path()])

    def _append(self, entries: list[QueueEntry]) -> None:
        """Add pictures to the queue and show the first of them (what the user just brought in)."""
        if not entries:
            return
        first_new = len(self.entries)
        self.pictures.add(entries)
        for entry in entries:
            self.queue.add_entry(entry)
        self.queue.setCurrentRow(first_new)
        self._run_next()

    # --- processing --------------------------------------------------------------------------
    def is_busy(self) -> bool:
        return self.picture_runner.is_busy()

    def _on_entry_changed(self, entry: QueueEntry) -> None:
        self.queue.refresh(self.pictures.index(entry), entry)
        if entry.outcome is None and entry is self.current_entry():
            self._show_current()  # running, waiting again or failed: the canvas and readout say so

    @Slot()
    def restart_all(self) -> None:
        """Settings changed: every result is stale; recompute, the current picture first."""
        self.save_action.setEnabled(False)
        if self.pictures.restart_all():
            self.picture_runner.cancel()  # _on_picture_stopped starts the next one
        else:
            self._run_next()
        self._show_current()

    def _start_work(self, runner: JobRunner, worker: Worker, on_progress=None) -> None:
        """Every job of the window: its progress in the status bar, with Cancel (and to ``on_progress`` after)."""
        self.work_progress.start()
        worker.progress.connect(self.work_progress.update_progress)
        if on_progress is not None:
            worker.progress.connect(on_progress)
        runner.start(worker)

    def _run_next(self) -> None:
        entry = self.pictures.next_to_run(self.current_entry()) if self.model_combo.count() else None
        if entry is None:
            if not self.picture_runner.is_busy():
                self.queue_idle.emit()
            return
        request = self.bar.request
        # An output size gives each picture its own factor, passed to the chooser per picture.
        chooser = ModelChooser(request.factor if request.factor is not None else min(SCALES), self.denoise_combo.currentData(),
                               clean=self.current_model(), device=self.device_combo.currentData())
        task = partial(upscale_picture, entry.source, chooser, evaluate=self.mode_combo.currentData() == EVALUATE,
                       jpeg=self.bar.evaluate_jpeg_quality(), size=request)
        worker = Worker("picture", task)
        worker.yielded.connect(self._on_preview)
        worker.finished.connect(self._on_upscaled)
        worker.failed.connect(self._on_failed)
        self._preview = None
        # The worker's signals are queued, so the entry is marked running before any of them is handled.
        self._start_work(self.picture_runner, worker, self._on_picture_progress)
        self.pictures.start(entry)

    @Slot()
    def _on_mode_changed(self) -> None:
        """Results are kept by mode; only the picture on screen runs in the new one, the rest when chosen."""
        old, self._mode = self._mode, self.bar.mode()
        self.save_action.setEnabled(False)
        if self.pictures.switch_mode(old, self._mode, self.current_entry(), f"choose it to {self._mode}"):
            self.picture_runner.cancel()  # _on_picture_stopped starts the picture on screen
        else:
            self._run_next()
        self._show_current()

    @Slot()
    def cancel(self) -> None:
        """Stop the running picture and any batch; the rest of the queue waits until a picture is chosen."""
        self.file_work.cancel()
        if self.pictures.cancel():
            self.picture_runner.cancel()
        self.readout.setText("Cancelled.")

    @Slot(object)
    def _on_preview(self, preview: PicturePreview) -> None:
        entry = self.pictures.running
        if entry is not None:
            self._preview = (entry, to_qimage(preview.pixels), QSize(preview.size[1], preview.size[0]))
            if entry is self.current_entry():
                self._show_current()

    @Slot(int, int)
    def _on_picture_progress(self, done: int, total: int) -> None:
        entry = self.pictures.running
        if entry is not None and entry is self.current_entry():
            self.view.set_overlay(self._progress_words(entry), done / max(1, total))

    def _progress_words(self, entry: QueueEntry) -> str:
        verb = "Evaluating" if self._mode == EVALUATE else "Upscaling"
        progress = self.work_progress.text()  # empty until the first tile
        return f"{verb} {entry.name}: {progress}" if progress else f"{verb} {entry.name}…"

    @Slot(object)
    def _on_upscaled(self, outcome: UpscaleOutcome) -> None:
        entry = self.pictures.finish(outcome, f"{outcome.seconds:.1f} s")
        if entry is not None and entry is self.current_entry():
            self._show_current()

    @Slot(str)
    def _on_failed(self, message: str) -> None:
        entry = self.pictures.fail(message)
        if entry is not None and entry is self.current_entry():
            self.readout.setText(f"Failed: {message}")
            self.show_error("Cannot upscale", message)

    def _show_work_running(self) -> None:
        self.work_progress.setVisible(self.picture_runner.is_busy() or self.file_work.is_busy())

    @Slot(object)
    def _on_picture_stopped(self, _worker: Worker) -> None:
        self.pictures.stopped()
        self._show_work_running()
        self._run_next()

    # --- showing -----------------------------------------------------------------------------
    @Slot(int)
    def _on_current_changed(self, row: int) -> None:
        self._show_current()
        if self.pictures.choose(self.current_entry()):  # a waiting (or cancelled) picture runs
            self._run_next()

    def _show_current(self) -> None:
        entry = self.current_entry()
        outcome = entry.outcome if entry else None
        self.save_action.setEnabled(outcome is not None)
        if entry is not None:
            self.setWindowTitle(f"SRCNN Studio — {entry.name}")
        if outcome is None:
            self._show_pending(entry)
            return
        original = self.original_action.isChecked() and outcome.truth is not None
        left_label = "Original" if original else "Bicubic"
        self.view.set_images(to_qimage(outcome.truth if original else outcome.result.bicubic),
                             to_qimage(outcome.result.srcnn), (left_label, "SRCNN"))
        if outcome.truth is not None:
            self.view.set_differences([(to_qimage(outcome.bicubic_difference), "|bicubic − original|"),
                                       (to_qimage(outcome.difference), "|SRCNN − original|")])
        else:
            self.view.set_differences([(to_qimage(outcome.difference), "|SRCNN − bicubic|")])
        self.left_caption.setText(left_label)
        self.score_panel.show_score(outcome.score)
        self.readout.setText(self.readout_text(outcome))
        # The toolbar shows the choice in short; the whole reason (e.g. a missing level's fallback) in its tooltip.
        self.denoise_reason.setText(f"{outcome.summary} " if outcome.summary else "")
        self.denoise_reason.setToolTip(f"{outcome.reason}: model {outcome.model.name}" if outcome.model else "")

    def _show_pending(self, entry: QueueEntry | None) -> None:
        """A picture without a result: its preview and progress while it runs, else what it waits for."""
        preview = self._preview if self._preview is not None and self._preview[0] is entry else None
        if preview is not None:
            self.view.set_images(preview[1], preview[1], ("Preview", "SRCNN: working…"), preview[2])
        else:
            self.view.set_images(None, None)
        self.score_panel.clear()
        if entry is None:
            return
        if entry.status == RUNNING:
            bar = self.work_progress.bar
            self.view.set_overlay(self._progress_words(entry), bar.value() / bar.maximum() if bar.maximum() > 0 else None)
            self.readout.setText(f"{'Evaluating' if self._mode == EVALUATE else 'Upscaling'} {entry.name}…")
        elif entry.status == FAILED:
            self.view.set_overlay(f"Failed: {entry.message}")
            self.readout.setText(f"Failed: {entry.message}")
        else:
            self.readout.setText(f"{entry.name}: {entry.status}{f' ({entry.message})' if entry.message else ''}.")

    def readout_text(self, outcome: UpscaleOutcome) -> str:
        """The result's size, time, device and model, for the status bar."""
        h, w = outcome.result.srcnn.shape[:2]
        timing = f"{w}×{h} in {outcome.seconds:.2f} s on {outcome.device}"
        if outcome.model is not None:
            timing += f", model {outcome.model.name}"
        return f"{timing}."

    def set_view_mode(self, mode: str) -> None:
        mode = mode if mode in self.view_actions else SPLIT
        self.view.set_mode(mode)
        self.view_actions[mode].setChecked(True)
        self.split_slider.setEnabled(mode == SPLIT)

    @Slot(float)
    def _on_divider_moved(self, fraction: float) -> None:
        self.split_slider.blockSignals(True)
        self.split_slider.setValue(round(fraction * 1000))
        self.split_slider.blockSignals(False)

    # --- saving ------------------------------------------------------------------------------
    def default_save_path(self, entry: QueueEntry, folder: Path | None = None) -> Path:
        """``<stem>_srcnn_x<scale>.png`` in ``folder`` or the output folder (default: beside the input; pasted
        pictures: the home folder), with the output format's extension.

        In Evaluate mode the result is the picture shrunk and restored: ``<stem>_evaluate_x<scale>.png``.
        """
        base = folder or self.output.folder_for(entry.path)
        pattern = self.output.pattern(EVALUATE_PATTERN if self._mode == EVALUATE else DEFAULT_PATTERN)
        return base / output_name(entry.path or entry.name, self.bar.size_label(), pattern)

    def choose_save_path(self) -> None:
        entry = self.current_entry()
        if entry is None or entry.outcome is None:
            return
        title = ("Save the evaluated picture (shrunk, then restored by SRCNN)" if self._mode == EVALUATE
                 else "Save upscaled picture")
        path, _ = QFileDialog.getSaveFileName(self, title, str(self.default_save_path(entry)), _FILTER)
        if path:
            self.save_result(entry, Path(path), overwrite=True)  # the file dialog asked before replacing

    def save_result(self, entry: QueueEntry, path: Path, *, overwrite: bool = False) -> bool:
        """Write one result; the input is never replaced; failures are shown, not raised."""
        if entry.outcome is None:
            return False
        if entry.path is not None and path.resolve() == entry.path.resolve():
            self.show_error("Not saved", f"{path}: this is the original picture; choose another name.")
            return False
        try:
            save_image(path, entry.outcome.result.srcnn, overwrite=overwrite, metadata=entry.outcome.metadata,
                       quality=self.output.quality)
        except SrcnnError as exc:
            self.show_error("Cannot save", str(exc))
            return False
        self.statusBar().showMessage(f"Saved {path}", 5000)
        return True

    def choose_save_all_folder(self) -> None:
        done = [e for e in self.entries if e.outcome is not None]
        start = self.output.folder or next((str(e.path.parent) for e in done if e.path), "")
        folder = QFileDialog.getExistingDirectory(self, "Save all results into", start)
        if not folder:
            return
        existing = [e for e in done if self.default_save_path(e, Path(folder)).exists()]
        replace = bool(existing) and QMessageBox.question(
            self, "Replace files?", f"In {folder}, {counted(len(existing), 'result')} would replace a file of the same name. Replace?"
        ) == QMessageBox.StandardButton.Yes
        self.save_all(Path(folder), replace=replace)

    def save_all(self, folder: Path, *, replace: bool = False) -> list[Path]:
        """Write every finished result into ``folder``; existing files are kept unless ``replace``.

        Results that would share a file name (x.jpg and x.png) are all refused, named in a dialog, so
        that none replaces another.
        """
        done = [e for e in self.entries if e.outcome is not None]
        by_target: dict[Path, list[QueueEntry]] = {}
        for entry in done:
            by_target.setdefault(self.default_save_path(entry, folder), []).append(entry)
        written, refused = [], []
        for target, entries in by_target.items():
            if len(entries) > 1:
                refused.append(f"{target.name}: the result of {' and of '.join(e.name for e in entries)}; none saved")
            elif (replace or not target.exists()) and self.save_result(entries[0], target, overwrite=replace):
                written.append(target)
        if refused:
            self.show_error("Some results not saved", "These results would share a file name; save them one at a "
                            "time under names of your choice:\n" + "\n".join(refused))
        self.statusBar().showMessage(f"Saved {counted(len(written), 'picture')} to {folder}", 5000)
        return written

    # --- batch -------------------------------------------------------------------------------
    def choose_batch_folders(self) -> None:
        source = QFileDialog.getExistingDirectory(self, "Folder of pictures to upscale (searched recursively)")
        if not source:
            return
        target = QFileDialog.getExistingDirectory(self, "Folder for the results", self.output.folder or source)
        if target:
            self.start_batch(Path(source), Path(target))

    def start_batch(self, source: Path, target: Path) -> bool:
        """Upscale every picture below ``source`` into ``target`` in the background."""
        files = find_images(source, skip=[target])  # results inside the source folder are not inputs next time
        if not files:
            self.show_error("Batch", f"{source}: no pictures to upscale")
            return False
        pattern = self.output.pattern(DEFAULT_PATTERN)
        # Each result keeps its picture's place below the source folder, so a/x.png and b/x.png both survive;
        # x.jpg and x.png beside each other would still share a name: both are refused before anything runs.
        targets, refused = plan_targets([BatchItem(f, source) for f in files], target,
                                        lambda f: output_name(f, self.bar.size_label(), pattern),
                                        remedy="rename one of them, or upscale it by itself")
        pairs = [(item.source, path) for item, path in targets.items()]
        return self._start_batch_job(pairs, f"Batch: {counted(len(files), 'picture')} from {source} into {target}…",
                                     refused=refused)

    def choose_file_target(self) -> None:
        entry = self.current_entry()
        if entry is None or entry.path is None:
            self.show_error("Upscale to file", "Choose a picture opened from a file first.")
            return
        path, _ = QFileDialog.getSaveFileName(self, "Upscale to file", str(self.default_save_path(entry)), _FILTER)
        if path:
            self.upscale_to_file(entry.path, Path(path), overwrite=True)  # the file dialog asked before replacing

    def upscale_to_file(self, source: Path, target: Path, *, overwrite: bool = False) -> bool:
        """Upscale one file straight to ``target`` in the background, in bands: for pictures of any size."""
        return self._start_batch_job([(source, target)], f"Upscaling {source.name} to {target}…", overwrite=overwrite)

    def _start_batch_job(self, pairs: list[tuple[Path, Path]], description: str, *, overwrite: bool = False,
                         refused: list[str] | None = None) -> bool:
        return self.file_work.start(pairs if self.model_combo.count() else [], self.current_model(),
                                    self.device_combo.currentData(), description, size=self.bar.request,
                                    quality=self.output.quality, overwrite=overwrite, refused=refused or [])

    # --- training, about ---------------------------------------------------------------------
    def open_train_dialog(self) -> TrainDialog:
        if self.train_dialog is None:
            self.train_dialog = TrainDialog(self.current_model(), self)
            self.train_dialog.model_trained.connect(lambda _path: self.refresh_models())  # listed, not selected
            self.train_dialog.use_model.connect(self.use_model_file)
            self.train_dialog.models_changed.connect(self.refresh_models)
        self.train_dialog.show()
        self.train_dialog.raise_()
        return self.train_dialog

    @Slot(str)
    def use_model_file(self, path: str) -> None:
        """Select a model file (of the user's, just trained): its scale, then the model."""
        info = next((m for m in list_models() if str(m.path) == path), None)
        if info is None:
            self.show_error("Use model", f"{path}: no longer in your model folder.")
            return
        if self.bar.request is None or self.bar.request.factor != info.scale:
            self.set_scale_text(f"x{info.scale}")
        self.refresh_models(select_path=path)

    def choose_model_to_import(self) -> None:
        choice = choose_published_model(self, self.scale_combo.currentData())
        if choice is not None:
            self.import_published_model(*choice)

    def import_published_model(self, path: Path, scale: int) -> ModelInfo | None:
        """Import a published model into the user's model folder and select it; a bad file gets a dialog."""
        try:
            info = import_model(path, scale)
        except SrcnnError as exc:
            self.show_error("Import model", str(exc))
            return None
        self.scale_combo.setCurrentIndex(self.scale_combo.findData(info.scale))
        self.refresh_models(select_path=str(info.path))
        self.statusBar().showMessage(f"Imported {info.describe()}", 5000)
        return info

    def choose_output_settings(self) -> OutputSettingsDialog:
        dialog = OutputSettingsDialog(self.output, self)
        dialog.accepted.connect(lambda: self.set_output(dialog.value()))
        dialog.open()
        return dialog

    def set_output(self, output: OutputSettings) -> None:
        """Where results go and how they are written, from now on and at the next start."""
        self.output = output
        output.store(self.settings)
        self.statusBar().showMessage(f"Results: {output.describe()}", 5000)

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
        self._save_settings()
        self.pictures.cancel()  # nothing new starts while the running jobs stop
        self.picture_runner.stop_and_wait()
        self.file_work.stop_and_wait()
        self.queue.thumbnails.wait()
        super().closeEvent(event)
