"""*File › Output settings…*: the form for where the window's results go and how they are written
(:class:`~srcnn_gui.core.window.output_settings.OutputSettings`: folder, format, JPEG/WebP quality, PNG compression)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from srcnn_gui.core.images.formats import FORMAT_COSTS, OUTPUT_FORMATS, SAME_AS_INPUT, output_format, takes_quality
from srcnn_gui.core.images.png_levels import DEFAULT_PNG_LEVEL, PNG_LEVELS
from srcnn_gui.core.window.output_settings import OutputSettings


class OutputSettingsDialog(QDialog):
    """The three choices; :meth:`value` is what the form says."""

    def __init__(self, current: OutputSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Output settings")
        self.setMinimumWidth(520)
        self.folder_edit = QLineEdit(current.folder)
        self.folder_edit.setPlaceholderText("beside each original")
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._browse)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder_edit, 1)
        folder_row.addWidget(browse)
        self.format_combo = QComboBox()
        for suffix, name in OUTPUT_FORMATS.items():  # each with what it costs, so the choice is an informed one
            self.format_combo.addItem(f"{name} — {FORMAT_COSTS[suffix]}", suffix)
        self.format_combo.setCurrentIndex(max(0, self.format_combo.findData(current.suffix)))
        self.quality_spin = QSpinBox()
        self.quality_spin.setRange(1, 100)
        self.quality_spin.setValue(current.quality)
        self.quality_spin.setToolTip("JPEG and WebP: higher is closer to the result and larger; 95 is hard to tell apart")
        self.png_level_spin = QSpinBox()
        self.png_level_spin.setRange(PNG_LEVELS[0], PNG_LEVELS[-1])
        self.png_level_spin.setValue(current.png_level)
        self.png_level_spin.setToolTip(f"PNG: 0 writes fastest and largest, 9 smallest and slowest; the pixels are the same "
                                       f"(default {DEFAULT_PNG_LEVEL})")
        self.format_combo.currentIndexChanged.connect(self._sync_quality)
        form = QFormLayout(self)
        form.addRow("Folder", folder_row)
        form.addRow("Format", self.format_combo)
        form.addRow("Quality (JPEG, WebP)", self.quality_spin)
        form.addRow("Compression (PNG)", self.png_level_spin)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self._sync_quality()

    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Folder for the results", self.folder_edit.text())
        if folder:
            self.folder_edit.setText(folder)

    def _sync_quality(self) -> None:
        suffix = str(self.format_combo.currentData())
        self.quality_spin.setEnabled(takes_quality(suffix))
        self.png_level_spin.setEnabled(suffix == SAME_AS_INPUT or output_format(suffix) == "PNG")

    def value(self) -> OutputSettings:
        """What the form says."""
        return OutputSettings(self.folder_edit.text().strip(), str(self.format_combo.currentData()), self.quality_spin.value(),
                              self.png_level_spin.value())
