"""The form of *Train on folder*: the folders of pictures, validation, what to start from, scale, length and
name, and the training run they describe (:meth:`TrainingForm.config`). Defaults from
:mod:`srcnn_gui.core.training.presets`.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from srcnn_gui.core.models.architecture import network_words
from srcnn_gui.core.models.labels import model_label
from srcnn_gui.core.models.model_info import MODEL_SUFFIX, ModelInfo
from srcnn_gui.core.models.scales import SCALES
from srcnn_gui.core.paths import user_checkpoints_dir, user_weights_dir
from srcnn_gui.core.training.presets import DIALOG_HOLDOUT, FINE_TUNE, FROM_SCRATCH, OFFERED_ARCHS
from srcnn_gui.core.training.train_config import TrainConfig
from srcnn_gui.core.training.trainer import TrainingPreview

FINE_TUNE_CHOICE = "finetune"
HOLDOUT, BY_FOLDER, NO_VALIDATION = "holdout", "folder", "none"


class TrainingForm(QWidget):
    """The settings of a run; ``base_model`` (the window's model) is offered for fine-tuning."""

    def __init__(self, base_model: ModelInfo | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.base_model = base_model
        self._busy = False
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow("Pictures", self._build_folders())
        form.addRow("Validation", self._build_validation())
        self.start_combo = QComboBox()
        if base_model is not None:
            self.start_combo.addItem(f"Fine-tune {model_label(base_model)}", FINE_TUNE_CHOICE)
        for arch, note in OFFERED_ARCHS.items():
            self.start_combo.addItem(f"New {network_words(arch)} ({note})", arch)
        self.scale_combo = QComboBox()
        for scale in SCALES:
            self.scale_combo.addItem(f"x{scale}", scale)
        self.epochs_spin = QSpinBox()
        self.epochs_spin.setRange(1, 10_000)
        self.epochs_spin.setValue(FINE_TUNE.epochs)
        self.epochs_spin.setSuffix(f" epochs × {FINE_TUNE.steps_per_epoch} steps")
        self.name_edit = QLineEdit()
        self.start_combo.currentIndexChanged.connect(self._sync_defaults)
        self.scale_combo.currentIndexChanged.connect(self._sync_defaults)
        form.addRow("Start from", self.start_combo)
        form.addRow("Scale", self.scale_combo)
        form.addRow("Length", self.epochs_spin)
        form.addRow("Save as", self.name_edit)
        self.scan_label = QLabel("Add one or more folders of your best pictures, then Check or Start.")
        self.scan_label.setWordWrap(True)
        form.addRow("Found", self.scan_label)
        self._sync_defaults()

    def _build_folders(self) -> QWidget:
        self.folder_list = QListWidget()
        self.folder_list.setMaximumHeight(90)
        add = QPushButton("Add folder…")
        add.clicked.connect(self._browse_folder)
        self.remove_folder_button = QPushButton("Remove")
        self.remove_folder_button.clicked.connect(self._remove_folder)
        buttons = QVBoxLayout()
        buttons.addWidget(add)
        buttons.addWidget(self.remove_folder_button)
        buttons.addStretch(1)
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.folder_list)
        row.addLayout(buttons)
        return box

    def _build_validation(self) -> QWidget:
        self.val_combo = QComboBox()
        self.val_combo.addItem(f"Hold out {DIALOG_HOLDOUT:.0%} of the pictures", HOLDOUT)
        self.val_combo.addItem("A folder of other pictures:", BY_FOLDER)
        self.val_combo.addItem("None (no PSNR curve)", NO_VALIDATION)
        self.val_edit = QLineEdit()
        self.val_edit.setPlaceholderText("folder of pictures to measure PSNR on")
        self.val_browse = QPushButton("Browse…")
        self.val_browse.clicked.connect(self._browse_val)
        self.val_combo.currentIndexChanged.connect(self._sync_validation)
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.val_combo)
        row = QHBoxLayout()
        row.addWidget(self.val_edit)
        row.addWidget(self.val_browse)
        layout.addLayout(row)
        self._sync_validation()
        return box

    def _fine_tuning(self) -> bool:
        return self.start_combo.currentData() == FINE_TUNE_CHOICE

    def _sync_defaults(self) -> None:
        fine = self._fine_tuning()
        if fine and self.base_model is not None:
            self.scale_combo.setCurrentIndex(self.scale_combo.findData(self.base_model.scale))
        self.scale_combo.setEnabled(not fine and not self._busy)
        arch = self.base_model.arch if fine and self.base_model else self.start_combo.currentData()
        self.name_edit.setText(f"my-{arch}-x{self.scale_combo.currentData()}")

    def _sync_validation(self) -> None:
        by_folder = self.val_combo.currentData() == BY_FOLDER and not self._busy
        self.val_edit.setEnabled(by_folder)
        self.val_browse.setEnabled(by_folder)

    def set_busy(self, busy: bool) -> None:
        """While a check or a run goes on, the form cannot change."""
        self._busy = busy
        for widget in (self.folder_list, self.remove_folder_button, self.val_combo, self.start_combo,
                       self.epochs_spin, self.name_edit):
            widget.setEnabled(not busy)
        self.scale_combo.setEnabled(not busy and not self._fine_tuning())
        self._sync_validation()

    def add_folder(self, folder: str | Path) -> None:
        """Add a folder of training pictures (searched recursively); a folder already listed is ignored."""
        folder = str(folder)
        if folder and folder not in self.folders():
            self.folder_list.addItem(folder)

    def folders(self) -> list[str]:
        """The folders of training pictures, in the order added."""
        return [self.folder_list.item(i).text() for i in range(self.folder_list.count())]

    def _browse_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Folder of pictures")
        if folder:
            self.add_folder(folder)

    def _remove_folder(self) -> None:
        for item in self.folder_list.selectedItems():
            self.folder_list.takeItem(self.folder_list.row(item))

    def _browse_val(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Folder of validation pictures")
        if folder:
            self.val_edit.setText(folder)

    def validation_words(self, preview: TrainingPreview) -> str:
        """How the run will be validated, in words for the scan summary."""
        choice = self.val_combo.currentData()
        if choice == BY_FOLDER:
            return f"validated on {self.val_edit.text().strip()}"
        if choice == NO_VALIDATION:
            return "no validation"
        if preview.val_images:
            return f"{preview.val_images} held out for validation"
        return "too few to hold any out, so no validation"

    def config(self) -> TrainConfig:
        """The training run the form describes."""
        fine = self._fine_tuning() and self.base_model is not None
        name = self.name_edit.text().strip() or "my-model"
        validation = self.val_combo.currentData()
        preset = FINE_TUNE if fine else FROM_SCRATCH
        return TrainConfig(
            **{**preset.config_fields(), "epochs": self.epochs_spin.value()},
            folders=self.folders(),
            scale=int(self.scale_combo.currentData()),
            out=str(user_weights_dir() / f"{name}{MODEL_SUFFIX}"),
            arch=self.base_model.arch if fine else str(self.start_combo.currentData()),
            init=str(self.base_model.path) if fine else None,
            val=(self.val_edit.text().strip() or None) if validation == BY_FOLDER else None,
            holdout=DIALOG_HOLDOUT if validation == HOLDOUT else 0.0,
            state=str(user_checkpoints_dir() / f"{name}.state.pt"),
            keep_best=True,
            command="Train on folder (GUI)",
        )

    def problem(self) -> str | None:
        """What keeps the form from describing a run (no folder, a folder that is not one), or None."""
        folders = self.folders()
        if not folders:
            return "Add at least one folder of pictures to train on."
        missing = [f for f in folders if not Path(f).is_dir()]
        if missing:
            return f"{missing[0]}: not a folder. Choose the folder that holds your pictures."
        if self.val_combo.currentData() == BY_FOLDER and not Path(self.val_edit.text().strip()).is_dir():
            return f"{self.val_edit.text().strip() or '(empty)'}: not a folder of validation pictures."
        return None
