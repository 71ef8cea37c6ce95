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

SCALES = (2, 3, 4)

# Any factor 1 < factor <= MAX_FACTOR can be asked for: two passes of our models reach x8 (x4 then x2).
MAX_FACTOR = 8.0


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


def serving_passes(factor: float) -> tuple[int, ...]:
    """The trained scales whose models enlarge by ``factor``, in order, each at its own factor.

    The fewest passes whose factors reach ``factor``; where they overshoot it, the result is reduced
    to the size asked for. Whole factors 2, 3 and 4 are one pass and no reduction.
    """
    check_factor(factor)
    return next(plan for plan in SERVING_PLANS if math.prod(plan) >= factor - 1e-9)


# The plans in order of the factor they reach: measured, see the module notes.
SERVING_PLANS: tuple[tuple[int, ...], ...] = ((2,), (3,), (4,), (3, 2), (4, 2))
