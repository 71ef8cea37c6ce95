"""The "Train on folder" dialog: fine-tune (or train) a model on the user's own pictures."""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import QThread, Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from srcnn_gui.core.paths import user_weights_dir
from srcnn_gui.core.training import EpochReport, StepReport, TrainConfig
from srcnn_gui.core.weights import ModelInfo
from srcnn_gui.gui.workers import TrainJob, start_job

STEPS_PER_EPOCH = 100
FINE_TUNE_LR = 1e-4
SCRATCH_LR = 5e-4


def _format_eta(seconds: float) -> str:
    minutes, secs = divmod(int(seconds), 60)
    return f"{minutes} min {secs:02d} s" if minutes else f"{secs} s"


class TrainDialog(QDialog):
    """Collects the settings, runs a :class:`TrainJob`, shows progress, loss and validation PSNR."""

    model_trained = Signal(str)

    def __init__(self, base_model: ModelInfo | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Train on folder")
        self.base_model = base_model
        self._job: TrainJob | None = None
        self._thread: QThread | None = None
        self._started = 0.0

        self.folder_edit = QLineEdit()
        self.folder_edit.setPlaceholderText("folder of your pictures (searched recursively)")
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._browse_folder)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder_edit)
        folder_row.addWidget(browse)

        self.val_edit = QLineEdit()
        self.val_edit.setPlaceholderText("optional: folder of pictures to measure PSNR on")
        self.start_combo = QComboBox()
        if base_model is not None:
            self.start_combo.addItem(f"Fine-tune {base_model.name} (x{base_model.scale})", "finetune")
        for arch, note in (("9-1-5", "fast"), ("9-5-5", "best quality, slower")):
            self.start_combo.addItem(f"New SRCNN {arch} ({note})", arch)
        self.scale_combo = QComboBox()
        for scale in (2, 3, 4):
            self.scale_combo.addItem(f"x{scale}", scale)
        self.epochs_spin = QSpinBox()
        self.epochs_spin.setRange(1, 10_000)
        self.epochs_spin.setValue(20)
        self.epochs_spin.setSuffix(f" × {STEPS_PER_EPOCH} steps")
        self.name_edit = QLineEdit()
        self.start_combo.currentIndexChanged.connect(self._sync_defaults)
        self.scale_combo.currentIndexChanged.connect(self._sync_defaults)

        form = QFormLayout()
        form.addRow("Pictures", folder_row)
        form.addRow("Validation", self.val_edit)
        form.addRow("Start from", self.start_combo)
        form.addRow("Scale", self.scale_combo)
        form.addRow("Length", self.epochs_spin)
        form.addRow("Save as", self.name_edit)

        self.progress = QProgressBar()
        self.status = QLabel("Choose a folder and press Start.")
        self.status.setWordWrap(True)
        self.plot, self.curve = self._make_plot()

        self.buttons = QDialogButtonBox()
        self.start_button = self.buttons.addButton("Start", QDialogButtonBox.ButtonRole.ActionRole)
        self.cancel_button = self.buttons.addButton("Cancel training", QDialogButtonBox.ButtonRole.RejectRole)
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.cancel_button.setEnabled(False)
        self.start_button.clicked.connect(self.start)
        self.cancel_button.clicked.connect(self.cancel)
        self.close_button.clicked.connect(self.close)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.plot)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self._points: list[tuple[int, float]] = []
        self._sync_defaults()

    @staticmethod
    def _make_plot():
        import pyqtgraph as pg

        plot = pg.PlotWidget(background="w")
        plot.setMinimumHeight(160)
        plot.setLabel("left", "validation PSNR (dB)")
        plot.setLabel("bottom", "step")
        plot.showGrid(x=True, y=True, alpha=0.3)
        return plot, plot.plot([], [], pen=pg.mkPen("#1f77b4", width=2), symbol="o", symbolSize=5)

    # --- settings ----------------------------------------------------------------------------
    def _fine_tuning(self) -> bool:
        return self.start_combo.currentData() == "finetune"

    def _sync_defaults(self) -> None:
        fine = self._fine_tuning()
        if fine and self.base_model is not None:
            self.scale_combo.setCurrentIndex(self.scale_combo.findData(self.base_model.scale))
        self.scale_combo.setEnabled(not fine)
        arch = self.base_model.arch if fine and self.base_model else self.start_combo.currentData()
        self.name_edit.setText(f"my-{arch}-x{self.scale_combo.currentData()}")

    def _browse_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Folder of pictures")
        if folder:
            self.folder_edit.setText(folder)

    def config(self) -> TrainConfig:
        """The training run the form describes."""
        fine = self._fine_tuning()
        name = self.name_edit.text().strip() or "my-model"
        return TrainConfig(
            folders=[self.folder_edit.text().strip()],
            scale=int(self.scale_combo.currentData()),
            out=str(user_weights_dir() / f"{name}.pt"),
            arch=self.base_model.arch if fine and self.base_model else str(self.start_combo.currentData()),
            init=str(self.base_model.path) if fine and self.base_model else None,
            val=self.val_edit.text().strip() or None,
            epochs=self.epochs_spin.value(),
            steps_per_epoch=STEPS_PER_EPOCH,
            lr=FINE_TUNE_LR if fine else SCRATCH_LR,
            warmup_steps=0 if fine else 200,
            command="Train on folder (GUI)",
        )

    # --- running -----------------------------------------------------------------------------
    def is_running(self) -> bool:
        return self._thread is not None

    @Slot()
    def start(self) -> None:
        folder = Path(self.folder_edit.text().strip())
        if not folder.is_dir():
            self._warn(f"{folder}: not a folder. Choose the folder that holds your pictures.")
            return
        config = self.config()
        self._points.clear()
        self.curve.setData([], [])
        self.progress.setRange(0, config.total_steps)
        self.progress.setValue(0)
        self.status.setText("Reading pictures…")
        self._job = TrainJob(config)
        self._job.step.connect(self._on_step)
        self._job.epoch.connect(self._on_epoch)
        self._job.finished.connect(self._on_finished)
        self._job.failed.connect(self._on_failed)
        self._job.cancelled.connect(self._on_cancelled)
        self._started = time.monotonic()
        self._thread = start_job(self._job)
        self._thread.finished.connect(self._on_thread_finished)
        self._set_running(True)

    @Slot()
    def cancel(self) -> None:
        if self._job is not None:
            self._job.cancel()
            self.status.setText("Stopping after the current step…")

    def _set_running(self, running: bool) -> None:
        self.start_button.setEnabled(not running)
        self.cancel_button.setEnabled(running)
        for widget in (self.folder_edit, self.val_edit, self.start_combo, self.epochs_spin, self.name_edit):
            widget.setEnabled(not running)
        self.scale_combo.setEnabled(not running and not self._fine_tuning())

    @Slot(object)
    def _on_step(self, report: StepReport) -> None:
        self.progress.setValue(report.step)
        remaining = (report.total_steps - report.step) * report.elapsed_s / max(1, report.step)
        self.status.setText(f"step {report.step} of {report.total_steps} · loss {report.loss:.5f} · "
                            f"{report.patches_per_s:.0f} patches/s · about {_format_eta(remaining)} left")

    @Slot(object)
    def _on_epoch(self, report: EpochReport) -> None:
        if report.val_psnr is not None:
            self._points.append((report.step, report.val_psnr))
            self.curve.setData([p[0] for p in self._points], [p[1] for p in self._points])

    @Slot(str)
    def _on_finished(self, path: str) -> None:
        best = f" Best validation PSNR {max(p[1] for p in self._points):.2f} dB." if self._points else ""
        self.status.setText(f"Done: saved {path}.{best} It is now in the model list.")
        self.model_trained.emit(path)

    @Slot(str)
    def _on_failed(self, message: str) -> None:
        self.status.setText("Training failed.")
        self._warn(message)

    @Slot()
    def _on_cancelled(self) -> None:
        out = Path(self._job.config.out) if self._job else None
        kept = f" The model so far is saved as {out}." if out and out.is_file() else ""
        self.status.setText(f"Training cancelled.{kept}")
        if out and out.is_file():
            self.model_trained.emit(str(out))

    @Slot()
    def _on_thread_finished(self) -> None:
        self._thread, self._job = None, None
        self._set_running(False)

    def _warn(self, message: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, "Train on folder", message, QMessageBox.StandardButton.Ok, self)
        box.open()

    def wait_until_stopped(self) -> None:
        """Cancel and wait for the worker thread (used when the dialog or the app closes)."""
        if self._job is not None:
            self._job.cancel()
        if self._thread is not None:
            self._thread.wait()

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        self.wait_until_stopped()
        super().closeEvent(event)
