"""The registry of models we can offer: every ``*.pt`` in the shipped ``weights/`` folder and in the
user's model folder, ranked by their measured quality."""

from __future__ import annotations

from pathlib import Path

from srcnn_gui.core.errors import ModelLoadError
from srcnn_gui.core.images.denoise_levels import NO_DENOISE
from srcnn_gui.core.models.model_info import MODEL_SUFFIX, ModelInfo, read_info
from srcnn_gui.core.paths import shipped_weights_dir, user_weights_dir


def scan_models() -> tuple[list[ModelInfo], list[str]]:
    """Every readable model (shipped ones first, then the user's, each folder sorted by name) and, for each
    file that cannot be used, a message naming it: a broken file in a model folder must not hide the others."""
    found: list[ModelInfo] = []
    unusable: list[str] = []
    for folder, shipped in ((shipped_weights_dir(), True), (user_weights_dir(), False)):
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob(f"*{MODEL_SUFFIX}")):
            try:
                found.append(read_info(path, shipped=shipped))
            except ModelLoadError as exc:
                unusable.append(str(exc))
            except Exception as exc:  # whatever else a foreign file provokes is that file's problem
                unusable.append(f"{path}: not a usable model file ({type(exc).__name__}: {exc})")
    return found, unusable


def list_models() -> list[ModelInfo]:
    """Every readable model: shipped ones first, then the user's, each folder sorted by name."""
    return scan_models()[0]


# Held-out scores closer than this count as equal quality (far below what an eye can tell), and the faster
# model of those leads: FSRCNN needs about 40x fewer multiply-adds than SRCNN 9-5-5.
EQUAL_QUALITY_DB = 0.05


def _by_quality(info: ModelInfo) -> tuple[int, float, bool, str]:
    # Held-out score first (the ranking set), then Set5 (a model still in training), then unmeasured;
    # higher first; on a tie shipped before the user's, then by name.
    if info.held_out_psnr is not None:
        return (0, -info.held_out_psnr, not info.shipped, info.name)
    if info.set5_psnr is not None:
        return (1, -info.set5_psnr, not info.shipped, info.name)
    return (2, 0.0, not info.shipped, info.name)


def rank(models: list[ModelInfo]) -> list[ModelInfo]:
    """``models`` best first: by held-out quality; but where several are within :data:`EQUAL_QUALITY_DB` of the
    best, the fastest of them (fewest multiply-adds per pixel) leads."""
    ordered = sorted(models, key=_by_quality)
    if not ordered or ordered[0].held_out_psnr is None:
        return ordered
    best = ordered[0].held_out_psnr
    equal = [m for m in ordered if m.held_out_psnr is not None and best - m.held_out_psnr <= EQUAL_QUALITY_DB]
    leader = min(equal, key=lambda m: (m.multiply_adds, _by_quality(m)))
    return [leader] + [m for m in ordered if m is not leader]


def ranked_models(scale: int, denoise: str | None = None) -> list[ModelInfo]:
    """The models for ``scale`` (and a JPEG denoise level; ``None``: any), best first (:func:`rank`): the order
    of the window's model list, and the default of the window and the CLI."""
    return rank([m for m in list_models() if m.scale == scale and denoise in (None, m.denoise)])


def default_model(scale: int, denoise: str = NO_DENOISE, arch: str | None = None) -> ModelInfo:
    """The model offered for ``scale`` (and a JPEG denoise level) when the user names none: the first of
    :func:`ranked_models`; of those of network ``arch`` where there is one (JPEG pictures keep the network that
    runs clean ones), else of any."""
    candidates = ranked_models(scale, denoise)
    if not candidates:
        level = "" if denoise == NO_DENOISE else f" with {denoise} JPEG denoising"
        raise ModelLoadError(f"no model for x{scale}{level} in {shipped_weights_dir()} or {user_weights_dir()}")
    return next((m for m in candidates if m.arch == arch), candidates[0])


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
