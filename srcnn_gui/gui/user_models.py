"""The "Your models" box: the user's own models (never the shipped ones), to export or delete, and the files
in a model folder that are no usable model, each with why."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from srcnn_gui.core.errors import SrcnnError
from srcnn_gui.core.models.files import export_model
from srcnn_gui.core.models.model_info import MODEL_SUFFIX
from srcnn_gui.core.models.registry import delete_user_model, scan_models


class UserModelsBox(QGroupBox):
    """Lists the user's models; exports or deletes the selected one. Failures are shown, not raised."""

    models_changed = Signal()  # a user model was deleted

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Your models", parent)
        self.combo = QComboBox()
        self.export_button = QPushButton("Export…")
        self.export_button.clicked.connect(self._choose_export_path)
        self.delete_button = QPushButton("Delete…")
        self.delete_button.clicked.connect(self._confirm_delete)
        self.problems = QLabel()  # files in a model folder that are no usable model (damaged, a named pipe, ...)
        self.problems.setWordWrap(True)
        self.problems.setTextFormat(Qt.TextFormat.PlainText)
        column = QVBoxLayout(self)
        row = QHBoxLayout()
        row.addWidget(self.combo, 1)
        row.addWidget(self.export_button)
        row.addWidget(self.delete_button)
        column.addLayout(row)
        column.addWidget(self.problems)
        self.refresh()

    def refresh(self) -> None:
        """List the user's own models (not the shipped ones) for export and delete, and the files that are no usable model."""
        self.combo.clear()
        models, unusable = scan_models()
        for info in models:
            if not info.shipped:
                self.combo.addItem(info.describe(), info)
        self.problems.setText("Not usable, so not offered:\n" + "\n".join(unusable) if unusable else "")
        self.problems.setVisible(bool(unusable))
        has = self.combo.count() > 0
        self.export_button.setEnabled(has)
        self.delete_button.setEnabled(has)

    def _warn(self, message: str) -> QMessageBox:
        box = QMessageBox(QMessageBox.Icon.Warning, "Your models", message, QMessageBox.StandardButton.Ok, self)
        box.open()
        return box

    def export_selected(self, destination: str | Path) -> Path | None:
        """Copy the selected model file to ``destination``; a failure is shown, not raised."""
        info = self.combo.currentData()
        if info is None:
            return None
        try:
            return export_model(info, destination)
        except (SrcnnError, OSError) as exc:
            self._warn(f"Export failed: {exc}")
            return None

    def delete_selected(self) -> None:
        """Delete the selected model file (after the user confirmed) and say so with :attr:`models_changed`."""
        info = self.combo.currentData()
        if info is None:
            return
        try:
            delete_user_model(info)
        except (SrcnnError, OSError) as exc:
            self._warn(f"Delete failed: {exc}")
            return
        self.refresh()
        self.models_changed.emit()

    def _choose_export_path(self) -> None:
        info = self.combo.currentData()
        if info is None:
            return
        path, _ = QFileDialog.getSaveFileName(self, "Export model", info.path.name, f"Models (*{MODEL_SUFFIX})")
        if path:
            self.export_selected(path)

    def _confirm_delete(self) -> None:
        info = self.combo.currentData()
        if info is None:
            return
        answer = QMessageBox.question(self, "Delete model", f"Delete {info.path}? This cannot be undone.")
        if answer == QMessageBox.StandardButton.Yes:
            self.delete_selected()
