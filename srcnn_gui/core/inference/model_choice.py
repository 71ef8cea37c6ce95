"""Which model upscales a picture: the one the user named, or the one for its JPEG quality.

With ``denoise="auto"`` a JPEG's quality (read from its quantization tables) picks the denoise
level (:func:`jpeg.level_for_quality`); lossless files get the clean model. A level with no model
installed for the scale falls back to the clean one, and the reason says so.
"""

from __future__ import annotations

from dataclasses import dataclass

from srcnn_gui.core.errors import ConfigError, ModelLoadError
from srcnn_gui.core.images.jpeg import AUTO, DENOISE_CHOICES, NO_DENOISE, level_for_quality
from srcnn_gui.core.inference.upscaler import Upscaler
from srcnn_gui.core.models.files import ModelInfo
from srcnn_gui.core.models.registry import default_model


@dataclass(frozen=True)
class Choice:
    """The model for one picture and why it was chosen, in words for the user."""

    upscaler: Upscaler
    info: ModelInfo
    reason: str


def explain_level(denoise: str, quality: int | None) -> tuple[str, str]:
    """The level ``denoise`` means for a picture of JPEG ``quality``, and why in words."""
    if denoise != AUTO:
        return denoise, f"denoise {denoise} (chosen by hand)"
    level = level_for_quality(quality)
    if quality is None:
        return level, "not a JPEG → none"
    return level, f"JPEG quality ≈ {quality} → {level}"


class ModelChooser:
    """Picks each picture's model and keeps one :class:`Upscaler` per model, built when first needed."""

    def __init__(self, scale: int, denoise: str = AUTO, *, model: ModelInfo | None = None,
                 clean: ModelInfo | None = None, **upscaler_options) -> None:
        """``model``: always this one (named by hand); ``clean``: the model for pictures that get no
        denoising, and the fallback (default: the best clean model for ``scale``)."""
        if denoise not in DENOISE_CHOICES:
            raise ConfigError(f"denoise must be one of {', '.join(DENOISE_CHOICES)}, not '{denoise}'")
        self.scale, self.denoise, self.model, self.clean = scale, denoise, model, clean
        self._options = upscaler_options
        self._upscalers: dict[str, Upscaler] = {}

    @classmethod
    def single(cls, upscaler: Upscaler, info: ModelInfo) -> ModelChooser:
        """A chooser that always answers with ``upscaler`` (a model the user named)."""
        chooser = cls(upscaler.scale, NO_DENOISE, model=info)
        chooser._upscalers[str(info.path)] = upscaler
        return chooser

    def choose(self, quality: int | None) -> Choice:
        """The model for a picture of JPEG ``quality`` (None: not a JPEG)."""
        if self.model is not None:
            return Choice(self._upscaler(self.model), self.model, f"model {self.model.name} (chosen by hand)")
        level, reason = explain_level(self.denoise, quality)
        if level == NO_DENOISE:
            return Choice(self._upscaler(self._clean_model()), self._clean_model(), reason)
        try:
            info = default_model(self.scale, level)
        except ModelLoadError:
            info = self._clean_model()
            reason += f" (no {level} model for x{self.scale}: the clean model)"
        return Choice(self._upscaler(info), info, reason)

    def _clean_model(self) -> ModelInfo:
        return self.clean if self.clean is not None else default_model(self.scale)

    def _upscaler(self, info: ModelInfo) -> Upscaler:
        key = str(info.path)
        if key not in self._upscalers:
            self._upscalers[key] = Upscaler.from_info(info, **self._options)
        return self._upscalers[key]
