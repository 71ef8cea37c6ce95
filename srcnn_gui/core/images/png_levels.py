"""PNG's compression level, an output setting: its range, its default (measured) and its checks.

Light to import (no numpy): the CLI answers a bad ``--png-level`` before anything loads.
"""

from __future__ import annotations

from srcnn_gui.core.errors import ConfigError, ImageWriteError

PNG_LEVELS = range(10)
# Measured on an x2 upscaled photo (docs/benchmarks.md, "The whole path"): with zlib-ng, level 4 gives files
# 1% smaller than the earlier writer's (Paeth, standard zlib level 6) in a seventh of the time; level 6 saves
# 3% more in 2.5x the time.
DEFAULT_PNG_LEVEL = 4
_RANGE = "from 0 (none, fastest) to 9 (smallest)"


def check_png_level(level: int) -> int:
    """``level`` if it is a PNG compression level (0-9); :class:`ImageWriteError` saying so otherwise."""
    if level not in PNG_LEVELS:
        raise ImageWriteError(f"PNG compression level runs {_RANGE}, not {level}")
    return level


def parse_png_level(text: str) -> int:
    """A level as the user typed it; :class:`ConfigError` in words when it is none."""
    if not text.strip().isdigit() or int(text) not in PNG_LEVELS:
        raise ConfigError(f"'{text}': a PNG compression level is a whole number {_RANGE}")
    return int(text)
