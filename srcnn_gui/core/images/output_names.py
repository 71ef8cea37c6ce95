"""Where results go: the default name of an upscaled picture."""

from __future__ import annotations

from pathlib import Path

from srcnn_gui.core.errors import ConfigError

DEFAULT_PATTERN = "{stem}_srcnn_x{scale}.png"


def output_name(source: Path | str, scale: int, pattern: str = DEFAULT_PATTERN, model: str = "") -> str:
    """The file name for the result of ``source``; fields ``{stem}``, ``{scale}`` and ``{model}``."""
    try:
        return pattern.format(stem=Path(source).stem, scale=scale, model=model)
    except (KeyError, IndexError, ValueError) as exc:
        raise ConfigError(f"bad output pattern '{pattern}': {exc}") from exc
