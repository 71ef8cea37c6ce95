"""An iterator run ahead of its consumer in a background thread: the next bands are computed while the
caller encodes and writes the last one, so the network never waits for the encoder.

The numpy, torch and deflate work on either side releases the GIL, so the two threads overlap on
separate cores. What the source raises (a cancel, a bad picture) reaches the consumer at the item
where it happened; when the consumer stops early (a write error, a closed generator) the source is
stopped and closed in its own thread before this returns, so no work runs on behind it, even when a stop
(Ctrl-C, kill) arrives while it winds up.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterable, Iterator
from typing import TypeVar

from srcnn_gui.core.interruptions import interruptions_held

T = TypeVar("T")

_DONE = object()
_POLL_S = 0.1  # how often a producer blocked on a full queue looks whether the consumer has gone


def computed_ahead(source: Iterable[T], depth: int = 2) -> Iterator[T]:
    """The items of ``source``, computed in a background thread up to ``depth`` items ahead."""
    ready: queue.Queue = queue.Queue(maxsize=depth)
    stop = threading.Event()

    def offer(item: object) -> bool:
        while not stop.is_set():
            try:
                ready.put(item, timeout=_POLL_S)
                return True
            except queue.Full:
                continue
        return False

    def produce() -> None:
        items = iter(source)
        try:
            for item in items:
                if not offer((item, None)):
                    return
            offer((_DONE, None))
        except BaseException as exc:  # handed to the consumer, which raises it in its own thread
            offer((_DONE, exc))
        finally:
            close = getattr(items, "close", None)
            if close is not None:
                close()

    worker = threading.Thread(target=produce, name="computed-ahead", daemon=True)
    try:
        # A Ctrl-C or kill waits while the worker starts (start() waits for it) and while it is joined: a worker
        # never stopped, or left running, would go on into the interpreter's exit, which then aborts.
        with interruptions_held():
            worker.start()
        while True:
            item, error = ready.get()
            if error is not None:
                raise error
            if item is _DONE:
                return
            yield item
    finally:
        stop.set()
        with interruptions_held():
            if worker.ident is not None:  # None: it could not be started
                worker.join()
