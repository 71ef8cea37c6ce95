"""Which model upscales a picture: the one the user named, or the one for its factor and JPEG quality.

The factor picks the models (:func:`~srcnn_gui.core.models.scales.serving_passes`: any factor from
above 1 to 8 is served by the x2, x3 and x4 models, each at its own factor, then reduced to the size).
The JPEG level picks the first pass's model: the artefacts are in the input; later passes enlarge
the first one's clean result, so they get the clean models.

With ``denoise="auto"`` a JPEG's quality (read from its quantization tables) picks the denoise
level (:func:`~srcnn_gui.core.images.denoise_levels.level_for_quality`); lossless files get the clean
model. A level with no model installed for that scale falls back to the clean one, and the reason
says so.
"""

from __future__ import annotations

from dataclasses import dataclass

from srcnn_gui.core.errors import ConfigError, ModelLoadError
from srcnn_gui.core.images.denoise_levels import AUTO, DENOISE_CHOICES, NO_DENOISE, level_for_quality
from srcnn_gui.core.inference.serving import Serving
from srcnn_gui.core.inference.upscaler import Upscaler
from srcnn_gui.core.models.model_info import ModelInfo
from srcnn_gui.core.models.registry import default_model
from srcnn_gui.core.models.scales import serving_passes


@dataclass(frozen=True)
class Choice:
    """The models for one picture (``info`` is the first pass's) and why they were chosen, in words for the user."""

    upscaler: Serving
    info: ModelInfo
    summary: str  # what decided the first pass's model, e.g. "JPEG quality ≈ 62 → medium"
    notes: str = ""  # what else the user should know: a missing level's fallback, the later passes

    @property
    def reason(self) -> str:
        """The whole explanation: the summary and the notes."""
        return self.summary + self.notes


_BY_HAND = " (chosen by hand)"


def explain_level(denoise: str, quality: int | None) -> tuple[str, str, str]:
    """The level ``denoise`` means for a picture of JPEG ``quality``, why in short, and a note."""
    if denoise != AUTO:
        return denoise, f"denoise {denoise}", _BY_HAND
    level = level_for_quality(quality)
    if quality is None:
        return level, "not a JPEG → none", ""
    return level, f"JPEG quality ≈ {quality} → {level}", ""


class ModelChooser:
    """Picks each picture's models and keeps one :class:`Upscaler` per model, built when first needed.

    ``scale`` is the factor pictures are enlarged by unless :meth:`choose` is told another; None where an
    output size gives each picture its own factor (:func:`~srcnn_gui.core.models.scales.picture_factor`),
    which :meth:`choose` is then always told.
    """

    def __init__(self, scale: float | None, denoise: str = AUTO, *, model: ModelInfo | None = None,
                 clean: ModelInfo | None = None, **upscaler_options) -> None:
        """``model``: always this one (named by hand) for the first pass; ``clean``: the first pass's model
        for pictures that get no denoising, and the fallback, where its scale is the first pass's
        (otherwise, and by default, the best clean model for that scale)."""
        if denoise not in DENOISE_CHOICES:
            raise ConfigError(f"denoise must be one of {', '.join(DENOISE_CHOICES)}, not '{denoise}'")
        if scale is not None:
            serving_passes(scale)  # an impossible factor stops the run before any picture is read
        self.scale, self.denoise, self.model, self.clean = scale, denoise, model, clean
        self._options = upscaler_options
        self._upscalers: dict[str, Upscaler] = {}
        # The registry read once per scale and level, not once per picture (it opens every model file).
        self._defaults: dict[tuple[int, str, str | None], ModelInfo] = {}

    @classmethod
    def single(cls, upscaler: Upscaler, info: ModelInfo, **upscaler_options) -> ModelChooser:
        """A chooser that always answers with ``upscaler`` (a model the user named) for the first pass; later
        passes are built with ``upscaler_options``, as ``upscaler`` was."""
        chooser = cls(upscaler.scale, NO_DENOISE, model=info, **upscaler_options)
        chooser._upscalers[str(info.path)] = upscaler
        return chooser

    def result_settings(self) -> dict[str, object]:
        """What of this chooser shapes a result (a batch's resume record compares them): the models named,
        the denoise setting and the precision; the device and the tiling do not change a result."""
        return {"model": None if self.model is None else str(self.model.path),
                "clean": None if self.clean is None else str(self.clean.path), "denoise": self.denoise,
                "precision": {key: self._options[key] for key in ("half", "bf16") if key in self._options}}

    def choose(self, quality: int | None, factor: float | None = None) -> Choice:
        """The models for a picture of JPEG ``quality`` (None: not a JPEG) enlarged by ``factor`` (default: the scale).

        A model named by hand runs the first pass when its scale is the first pass's (the later
        passes get the best clean models); otherwise it alone enlarges, at its own factor, and the
        result is resized to the size.
        """
        factor = self.scale if factor is None else factor
        if factor is None:
            raise ConfigError("an output size gives each picture its own factor: choose(quality, factor)")
        first, *rest = serving_passes(factor)
        if self.model is not None:
            summary, notes = f"model {self.model.name}", _BY_HAND
            if self.model.scale != first:
                return Choice(Serving((self._upscaler(self.model),)), self.model, summary, notes)
            info = self.model
        else:
            info, summary, notes = self._first_pass(first, quality)
        later = [self._default(scale) for scale in rest]
        if later:
            notes += ", then " + " then ".join(m.name for m in later)
        return Choice(Serving(tuple(self._upscaler(m) for m in (info, *later))), info, summary, notes)

    def _first_pass(self, scale: int, quality: int | None) -> tuple[ModelInfo, str, str]:
        level, summary, note = explain_level(self.denoise, quality)
        if level == NO_DENOISE:
            return self._clean_model(scale), summary, note
        try:
            # The network that runs clean pictures (the one chosen, else the scale's default) runs JPEG ones too,
            # where it has a model for the level: the window and the CLI give a picture the same model.
            return self._default(scale, level, self._clean_model(scale).arch), summary, note
        except ModelLoadError:
            return self._clean_model(scale), summary, note + f" (no {level} model for x{scale}: the clean model)"

    def _clean_model(self, scale: int) -> ModelInfo:
        return self.clean if self.clean is not None and self.clean.scale == scale else self._default(scale)

    def _default(self, scale: int, level: str = NO_DENOISE, arch: str | None = None) -> ModelInfo:
        """The best model for ``scale`` and ``level``; of network ``arch`` (the clean model's) where there is one."""
        if (scale, level, arch) not in self._defaults:
            self._defaults[scale, level, arch] = default_model(scale, level, arch)
        return self._defaults[scale, level, arch]

    def _upscaler(self, info: ModelInfo) -> Upscaler:
        key = str(info.path)
        if key not in self._upscalers:
            self._upscalers[key] = Upscaler.from_info(info, **self._options)
        return self._upscalers[key]
