"""The toolbar's choices for the pictures: scale (a factor or an output size), model, JPEG denoising,
device, mode, and Evaluate's JPEG option.

The bar keeps the model list in step with the scale asked for and says, by its signals, when the
results on show no longer match the choices (:attr:`SettingsBar.results_stale`) and when the mode
changed; the window decides what to run.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QComboBox, QLabel, QSpinBox, QToolBar, QWidget

from srcnn_gui.core.errors import ConfigError
from srcnn_gui.core.images.denoise_levels import DENOISE_CHOICES, NO_DENOISE
from srcnn_gui.core.images.output_size import OutputSize
from srcnn_gui.core.inference.device import available_devices
from srcnn_gui.core.models.model_info import ModelInfo
from srcnn_gui.core.models.registry import ranked_models
from srcnn_gui.core.models.scales import SCALES, check_factor, serving_passes

UPSCALE, EVALUATE = "upscale", "evaluate"
SCALE_HELP = "type a factor above 1 up to 8 (2.5), a box (1920x1080), a width (w1920) or a height (h1080)"


class SettingsBar(QToolBar):
    """``leading`` actions first, then the choices, then each group of ``trailing`` actions after a separator."""

    results_stale = Signal()  # a choice changed that changes every result (model, denoise, device, JPEG, scale)
    mode_changed = Signal(str)
    message = Signal(str)  # why no picture can run (a scale that is none, no model for it)

    def __init__(self, leading: list[QAction], trailing: list[list[QAction]], parent: QWidget | None = None) -> None:
        super().__init__("Main", parent)
        self.setObjectName("main-toolbar")
        self.setMovable(False)
        self.addActions(leading)
        self.addSeparator()
        self.remembered_model: str | None = None  # the model file chosen at the last start, preferred in the list
        self.request: OutputSize | None = None  # what the Scale field asked for when the list was filled
        self.scale_combo = QComboBox()
        self.scale_combo.setEditable(True)
        self.scale_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.scale_combo.setToolTip("A factor above 1 up to 8 (2.5), a box to fit in (1920x1080), a width (w1920) "
                                    "or a height (h1080); press Enter")
        for scale in SCALES:
            self.scale_combo.addItem(f"x{scale}", scale)
        self.model_combo = QComboBox()
        self.model_combo.setMinimumContentsLength(18)
        self.device_combo = QComboBox()
        for device in available_devices():
            self.device_combo.addItem(device.upper(), device)
        self.mode_combo = QComboBox()
        self.mode_combo.addItem("Upscale", UPSCALE)
        self.mode_combo.addItem("Evaluate", EVALUATE)
        self.mode_combo.setToolTip("Evaluate: the picture is ground truth; it is shrunk, upscaled back and scored")
        self.denoise_combo = QComboBox()
        for level in DENOISE_CHOICES:
            self.denoise_combo.addItem(level.capitalize(), level)
        self.denoise_combo.setToolTip("JPEG denoising. Auto reads each JPEG's quality from the file and picks the "
                                      "level; lossless pictures get the model chosen under Model")
        self.denoise_reason = QLabel()  # what auto chose for the current picture, and why
        self.jpeg_spin = QSpinBox()
        self.jpeg_spin.setRange(0, 100)
        self.jpeg_spin.setSpecialValueText("off")
        self.jpeg_spin.setToolTip("Evaluate mode: save the shrunk picture as a JPEG of this quality first")
        for label, widget in (("Scale", self.scale_combo), ("Model", self.model_combo), ("Denoise", self.denoise_combo),
                              (None, self.denoise_reason), ("Device", self.device_combo), ("Mode", self.mode_combo)):
            if label:
                self.addWidget(QLabel(f" {label} "))
            self.addWidget(widget)
        # Only Evaluate mode makes the low-res picture, so only it shows the JPEG option.
        self.jpeg_actions = [self.addWidget(QLabel(" JPEG ")), self.addWidget(self.jpeg_spin)]
        for group in trailing:
            self.addSeparator()
            self.addActions(group)
        self.scale_combo.currentIndexChanged.connect(lambda _index: self.refresh_models())
        self.scale_combo.lineEdit().editingFinished.connect(self._on_scale_typed)
        self.model_combo.currentIndexChanged.connect(self._show_model_tip)
        for combo in (self.model_combo, self.denoise_combo, self.device_combo):
            combo.currentIndexChanged.connect(self.results_stale)
        self.jpeg_spin.valueChanged.connect(self.results_stale)
        self.mode_combo.currentIndexChanged.connect(self._on_mode_chosen)
        self._show_jpeg_option()

    # --- what the choices are ----------------------------------------------------------------
    def current_model(self) -> ModelInfo | None:
        return self.model_combo.currentData()

    def mode(self) -> str:
        return str(self.mode_combo.currentData())

    def set_mode(self, mode: str) -> None:
        self.mode_combo.setCurrentIndex(max(0, self.mode_combo.findData(mode)))

    def evaluate_jpeg_quality(self) -> int | None:
        """The JPEG quality Evaluate mode saves the shrunk picture at (None: not saved as JPEG)."""
        return self.jpeg_spin.value() or None

    def size_label(self) -> str:
        """The scale asked for as output names write it (``3``, ``2.5``, ``w1920``)."""
        return self.request.label() if self.request is not None else self.scale_combo.currentText()

    def output_request(self) -> OutputSize | None:
        """What the Scale field asks for: a factor or an output size; None while its text is neither."""
        try:
            request = OutputSize.parse(self.scale_combo.currentText())
            if request.factor is not None:
                check_factor(request.factor)
        except ConfigError:
            return None
        return request

    # --- changing them -----------------------------------------------------------------------
    def set_scale_text(self, text: str) -> None:
        """Put a factor or an output size in the Scale field (a preset when it is one) and use it."""
        index = self.scale_combo.findText(text)
        if index >= 0:
            self.scale_combo.setCurrentIndex(index)
        self.scale_combo.setEditText(text)
        self.refresh_models()

    @Slot()
    def _on_scale_typed(self) -> None:
        if self.output_request() != self.request:
            self.refresh_models()

    def refresh_models(self, select_path: str | None = None) -> None:
        """Fill the model list for the scale asked for (after a scale change, a training run or an import),
        keeping the model chosen unless ``select_path`` names another.

        A factor lists the clean models of its first pass (:func:`serving_passes`; JPEG models are chosen
        by the Denoise control); an output size gives each picture its own factor, so its models are
        chosen per picture. Says :attr:`results_stale` only when the scale or the model changed.
        """
        before = (self.request, self._model_path())
        self.request = request = self.output_request()
        first = None if request is None or request.factor is None else serving_passes(request.factor)[0]
        models = ranked_models(first, NO_DENOISE) if first is not None else []
        wanted = select_path or before[1] or self.remembered_model
        self.model_combo.blockSignals(True)
        self.model_combo.clear()
        for info in models:
            self.model_combo.addItem(info.describe(), info)
        if request is not None and request.factor is None:
            self.model_combo.addItem("The best for each picture's factor", None)
        selected = next((i for i, m in enumerate(models) if wanted and Path(str(wanted)) == m.path), 0)
        self.model_combo.setCurrentIndex(selected)
        self.model_combo.blockSignals(False)
        self._show_model_tip()
        if (request, self._model_path()) != before:
            self.results_stale.emit()
        if request is None:
            self.message.emit(f"Scale '{self.scale_combo.currentText()}': {SCALE_HELP}.")
        elif not self.model_combo.count():
            self.message.emit(f"No model for x{first}: train one with Model › Train on folder….")

    @Slot()
    def _show_model_tip(self) -> None:
        self.model_combo.setToolTip(self.model_combo.currentText())  # the whole line, score included

    def _model_path(self) -> str | None:
        model = self.current_model()
        return str(model.path) if model is not None else None

    @Slot()
    def _on_mode_chosen(self) -> None:
        self._show_jpeg_option()
        self.mode_changed.emit(self.mode())

    def _show_jpeg_option(self) -> None:
        for action in self.jpeg_actions:
            action.setVisible(self.mode() == EVALUATE)
