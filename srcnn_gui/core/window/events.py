"""A tiny observer: the window model announces changes, the Qt view listens (no Qt, no extra dependency)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


class Event:
    """Callbacks called, in the order connected, with whatever :meth:`emit` is given."""

    def __init__(self) -> None:
        self._callbacks: list[Callable[..., Any]] = []

    def connect(self, callback: Callable[..., Any]) -> None:
        """Call ``callback`` on every :meth:`emit` from now on."""
        self._callbacks.append(callback)

    def emit(self, *args: Any) -> None:
        """Call every connected callback with ``args``."""
        for callback in list(self._callbacks):
            callback(*args)
