"""The upscaling factors: the scales we ship models for, the factors we upscale by, and which models serve which.

A model is only good at its own factor: the x2 model refining a bicubic x1.5 enlargement falls well
below bicubic (it sharpens a blur that is not there), and so does the x4 model at x2.5. So every pass
runs a model at the factor it was trained for, and the result is reduced to the exact size with
antialiased bicubic: x1.5 is the x2 model then a reduction, x5 the x3 then the x2 model then a
reduction. Measured on Set5 and Set14 by ``srcnn-gui card --any-scale`` (the tables are in the README
and the model card), this beats one pass with the nearest model at every factor tried, and above x4
two passes beat one by more than a dB; of two passes the larger model goes first (at x6 slightly
better than the other order, at x8 equal).
"""

from __future__ import annotations

import math

from srcnn_gui.core.errors import ConfigError
from srcnn_gui.core.images.output_size import OutputSize

# The factors models are trained for: shipped, trained in the window or by `srcnn-gui train`, imported.
SCALES = (2, 3, 4)

# Any factor 1 < factor <= MAX_FACTOR can be asked for: two passes of our models reach x8 (x4 then x2).
MAX_FACTOR = 8.0

# The factor when none is asked for: the CLI's --scale, the window's Scale field at its first start.
# x3 is the factor of the paper's headline results and of the bundled self-test.
DEFAULT_FACTOR = 3

# What the user may ask for, in words: the CLI's --scale help and the window's Scale field.
FACTOR_HELP = f"any number above 1 up to {MAX_FACTOR:g}"
SIZE_HELP = (f"a factor above 1 up to {MAX_FACTOR:g} (2.5), a box to fit in (1920x1080), a width (w1920) "
             "or a height (h1080)")


def check_factor(factor: float) -> float:
    """``factor`` if it is an enlargement we offer (1 < factor <= 8), else :class:`ConfigError`."""
    if not (isinstance(factor, (int, float)) and math.isfinite(factor) and 1.0 < factor <= MAX_FACTOR):
        shown = f"x{factor:.4g}" if isinstance(factor, (int, float)) else repr(factor)
        raise ConfigError(f"{shown} is not an enlargement we offer: the factor must be above 1 and at most {MAX_FACTOR:g}")
    return factor


def parse_factor(text: str) -> float | int:
    """A factor typed by the user ("2", "2.5", "x1.5"); whole numbers come back as ``int``."""
    raw = text.strip().lower().removeprefix("x")
    try:
        value = float(raw)
    except ValueError:
        raise ConfigError(f"'{text}': the scale must be a number such as 2, 2.5 or 3") from None
    check_factor(value)
    return int(value) if value.is_integer() else value


def parse_request(text: str) -> OutputSize:
    """What a user typed as the size ("2.5", "x3", "1920x1080", "w1920", "h1080"), a factor checked here;
    :class:`ConfigError` (saying what may be typed) otherwise."""
    request = OutputSize.parse(text)
    if request.factor is not None:
        check_factor(request.factor)
    return request


def picture_factor(request: OutputSize, height: int, width: int) -> float:
    """The factor a picture of ``height`` x ``width`` is enlarged by for ``request``: the factor asked for, or
    for an output size the picture's own (:meth:`OutputSize.factor_for`); checked, the sizes named when refused."""
    if request.factor is not None:
        return check_factor(request.factor)
    try:
        return check_factor(request.factor_for(height, width))
    except ConfigError as exc:
        out_h, out_w = request.pixels(height, width)
        raise ConfigError(f"{width} x {height} to {out_w} x {out_h}: {exc}") from None


def serving_passes(factor: float) -> tuple[int, ...]:
    """The trained scales whose models enlarge by ``factor``, in order, each at its own factor.

    The fewest passes whose factors reach ``factor``; where they overshoot it, the result is reduced
    to the size asked for. Whole factors 2, 3 and 4 are one pass and no reduction.
    """
    check_factor(factor)
    return next(plan for plan in SERVING_PLANS if math.prod(plan) >= factor - 1e-9)


# The plans in order of the factor they reach: measured, see the module notes.
SERVING_PLANS: tuple[tuple[int, ...], ...] = ((2,), (3,), (4,), (3, 2), (4, 2))
