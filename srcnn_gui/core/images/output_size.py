"""The size a picture is enlarged to: by a factor, to a width, to a height, or to fit in a box.

Sizes are whole pixels, computed once here: a factor gives ``round(side * factor)`` on both sides;
a width or a height is met exactly and the other side keeps the aspect ratio (rounded to the
nearest pixel); a box (``--fit WxH``) scales the picture as large as fits, so one side meets the box
exactly and the other keeps the aspect ratio. Rounding is to the nearest pixel rather than MATLAB's
``ceil`` because factors such as 1.1 are not exact in binary (``100 * 1.1`` is 110.00000000000001).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from srcnn_gui.core.errors import ConfigError

_BOX = re.compile(r"^\s*(\d+)\s*[x×]\s*(\d+)\s*$", re.I)


def _nearest(value: float) -> int:
    return max(1, math.floor(value + 0.5))


def parse_box(text: str) -> tuple[int, int]:
    """``"1920x1080"`` as ``(width, height)``, both at least 1."""
    match = _BOX.match(text)
    if not match or min(int(match[1]), int(match[2])) < 1:
        raise ConfigError(f"'{text}': a box is WIDTHxHEIGHT in pixels, e.g. 1920x1080")
    return int(match[1]), int(match[2])


@dataclass(frozen=True)
class OutputSize:
    """What the user asked for: exactly one of a factor, a width, a height, or a box (width and height)."""

    factor: float | None = None
    width: int | None = None
    height: int | None = None

    def __post_init__(self) -> None:
        if (self.factor is None) == (self.width is None and self.height is None):
            raise ConfigError("give a scale, or a width and/or a height, not both")
        for side in (self.width, self.height):
            if side is not None and side < 1:
                raise ConfigError(f"an output side must be at least 1 pixel, not {side}")

    @classmethod
    def parse(cls, text: str) -> OutputSize:
        """The window's field: ``2.5`` or ``x2.5`` (a factor), ``1920x1080`` (a box), ``w1920`` or ``h1080``."""
        raw = text.strip().lower()
        if _BOX.match(raw):
            width, height = parse_box(raw)
            return cls(width=width, height=height)
        for prefix, side in (("w", "width"), ("h", "height")):
            if raw.startswith(prefix) and raw[1:].strip().isdigit():
                return cls(**{side: int(raw[1:])})
        try:
            return cls(factor=float(raw.removeprefix("x")))
        except ValueError:
            raise ConfigError(f"'{text}': type a scale (2.5), a box (1920x1080), a width (w1920) or a height (h1080)") from None

    def pixels(self, height: int, width: int) -> tuple[int, int]:
        """The output ``(height, width)`` for an input of ``height`` x ``width``."""
        if self.factor is not None:
            return _nearest(height * self.factor), _nearest(width * self.factor)
        if self.width is not None and self.height is not None:
            if self.width * height <= self.height * width:  # the width is the tighter side of the box
                return _nearest(height * self.width / width), self.width
            return self.height, _nearest(width * self.height / height)
        if self.width is not None:
            return _nearest(height * self.width / width), self.width
        return self.height, _nearest(width * self.height / height)  # type: ignore[operator]

    def factor_for(self, height: int, width: int) -> float:
        """The enlargement an input of this size gets: the factor, or the larger of the two sides' ratios."""
        if self.factor is not None:
            return self.factor
        out_h, out_w = self.pixels(height, width)
        return max(out_h / height, out_w / width)

    def label(self) -> str:
        """Short text for file names and messages: ``2.5``, ``1920x1080``, ``w1920`` or ``h1080``."""
        if self.factor is not None:
            return f"{self.factor:g}"
        if self.width is not None and self.height is not None:
            return f"{self.width}x{self.height}"
        return f"w{self.width}" if self.width is not None else f"h{self.height}"
