"""The registry of models we can offer: every ``*.pt`` in the shipped ``weights/`` folder and in the
user's model folder, ranked by their measured quality."""

from __future__ import annotations

from pathlib import Path

from srcnn_gui.core.errors import ModelLoadError
from srcnn_gui.core.images.denoise_levels import NO_DENOISE
from srcnn_gui.core.models.model_info import MODEL_SUFFIX, ModelInfo, read_info
from srcnn_gui.core.paths import shipped_weights_dir, user_weights_dir


def list_models() -> list[ModelInfo]:
    """Every readable model: shipped ones first, then the user's, each folder sorted by name."""
    found: list[ModelInfo] = []
    for folder, shipped in ((shipped_weights_dir(), True), (user_weights_dir(), False)):
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob(f"*{MODEL_SUFFIX}")):
            try:
                found.append(read_info(path, shipped=shipped))
            except ModelLoadError:
                continue  # a broken file in a model folder must not hide the others
    return found


def _rank(info: ModelInfo) -> tuple[bool, float, bool, str]:
    # Measured before unmeasured, higher Set5 PSNR first; on a tie shipped before the user's, then by name.
    return (info.set5_psnr is None, -(info.set5_psnr or 0.0), not info.shipped, info.name)


def ranked_models(scale: int, denoise: str | None = None) -> list[ModelInfo]:
    """The models for ``scale`` (and a JPEG denoise level; ``None``: any), best first: the order of the
    window's model list and the CLI's default."""
    return sorted((m for m in list_models() if m.scale == scale and denoise in (None, m.denoise)), key=_rank)


def default_model(scale: int, denoise: str = NO_DENOISE) -> ModelInfo:
    """The model offered for ``scale`` (and a JPEG denoise level) when the user names none: the best
    measured on Set5."""
    candidates = ranked_models(scale, denoise)
    if not candidates:
        level = "" if denoise == NO_DENOISE else f" with {denoise} JPEG denoising"
        raise ModelLoadError(f"no model for x{scale}{level} in {shipped_weights_dir()} or {user_weights_dir()}")
    return candidates[0]


def find_model(name_or_path: str | None, scale: int | None = None) -> ModelInfo:
    """A model by file path, by registry name (file stem), or the default for ``scale``."""
    if name_or_path is None:
        if scale is None:
            raise ModelLoadError("name a model or a scale")
        return default_model(scale)
    candidate = Path(name_or_path)
    if candidate.suffix == MODEL_SUFFIX or candidate.exists():
        return read_info(candidate)
    for info in list_models():
        if info.name == name_or_path:
            return info
    known = ", ".join(m.name for m in list_models()) or "none"
    raise ModelLoadError(f"no model named '{name_or_path}' (known: {known})")



def delete_user_model(info: ModelInfo) -> None:
    """Delete one of the user's own model files; shipped models are never deleted."""
    if info.shipped or info.path.resolve().parent != user_weights_dir().resolve():
        raise ModelLoadError(f"{info.path}: not one of your own models, so it is not deleted")
    info.path.unlink(missing_ok=True)
