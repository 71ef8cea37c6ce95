"""Which regions of a large result to compute, and in what order: the part on screen first.

A result too large to compute at once is cut into square regions on the input's grid (:func:`plan_regions`).
A :class:`RegionSchedule` hands them out one at a time to the worker, regions the view shows first
(nearest its centre first); the window tells a :class:`ViewFocus`, from its own thread, where the view
now is, and the schedule follows it: panning or zooming to a region not yet done moves it to the front.
Results of several passes come in bands of rows, each pass reading the one before top to bottom: a
:class:`BandSchedule` starts such a run of bands where the view is, and a new run where the view moves.
Pure geometry, no numpy: a test drives it on its own.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

# A region's side in output pixels: small enough that one is done in a fraction of a second, a multiple
# of 128 so that reduced levels (halved up to seven times) cut it into whole pixels.
REGION_OUTPUT_SIDE = 384
# The same for a network about 40 times faster (FSRCNN): four times the area, so that each region's own costs (its
# margins, its threads, its cache writes) weigh less; a 12000 x 9000 result took 12.0-12.7 s instead of 15.0-15.9.
FAST_REGION_OUTPUT_SIDE = 768
_GRID = 4  # input sides and origins on this grid keep every scale's output on the Winograd block grid


@dataclass(frozen=True)
class Box:
    """A rectangle, ``top:bottom`` rows and ``left:right`` columns."""

    top: int
    left: int
    bottom: int
    right: int

    def scaled(self, factor: int) -> Box:
        """The same rectangle on a grid ``factor`` times finer (input to output pixels)."""
        return Box(self.top * factor, self.left * factor, self.bottom * factor, self.right * factor)

    def overlaps(self, other: Box) -> bool:
        """Whether the two rectangles share a pixel."""
        return (self.top < other.bottom and other.top < self.bottom
                and self.left < other.right and other.left < self.right)

    def centre(self) -> tuple[float, float]:
        """(row, column) of the middle."""
        return (self.top + self.bottom) / 2, (self.left + self.right) / 2


def region_side(scale: int, *, fast: bool = False) -> int:
    """A region's side in input pixels at ``scale``: about :data:`REGION_OUTPUT_SIDE` output pixels
    (:data:`FAST_REGION_OUTPUT_SIDE` for a ``fast`` network), on the grid."""
    side = FAST_REGION_OUTPUT_SIDE if fast else REGION_OUTPUT_SIDE
    return max(_GRID, _GRID * round(side / scale / _GRID))


def plan_regions(height: int, width: int, side: int) -> list[Box]:
    """Input boxes of ``side`` pixels (smaller at the right and bottom edges) covering ``height x width``,
    row by row."""
    return [Box(top, left, min(height, top + side), min(width, left + side))
            for top in range(0, height, side) for left in range(0, width, side)]


def view_order(regions: list[Box], view: Box) -> list[int]:
    """Indices of ``regions``: those ``view`` overlaps first, nearest its centre first, then the rest by
    their distance from it (the user is likely to look nearby next)."""
    row, column = view.centre()

    def priority(index: int) -> tuple[bool, float]:
        box = regions[index]
        r, c = box.centre()
        return not box.overlaps(view), (r - row) ** 2 + (c - column) ** 2

    return sorted(range(len(regions)), key=priority)


class ViewFocus:
    """Where the view is, as fractions of the picture's height and width: set by the window's thread, read by
    the worker's. One tuple replaced whole, so a reader sees the old view or the new one, never a mix."""

    def __init__(self) -> None:
        self._latest: tuple[int, tuple[float, float, float, float] | None] = (0, None)

    def set(self, top: float, left: float, bottom: float, right: float) -> None:
        """The view now shows rows ``top:bottom`` and columns ``left:right`` of the picture (fractions, 0 to 1)."""
        self._latest = (self._latest[0] + 1, (top, left, bottom, right))

    def latest(self) -> tuple[int, tuple[float, float, float, float] | None]:
        """A number that changes with every :meth:`set`, and the view (None: not known yet)."""
        return self._latest


class RegionSchedule:
    """The regions still to compute, handed out in the order of the view ``focus`` last reported."""

    def __init__(self, regions: list[Box], focus: ViewFocus) -> None:
        self.regions = regions
        self._focus = focus
        self._seen: int | None = None  # the focus's version the order follows; None: not ordered yet
        self._pending = list(range(len(regions)))
        self._height = max((box.bottom for box in regions), default=0)
        self._width = max((box.right for box in regions), default=0)

    def take(self) -> int | None:
        """The next region to compute (the view's latest order), or None when every region is taken."""
        version, view = self._focus.latest()
        if version != self._seen:
            pending = set(self._pending)
            self._pending = [i for i in view_order(self.regions, self._box(view)) if i in pending]
            self._seen = version
        return self._pending.pop(0) if self._pending else None

    @property
    def remaining(self) -> int:
        """How many regions are not taken yet."""
        return len(self._pending)

    def _box(self, view: tuple[float, float, float, float] | None) -> Box:
        top, left, bottom, right = view or (0.0, 0.0, 1.0, 1.0)  # until the window says: the whole picture, fitted
        return Box(int(top * self._height), int(left * self._width),
                   math.ceil(bottom * self._height), math.ceil(right * self._width))


class BandSchedule:
    """Bands of rows (top to bottom) still to compute, in runs of consecutive bands: a run starts at the first
    band not done from the top of the view down (then from the top of the picture), and ends at a band done
    already, at the bottom, or when the view has moved on to other bands not done."""

    def __init__(self, bands: list[Box], focus: ViewFocus) -> None:
        self.bands = bands
        self._focus = focus
        self._pending = set(range(len(bands)))
        self._seen: int | None = None  # the focus's version the current run follows
        self._height = max((box.bottom for box in bands), default=0)

    def start(self) -> int | None:
        """The band a run starts at now (the view's latest), or None when every band is done."""
        version, view = self._focus.latest()
        self._seen = version
        if not self._pending:
            return None
        top = int((view or (0.0, 0.0, 1.0, 1.0))[0] * self._height)  # until the window says: from the top
        below = [index for index in sorted(self._pending) if self.bands[index].bottom > top]
        return below[0] if below else min(self._pending)

    def done(self, index: int) -> None:
        """Band ``index`` is in the cache."""
        self._pending.discard(index)

    def goes_on(self, index: int) -> bool:
        """Whether the run that has just done the band before ``index`` goes on to it: it is not done, and the
        view is where it was when the run started or now starts a run at this very band."""
        if index not in self._pending:
            return False
        version, _ = self._focus.latest()
        return version == self._seen or self.start() == index
