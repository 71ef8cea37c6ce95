"""Time left for long work, estimated from its progress so far, and durations and counts in words."""

from __future__ import annotations

import time
from collections.abc import Callable


def seconds_left(done: int, total: int, elapsed_s: float) -> float:
    """Time left if the rest goes at the average rate so far."""
    return (total - done) * elapsed_s / max(1, done)


class RemainingTime:
    """Estimates the time left from progress reports ``(done, total)``.

    The clock starts at the first report, not at creation, so start-up (loading a model, reading
    the picture) does not dilute the rate. No estimate before a second has passed: the first tiles
    of a picture say little about the rest.
    """

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._start: tuple[float, int] | None = None

    def update(self, done: int, total: int) -> float | None:
        """Seconds left after this report, or None while too little is known."""
        now = self._clock()
        if self._start is None or done < self._start[1]:  # a new piece of work began
            self._start = (now, done)
            return None
        started, first = self._start
        if now - started < 1.0 or done == first:
            return None
        return seconds_left(done - first, total - first, now - started)


def format_duration(seconds: float) -> str:
    """``'1 h 05 min'``, ``'3 min 07 s'`` or ``'12 s'``."""
    minutes, secs = divmod(int(round(seconds)), 60)
    hours, minutes = divmod(minutes, 60)
    if hours:
        return f"{hours} h {minutes:02d} min"
    return f"{minutes} min {secs:02d} s" if minutes else f"{secs} s"


def counted(count: int, noun: str, plural: str | None = None) -> str:
    """``'1 picture'``, ``'11 pictures'``: a count and its noun, singular or plural (``plural``: an irregular one)."""
    return f"{count} {noun if count == 1 else plural or noun + 's'}"


def already_done(done: int, run: str) -> str:
    """What a batch's summary adds for the pictures an earlier ``run`` ("this command") had finished:
    " (2 more already done by an earlier run of this command)", or nothing."""
    return f" ({done} more already done by an earlier run of {run})" if done else ""
