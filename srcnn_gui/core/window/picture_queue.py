"""The window's queue of pictures as a plain object: states, what runs next, results, cancel.

One picture runs at a time. The one on screen goes first when it is waiting, otherwise the first
waiting one. Cancel stops the running picture and pauses the queue until the user brings in or
chooses a picture; a settings change makes every result stale and runs them again. A change of
mode (upscale, evaluate) keeps each result for a switch back and runs only the picture on screen:
the others wait until they are chosen. The window only starts a job for
:meth:`PictureQueue.next_to_run` and reports back what the job did.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

WAITING, RUNNING, DONE, FAILED = "waiting", "running", "done", "failed"


@dataclass
class QueueEntry:
    """One picture in the queue: a file, or pixels pasted from the clipboard."""

    name: str
    path: Path | None = None
    pixels: np.ndarray | None = None
    status: str = WAITING
    message: str = ""
    outcome: Any = field(default=None, repr=False)  # the job's result, an UpscaleOutcome in the window
    kept: dict[str, tuple[Any, str]] = field(default_factory=dict, repr=False)  # results (and messages) by other mode
    on_demand: bool = False  # waits until chosen: the queue does not run it by itself

    @property
    def source(self) -> Path | np.ndarray:
        """What the job reads: the file, or the pasted pixels."""
        return self.path if self.path is not None else self.pixels


def _nothing_changed(entry: QueueEntry) -> None:
    """No view to tell."""


def _nothing_held(outcome: Any) -> None:
    """A result that holds nothing beyond its memory."""


class PictureQueue:
    """The entries in order, the one running, and whether the queue waits after a cancel.

    ``changed`` hears every entry whose status, message or result changed (the view redraws it);
    ``release`` every result the queue drops, to free what it holds (a large result's cache on disk).
    """

    def __init__(self, changed: Callable[[QueueEntry], None] = _nothing_changed,
                 release: Callable[[Any], None] = _nothing_held) -> None:
        self.entries: list[QueueEntry] = []
        self._release = release
        self.running: QueueEntry | None = None
        self.paused = False
        self._changed = changed
        self._stale = False  # the running job was cancelled, or started with settings that have changed since
        self._note = ""  # what a picture waiting until chosen says (after a change of mode)

    def _set(self, entry: QueueEntry, status: str, message: str = "") -> None:
        entry.status, entry.message = status, message
        self._changed(entry)

    def index(self, entry: QueueEntry) -> int:
        """The row of ``entry`` in the queue."""
        return self.entries.index(entry)

    def add(self, entries: list[QueueEntry]) -> None:
        """Append pictures; bringing pictures in ends a pause."""
        self.entries.extend(entries)
        if entries:
            self.paused = False

    def next_to_run(self, current: QueueEntry | None) -> QueueEntry | None:
        """The picture to start now, or ``None``: one is running, the queue is paused, or none waits."""
        if self.running is not None or self.paused:
            return None
        waiting = [e for e in self.entries if e.status == WAITING and (e is current or not e.on_demand)]
        if not waiting:
            return None
        return current if current in waiting else waiting[0]

    def start(self, entry: QueueEntry) -> None:
        """A job for ``entry`` has started."""
        self.running, self._stale = entry, False
        self._set(entry, RUNNING)

    def finish(self, outcome: Any, message: str = "") -> QueueEntry | None:
        """The running job's result; dropped (returns ``None``) after a cancel or a settings change."""
        entry = self.running
        if entry is None or self._stale:
            self._release(outcome)
            return None
        entry.outcome = outcome
        self._set(entry, DONE, message)
        return entry

    def fail(self, message: str) -> QueueEntry | None:
        """The running job failed with ``message`` (naming the file and the problem)."""
        entry = self.running
        if entry is None:
            return None
        self._set(entry, FAILED, message)
        return entry

    def stopped(self) -> QueueEntry | None:
        """The running job has ended; a picture it did not finish waits again ("cancelled" after a cancel)."""
        entry, self.running = self.running, None
        if entry is not None and entry.status == RUNNING:
            self._set(entry, WAITING, "cancelled" if self.paused else self._note if entry.on_demand else "")
        return entry

    def cancel(self) -> bool:
        """Pause the queue; returns whether a running job must be told to stop."""
        if self.running is None:
            return False
        self.paused = True
        self._stale = True  # a result that still arrives was cancelled: the picture waits
        return True

    def restart_all(self) -> bool:
        """Settings changed: every result is stale and every picture waits; returns whether a running job must stop."""
        self.release_all()
        for entry in self.entries:
            entry.on_demand = False
            self._set(entry, WAITING)
        self.paused = False
        self._stale = self.running is not None
        return self._stale

    def release_all(self) -> None:
        """Drop every result, kept ones too (the settings changed, or the window closes)."""
        for entry in self.entries:
            for outcome in (entry.outcome, *(kept for kept, _ in entry.kept.values())):
                if outcome is not None:
                    self._release(outcome)
            entry.outcome = None
            entry.kept.clear()

    def note_progress(self, text: str) -> None:
        """How far the running picture is ("40%  ·  3 s left"), shown as its message."""
        if self.running is not None:
            self._set(self.running, RUNNING, text)

    def switch_mode(self, old: str, new: str, current: QueueEntry | None, note: str = "") -> bool:
        """The mode changed from ``old`` to ``new``: results are kept by mode, and a picture with one for
        ``new`` shows it again at once. Only ``current`` runs now; the others wait (with ``note``) until they
        are chosen. Returns whether a running job must stop (its result is for ``old``)."""
        self._note = note
        for entry in self.entries:
            if entry.outcome is not None:
                entry.kept[old] = (entry.outcome, entry.message)
            entry.outcome = None
            if new in entry.kept:
                entry.outcome, message = entry.kept.pop(new)
                self._set(entry, DONE, message)
            elif entry is not self.running:
                entry.on_demand = entry is not current
                self._set(entry, WAITING, "" if entry is current else note)
            else:
                entry.on_demand = entry is not current
        self.paused = False
        self._stale = self.running is not None
        return self._stale

    def choose(self, entry: QueueEntry | None) -> bool:
        """The user chose ``entry``: a waiting (or cancelled) picture ends the pause; returns whether to run it."""
        if entry is None or entry.status != WAITING:
            return False
        self.paused, entry.on_demand = False, False
        self._set(entry, WAITING)
        return True
