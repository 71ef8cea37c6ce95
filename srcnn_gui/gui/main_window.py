"""The main window: open a picture, upscale it with SRCNN, compare with bicubic, measure, save."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PySide6.QtCore import Qt, QThread, Slot
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSlider,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from srcnn_gui.core.device import available_devices
from srcnn_gui.core.errors import SrcnnError
from srcnn_gui.core.imaging import IMAGE_SUFFIXES, load_image, save_image
from srcnn_gui.core.paths import sample_image_path
from srcnn_gui.core.weights import ModelInfo, list_models
from srcnn_gui.gui.compare_view import SIDE_BY_SIDE, SPLIT, CompareView
from srcnn_gui.gui.qt_images import to_qimage
from srcnn_gui.gui.train_dialog import TrainDialog
from srcnn_gui.gui.workers import UpscaleJob, UpscaleOutcome, start_job

UPSCALE, MEASURE = "upscale", "measure"
_FILTER = "Images (" + " ".join(f"*{s}" for s in sorted(IMAGE_SUFFIXES)) + ")"


class MainWindow(QMainWindow):
    """Thin view: widgets in, a worker thread for the maths, signals back."""

    def __init__(self) -> None:
        super().__init__()
        self.setWindowTitle("SRCNN Studio")
        self.setAcceptDrops(True)
        self.resize(1180, 760)
        self.image: np.ndarray | None = None
        self.image_path: Path | None = None
        self.outcome: UpscaleOutcome | None = None
        self._job: UpscaleJob | None = None
        self._thread: QThread | None = None
        self._pending = False
        self.train_dialog: TrainDialog | None = None

        self.view = CompareView()
        self._build_toolbar()
        self._build_bottom_bar()
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.view, 1)
        layout.addLayout(self.bottom_bar)
        self.setCentralWidget(central)
        self._build_status_bar()
        self.refresh_models()

    # --- construction ------------------------------------------------------------------------
    def _build_toolbar(self) -> None:
        bar = QToolBar("Main")
        bar.setMovable(False)
        self.addToolBar(bar)
        self.open_action = QAction("Open…", self, shortcut=QKeySequence.StandardKey.Open, triggered=self.choose_file)
        self.save_action = QAction("Save result…", self, shortcut=QKeySequence.StandardKey.Save, triggered=self.choose_save_path)
        self.train_action = QAction("Train on folder…", self, triggered=self.open_train_dialog)
        self.save_action.setEnabled(False)
        bar.addAction(self.open_action)
        bar.addAction(self.save_action)
        bar.addSeparator()

        self.scale_combo = QComboBox()
        for scale in (2, 3, 4):
            self.scale_combo.addItem(f"x{scale}", scale)
        self.scale_combo.setCurrentIndex(1)
        self.model_combo = QComboBox()
        self.model_combo.setMinimumContentsLength(28)
        self.device_combo = QComboBox()
        for device in available_devices():
            self.device_combo.addItem(device.upper(), device)
        self.mode_combo = QComboBox()
        self.mode_combo.addItem("Upscale the picture", UPSCALE)
        self.mode_combo.addItem("Measure: shrink, upscale, compare with original", MEASURE)
        for label, combo in (("Scale", self.scale_combo), ("Model", self.model_combo), ("Device", self.device_combo),
                             ("Mode", self.mode_combo)):
            bar.addWidget(QLabel(f" {label} "))
            bar.addWidget(combo)
        self.scale_combo.currentIndexChanged.connect(lambda _index: self.refresh_models())
        self.model_combo.currentIndexChanged.connect(self.request_upscale)
        self.device_combo.currentIndexChanged.connect(self.request_upscale)
        self.mode_combo.currentIndexChanged.connect(self.request_upscale)
        bar.addSeparator()
        bar.addAction(self.train_action)

    def _build_bottom_bar(self) -> None:
        self.split_slider = QSlider(Qt.Orientation.Horizontal)
        self.split_slider.setRange(0, 1000)
        self.split_slider.setValue(500)
        self.split_slider.valueChanged.connect(lambda v: self.view.set_split(v / 1000))
        self.view.split_changed.connect(self._on_divider_dragged)
        self.side_button = QPushButton("Side by side")
        self.side_button.setCheckable(True)
        self.side_button.toggled.connect(self._on_side_toggled)
        fit = QPushButton("Fit")
        fit.clicked.connect(self.view.fit)
        actual = QPushButton("100%")
        actual.clicked.connect(lambda: self.view.set_zoom(1.0))
        self.left_caption = QLabel("Bicubic")
        self.right_caption = QLabel("SRCNN")
        row = QHBoxLayout()
        row.addWidget(self.left_caption)
        row.addWidget(self.split_slider, 1)
        row.addWidget(self.right_caption)
        row.addSpacing(12)
        for widget in (self.side_button, fit, actual):
            row.addWidget(widget)
        self.bottom_bar = row

    def _build_status_bar(self) -> None:
        self.readout = QLabel("No picture yet.")
        self.readout.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(220)
        self.progress.setVisible(False)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setVisible(False)
        self.cancel_button.clicked.connect(self.cancel_upscale)
        status = self.statusBar()
        status.addWidget(self.readout, 1)
        status.addPermanentWidget(self.progress)
        status.addPermanentWidget(self.cancel_button)

    # --- models ------------------------------------------------------------------------------
    def current_model(self) -> ModelInfo | None:
        return self.model_combo.currentData()

    @Slot()
    def refresh_models(self, select_path: str | None = None) -> None:
        """Fill the model list for the chosen scale (after a scale change or a training run)."""
        scale = self.scale_combo.currentData()
        models = [m for m in list_models() if m.scale == scale]
        models.sort(key=lambda m: (m.set5_psnr is None, -(m.set5_psnr or 0.0), m.name))
        self.model_combo.blockSignals(True)
        self.model_combo.clear()
        for info in models:
            self.model_combo.addItem(info.describe(), info)
        selected = next((i for i, m in enumerate(models) if select_path and Path(select_path) == m.path), 0)
        self.model_combo.setCurrentIndex(selected)
        self.model_combo.blockSignals(False)
        if not models:
            self.readout.setText(f"No model for x{scale}: train one with “Train on folder…”.")
        self.request_upscale()

    # --- loading and saving ------------------------------------------------------------------
    def choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Open picture", "", _FILTER)
        if path:
            self.open_image(Path(path))

    def open_image(self, path: Path) -> bool:
        """Load a picture and upscale it; a bad file gives a message and keeps the current picture."""
        try:
            image = load_image(path)
        except SrcnnError as exc:
            self.show_error("Cannot open picture", str(exc))
            return False
        self.image, self.image_path, self.outcome = image, path, None
        self.setWindowTitle(f"SRCNN Studio — {path.name}")
        self.save_action.setEnabled(False)
        self.request_upscale()
        return True

    def default_save_path(self) -> Path | None:
        if self.image_path is None:
            return None
        scale = self.scale_combo.currentData()
        return self.image_path.with_name(f"{self.image_path.stem}_srcnn_x{scale}.png")

    def choose_save_path(self) -> None:
        suggestion = self.default_save_path()
        path, _ = QFileDialog.getSaveFileName(self, "Save upscaled picture", str(suggestion or ""), _FILTER)
        if path:
            self.save_result(Path(path), overwrite=True)  # the file dialog already asked about replacing

    def save_result(self, path: Path, *, overwrite: bool = False) -> bool:
        """Write the SRCNN result; the opened original is never replaced."""
        if self.outcome is None:
            return False
        if self.image_path is not None and path.resolve() == self.image_path.resolve():
            self.show_error("Not saved", f"{path}: this is the original picture; choose another name.")
            return False
        try:
            save_image(path, self.outcome.result.srcnn, overwrite=overwrite)
        except SrcnnError as exc:
            self.show_error("Cannot save", str(exc))
            return False
        self.statusBar().showMessage(f"Saved {path}", 5000)
        return True

    # --- upscaling ---------------------------------------------------------------------------
    def is_busy(self) -> bool:
        return self._thread is not None

    @Slot()
    def request_upscale(self) -> None:
        """(Re)compute for the current picture and settings; a running job is cancelled first."""
        if self.image is None or self.current_model() is None:
            return
        if self.is_busy():
            self._pending = True
            self._job.cancel()
            return
        self._start_upscale()

    def _start_upscale(self) -> None:
        measure = self.mode_combo.currentData() == MEASURE
        self._job = UpscaleJob(self.image, self.current_model(), self.device_combo.currentData(), measure=measure)
        self._job.progress.connect(self._on_progress)
        self._job.finished.connect(self._on_upscaled)
        self._job.failed.connect(self._on_failed)
        self._thread = start_job(self._job)
        self._thread.finished.connect(self._on_thread_finished)
        self.progress.setRange(0, 0)
        self.progress.setVisible(True)
        self.cancel_button.setVisible(True)
        self.readout.setText(f"Upscaling with {self.current_model().name}…")

    @Slot()
    def cancel_upscale(self) -> None:
        if self._job is not None:
            self._pending = False
            self._job.cancel()
            self.readout.setText("Cancelled.")

    @Slot(int, int)
    def _on_progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)

    @Slot(object)
    def _on_upscaled(self, outcome: UpscaleOutcome) -> None:
        self.outcome = outcome
        left = to_qimage(outcome.result.bicubic)
        right = to_qimage(outcome.result.srcnn)
        self.view.set_images(left, right, ("Bicubic", "SRCNN"))
        self.save_action.setEnabled(True)
        self.readout.setText(self.readout_text(outcome))

    def readout_text(self, outcome: UpscaleOutcome) -> str:
        h, w = outcome.result.srcnn.shape[:2]
        timing = f"{w}×{h} in {outcome.seconds:.2f} s on {outcome.device.upper()}"
        score = outcome.score
        if score is None:
            return f"{timing}. Switch Mode to “Measure” to score against the original."
        gain = score.srcnn_psnr - score.bicubic_psnr
        return (f"Y-PSNR bicubic {score.bicubic_psnr:.2f} dB · SRCNN {score.srcnn_psnr:.2f} dB (+{gain:.2f}) · "
                f"SSIM {score.bicubic_ssim:.4f} → {score.srcnn_ssim:.4f} · {timing}")

    @Slot(str)
    def _on_failed(self, message: str) -> None:
        self.readout.setText("Upscaling failed.")
        self.show_error("Upscaling failed", message)

    @Slot()
    def _on_thread_finished(self) -> None:
        self._thread, self._job = None, None
        self.progress.setVisible(False)
        self.cancel_button.setVisible(False)
        if self._pending:
            self._pending = False
            self.request_upscale()

    # --- viewer controls ---------------------------------------------------------------------
    @Slot(float)
    def _on_divider_dragged(self, fraction: float) -> None:
        self.split_slider.blockSignals(True)
        self.split_slider.setValue(round(fraction * 1000))
        self.split_slider.blockSignals(False)

    @Slot(bool)
    def _on_side_toggled(self, side: bool) -> None:
        self.view.set_mode(SIDE_BY_SIDE if side else SPLIT)
        self.split_slider.setEnabled(not side)

    # --- training ----------------------------------------------------------------------------
    def open_train_dialog(self) -> TrainDialog:
        if self.train_dialog is None:
            self.train_dialog = TrainDialog(self.current_model(), self)
            self.train_dialog.model_trained.connect(self.refresh_models)
        self.train_dialog.show()
        self.train_dialog.raise_()
        return self.train_dialog

    # --- messages, drag and drop, closing ----------------------------------------------------
    def show_error(self, title: str, message: str) -> QMessageBox:
        """A non-blocking warning naming the file and the problem."""
        box = QMessageBox(QMessageBox.Icon.Warning, title, message, QMessageBox.StandardButton.Ok, self)
        box.open()
        return box

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 (Qt's name)
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        paths = [Path(url.toLocalFile()) for url in event.mimeData().urls() if url.isLocalFile()]
        if paths:
            self.open_image(paths[0])
            event.acceptProposedAction()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        self._pending = False
        if self._job is not None:
            self._job.cancel()
        if self._thread is not None:
            self._thread.wait()
        if self.train_dialog is not None:
            self.train_dialog.wait_until_stopped()
        super().closeEvent(event)

    def open_sample(self) -> None:
        """Start with the bundled sample so the window shows what it does."""
        self.open_image(sample_image_path())
