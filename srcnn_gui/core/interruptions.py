"""Ctrl-C and ``kill`` held off for the instant a finished result is put in place and recorded.

A command stops by :class:`KeyboardInterrupt` wherever it is. Between a result taking its name and its
resume record line being written, that would leave a finished file the record does not list, which a
rerun must keep and refuse as not its own. :func:`interruptions_held` puts the stop off to the end of
such a step; the command line installs :func:`interrupt` as its handler of SIGINT and SIGTERM.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

# Signal handlers run in the main thread only, so only its steps are held (counted, for nested steps).
_held = 0
_pending = False


def interrupt(signum: int, frame: object) -> None:
    """Signal handler: stop now with :class:`KeyboardInterrupt`, or at the end of a held step."""
    global _pending
    if _held:
        _pending = True
        return
    raise KeyboardInterrupt


@contextmanager
def interruptions_held() -> Iterator[None]:
    """Run the body whole even if a stop is asked meanwhile; the stop comes when it ends."""
    global _held, _pending
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    _held += 1
    try:
        yield
    finally:
        _held -= 1
        if not _held and _pending:
            _pending = False
            raise KeyboardInterrupt
