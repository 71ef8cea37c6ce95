"""What a long job and whoever runs it share: a cancel flag, a pause, where progress and reports go.

Jobs are plain functions (or generators, for jobs that report as they go) taking a :class:`JobControl`.
The window's worker thread hands them one wired to its signals; a test hands them one of its own.
Cancel and pause are cooperative: the job asks between two tiles, files or training steps.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

ProgressCallback = Callable[[int, int], None]


def _ignore_progress(done: int, total: int) -> None:
    """Progress nobody listens to."""


def _ignore_pause(paused: bool) -> None:
    """A pause nobody shows."""


def _ignore_report(item: object) -> None:
    """A report nobody reads."""


class JobControl:
    """Thread-safe: the runner calls :meth:`cancel`, :meth:`pause` and :meth:`resume`; the job calls the rest."""

    def __init__(self, progress: ProgressCallback = _ignore_progress, on_pause: Callable[[bool], None] = _ignore_pause,
                 report: Callable[[object], None] = _ignore_report) -> None:
        self.progress = progress
        self.report = report  # what a job tells as it goes besides progress (a preview, the file it is on)
        self._on_pause = on_pause
        self._cancel = threading.Event()
        self._running = threading.Event()
        self._running.set()

    def cancel(self) -> None:
        """Ask the job to stop at its next check; a paused job wakes up to stop."""
        self._cancel.set()
        self._running.set()

    def is_cancelled(self) -> bool:
        return self._cancel.is_set()

    def pause(self) -> None:
        """Stop at the next :meth:`stop_requested` until :meth:`resume` or :meth:`cancel`."""
        self._running.clear()

    def resume(self) -> None:
        self._running.set()

    def is_paused(self) -> bool:
        return not self._running.is_set()

    def stop_requested(self) -> bool:
        """Wait here while paused (telling ``on_pause`` when it starts and ends); then whether to stop."""
        if not self._running.is_set():
            self._on_pause(True)
            self._running.wait()
            self._on_pause(False)
        return self.is_cancelled()
