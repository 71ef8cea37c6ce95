"""Where the window's results go and how they are written: folder, format and JPEG/WebP quality.

The choice is remembered in the window's settings and changed in *File › Output settings…*; saving,
*Save all*, *Upscale to file* and *Batch a folder* all follow it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QSettings
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

from srcnn_gui.core.images.writing import DEFAULT_QUALITY

FORMATS = {".png": "PNG (lossless)", ".jpg": "JPEG", ".webp": "WebP", ".tif": "TIFF (lossless, keeps 16 bits)",
           ".bmp": "BMP (lossless, no metadata)"}
LOSSY = {".jpg", ".webp"}


@dataclass(frozen=True)
class OutputSettings:
    """``folder`` empty: each result beside its original (pasted pictures: the home folder)."""

    folder: str = ""
    suffix: str = ".png"
    quality: int = DEFAULT_QUALITY

    @classmethod
    def load(cls, settings: QSettings) -> OutputSettings:
        suffix = str(settings.value("output/suffix", ".png"))
        quality = int(settings.value("output/quality", DEFAULT_QUALITY))
        return cls(str(settings.value("output/folder", "")), suffix if suffix in FORMATS else ".png",
                   min(100, max(1, quality)))

    def store(self, settings: QSettings) -> None:
        settings.setValue("output/folder", self.folder)
        settings.setValue("output/suffix", self.suffix)
        settings.setValue("output/quality", self.quality)

    def folder_for(self, source: Path | None) -> Path:
        """Where the result of ``source`` goes."""
        if self.folder:
            return Path(self.folder)
        return source.parent if source is not None else Path.home()

    def pattern(self, pattern: str) -> str:
        """A name pattern (``{stem}_srcnn_x{scale}.png``) with this format's extension."""
        return str(Path(pattern).with_suffix(self.suffix))

    def describe(self) -> str:
        where = self.folder or "beside each original"
        quality = f", quality {self.quality}" if self.suffix in LOSSY else ""
        return f"{FORMATS[self.suffix].split(' (')[0]}{quality}, {where}"


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
        for suffix, label in FORMATS.items():
            self.format_combo.addItem(label, suffix)
        self.format_combo.setCurrentIndex(max(0, self.format_combo.findData(current.suffix)))
        self.quality_spin = QSpinBox()
        self.quality_spin.setRange(1, 100)
        self.quality_spin.setValue(current.quality)
        self.quality_spin.setToolTip("JPEG and WebP: higher is closer to the result and larger; 95 is hard to tell apart")
        self.format_combo.currentIndexChanged.connect(self._sync_quality)
        form = QFormLayout(self)
        form.addRow("Folder", folder_row)
        form.addRow("Format", self.format_combo)
        form.addRow("Quality (JPEG, WebP)", self.quality_spin)
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
        self.quality_spin.setEnabled(self.format_combo.currentData() in LOSSY)

    def value(self) -> OutputSettings:
        return OutputSettings(self.folder_edit.text().strip(), str(self.format_combo.currentData()), self.quality_spin.value())
