"""The toolbar: the window model's choices shown (scale or size, model list, JPEG denoising, device, mode,
Evaluate's JPEG option), and each change the user makes sent to the model as an intent.

Models are listed by plain labels (:mod:`~srcnn_gui.core.models.labels`), each with its registry name and
scores in a tooltip; beside the Model and Denoise boxes one line says what ran on the picture on screen and
why (a JPEG can get another model than the one chosen for clean pictures).

The bar keeps nothing itself: :class:`~srcnn_gui.core.window.window_model.WindowModel` holds the
choices and says when to show them again (``choices_changed``).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QComboBox, QLabel, QSpinBox, QToolBar, QWidget

from srcnn_gui.core.images.denoise_levels import DENOISE_CHOICES
from srcnn_gui.core.models.labels import model_label
from srcnn_gui.core.models.model_info import ModelInfo
from srcnn_gui.core.models.scales import SCALES, SIZE_HELP
from srcnn_gui.core.window.window_model import EVALUATE, UPSCALE, WindowModel

PER_PICTURE = "The best for each picture's factor"  # the model list's one entry for an output size
_MODE_LABELS = {UPSCALE: "Upscale", EVALUATE: "Evaluate"}


class SettingsBar(QToolBar):
    """``leading`` actions first, then the choices, then each group of ``trailing`` actions after a separator."""

    def __init__(self, model: WindowModel, leading: list[QAction], trailing: list[list[QAction]],
                 parent: QWidget | None = None) -> None:
        super().__init__("Main", parent)
        self.setObjectName("main-toolbar")
        self.setMovable(False)
        self.model = model
        self.addActions(leading)
        self.addSeparator()
        self.scale_combo = QComboBox()
        self.scale_combo.setEditable(True)
        self.scale_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.scale_combo.setToolTip(f"{SIZE_HELP[0].upper()}{SIZE_HELP[1:]}; press Enter")
        for scale in SCALES:
            self.scale_combo.addItem(f"x{scale}", scale)
        self.model_combo = QComboBox()
        self.model_combo.setMinimumContentsLength(18)
        self.device_combo = QComboBox()
        for device in model.devices:
            self.device_combo.addItem(device.upper(), device)
        self.mode_combo = QComboBox()
        for mode, label in _MODE_LABELS.items():
            self.mode_combo.addItem(label, mode)
        self.mode_combo.setToolTip("Evaluate: the picture is ground truth; it is shrunk, upscaled back and scored")
        self.denoise_combo = QComboBox()
        for level in DENOISE_CHOICES:
            self.denoise_combo.addItem(level.capitalize(), level)
        self.denoise_combo.setToolTip("JPEG denoising. Auto reads each JPEG's quality from the file and picks the "
                                      "level; lossless pictures get the model chosen under Model")
        self.running = QLabel()  # what ran on the picture on screen, and why
        self.running.setContentsMargins(4, 0, 8, 0)
        self.jpeg_spin = QSpinBox()
        self.jpeg_spin.setRange(0, 100)
        self.jpeg_spin.setSpecialValueText("off")
        self.jpeg_spin.setToolTip("Evaluate mode: save the shrunk picture as a JPEG of this quality first")
        for label, widget in (("Scale", self.scale_combo), ("Model", self.model_combo), ("Denoise", self.denoise_combo),
                              (None, self.running), ("Device", self.device_combo), ("Mode", self.mode_combo)):
            if label:
                self.addWidget(QLabel(f" {label} "))
            self.addWidget(widget)
        # Only Evaluate mode makes the low-res picture, so only it shows the JPEG option.
        self.jpeg_actions = [self.addWidget(QLabel(" JPEG ")), self.addWidget(self.jpeg_spin)]
        for group in trailing:
            self.addSeparator()
            self.addActions(group)
        self._shown_models: list[tuple[str, object]] = []
        self.show_choices()
        self.scale_combo.currentIndexChanged.connect(lambda _i: model.set_scale_text(self.scale_combo.currentText()))
        self.scale_combo.lineEdit().editingFinished.connect(self._on_scale_typed)
        self.model_combo.currentIndexChanged.connect(lambda _i: model.choose_model(self.model_combo.currentData()))
        self.model_combo.currentIndexChanged.connect(self._show_model_tip)
        self.denoise_combo.currentIndexChanged.connect(lambda _i: model.set_denoise(self.denoise_combo.currentData()))
        self.device_combo.currentIndexChanged.connect(lambda _i: model.set_device(self.device_combo.currentData()))
        self.mode_combo.currentIndexChanged.connect(lambda _i: model.set_mode(self.mode_combo.currentData()))
        self.jpeg_spin.valueChanged.connect(model.set_evaluate_jpeg)
        model.events.choices_changed.connect(self.show_choices)

    @Slot()
    def _on_scale_typed(self) -> None:
        if self.scale_combo.currentText().strip() != self.model.scale_text:
            self.model.set_scale_text(self.scale_combo.currentText())

    def show_choices(self) -> None:
        """Show the model's choices; the widgets say nothing back meanwhile (the model already knows)."""
        model = self.model
        widgets = (self.scale_combo, self.model_combo, self.denoise_combo, self.device_combo, self.mode_combo,
                   self.jpeg_spin)
        for widget in widgets:
            widget.blockSignals(True)
        index = self.scale_combo.findText(model.scale_text)
        if index >= 0:
            self.scale_combo.setCurrentIndex(index)
        if self.scale_combo.currentText() != model.scale_text:
            self.scale_combo.setEditText(model.scale_text)
        models = [(model_label(info), info) for info in model.offered] + ([(PER_PICTURE, None)] if model.per_picture else [])
        if models != self._shown_models:
            self.model_combo.clear()
            for index, (text, info) in enumerate(models):
                self.model_combo.addItem(text, info)
                self.model_combo.setItemData(index, info.describe() if info else PER_PICTURE, Qt.ItemDataRole.ToolTipRole)
            self._shown_models = models
        self.model_combo.setCurrentIndex(next((i for i, (_, info) in enumerate(models) if info == model.model), 0))
        for combo, value in ((self.denoise_combo, model.denoise), (self.device_combo, model.device),
                             (self.mode_combo, model.mode)):
            combo.setCurrentIndex(max(0, combo.findData(value)))
        self.jpeg_spin.setValue(model.evaluate_jpeg or 0)
        for widget in widgets:
            widget.blockSignals(False)
        self._show_model_tip()
        for action in self.jpeg_actions:
            action.setVisible(model.mode == EVALUATE)

    @Slot()
    def _show_model_tip(self) -> None:
        # The exact registry name and the scores, which the label leaves out.
        self.model_combo.setToolTip(str(self.model_combo.currentData(Qt.ItemDataRole.ToolTipRole) or ""))

    def show_running(self, info: ModelInfo | None, summary: str = "", reason: str = "") -> None:
        """What ran on the picture on screen (``info``; None: nothing yet) and why, ``summary`` in short and
        ``reason`` whole (a missing level's fallback, later passes) in the tooltip with the model's exact name."""
        # Two short lines, the model over the reason, so that the toolbar keeps its width.
        self.running.setText(f"→ {model_label(info)}\n   {summary}" if info is not None else "")
        self.running.setToolTip(f"{info.name}: {reason}" if info is not None else "")
