"""Where the window's results go and how they are written: folder, format, JPEG/WebP quality, PNG compression.

Saving, *Save all*, *Upscale to file* and *Batch a folder* all follow it; the window remembers it
between starts and changes it in *File › Output settings…*.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from srcnn_gui.core.images.formats import OUTPUT_FORMATS, takes_quality
from srcnn_gui.core.images.png_levels import DEFAULT_PNG_LEVEL, PNG_LEVELS
from srcnn_gui.core.images.writing import DEFAULT_QUALITY


@dataclass(frozen=True)
class OutputSettings:
    """``folder`` empty: each result beside its original (pasted pictures: the home folder); ``suffix``
    :data:`~srcnn_gui.core.images.formats.SAME_AS_INPUT`: each in its original's format (pasted: PNG)."""

    folder: str = ""
    suffix: str = ".png"
    quality: int = DEFAULT_QUALITY
    png_level: int = DEFAULT_PNG_LEVEL

    @classmethod
    def checked(cls, folder: str, suffix: str, quality: int, png_level: int = DEFAULT_PNG_LEVEL) -> OutputSettings:
        """Settings from remembered values: an unknown format becomes PNG, the quality is kept within 1-100,
        the PNG level within 0-9."""
        level = min(PNG_LEVELS[-1], max(PNG_LEVELS[0], png_level))
        return cls(folder, suffix if suffix in OUTPUT_FORMATS else ".png", min(100, max(1, quality)), level)

    def encoding(self) -> dict[str, int]:
        """The writers' compression options (``quality``, ``png_level``), as keyword arguments."""
        return {"quality": self.quality, "png_level": self.png_level}

    def folder_for(self, source: Path | None) -> Path:
        """Where the result of ``source`` goes."""
        if self.folder:
            return Path(self.folder)
        return source.parent if source is not None else Path.home()

    def pattern(self, pattern: str) -> str:
        """A name pattern (``{stem}_srcnn_{size}.png``) with this format's extension."""
        return str(Path(pattern).with_suffix(self.suffix))

    def describe(self) -> str:
        """The settings in a few words, for the status line."""
        where = self.folder or "beside each original"
        quality = f", quality {self.quality}" if takes_quality(self.suffix) else ""
        return f"{OUTPUT_FORMATS[self.suffix]}{quality}, {where}"
