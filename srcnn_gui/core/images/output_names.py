"""Where results go: the default name of an upscaled picture."""

from __future__ import annotations

from pathlib import Path

from srcnn_gui.core.errors import ConfigError

DEFAULT_PATTERN = "{stem}_srcnn_x{scale}.png"
# Evaluate mode's result is the picture shrunk by the factor and restored, at the picture's own size:
# named for that, so it is never mistaken for an upscale.
EVALUATE_PATTERN = "{stem}_evaluate_x{scale}.png"


def output_name(source: Path | str, scale: int | str, pattern: str = DEFAULT_PATTERN, model: str = "") -> str:
    """The file name for the result of ``source``; fields ``{stem}``, ``{scale}`` and ``{model}``.

    ``scale`` is the factor or the size asked for as :meth:`OutputSize.label` writes it (``3``, ``2.5``,
    ``1920x1080``, ``w1920``).
    """
    try:
        return pattern.format(stem=Path(source).stem, scale=scale, model=model)
    except (KeyError, IndexError, ValueError) as exc:
        raise ConfigError(f"bad output pattern '{pattern}': {exc}") from exc
