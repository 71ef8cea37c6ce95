"""Bands computed ahead in a background thread: same items in the same order, computed off the caller's thread,
a failure raised where it happened, and a consumer that stops early stops and closes the source."""

from __future__ import annotations

import os
import signal
import threading
import time

import pytest

from srcnn_gui.core.errors import CancelledError
from srcnn_gui.core.inference.computed_ahead import computed_ahead
from srcnn_gui.core.interruptions import interrupt


def test_items_arrive_in_order_computed_in_another_thread():
    threads = []

    def source():
        for index in range(20):
            threads.append(threading.get_ident())
            yield index

    assert list(computed_ahead(source(), depth=3)) == list(range(20))
    assert set(threads) and threading.get_ident() not in threads


def test_a_failure_in_the_source_reaches_the_consumer_after_the_items_before_it():
    def source():
        yield 1
        yield 2
        raise CancelledError("cancelled at 3")

    got = []
    with pytest.raises(CancelledError, match="cancelled at 3"):
        for item in computed_ahead(source()):
            got.append(item)
    assert got == [1, 2]


def test_a_consumer_that_stops_early_stops_and_closes_the_source():
    made, closed = [], threading.Event()

    def source():
        try:
            for index in range(1000):
                made.append(index)
                yield index
        finally:
            closed.set()

    ahead = computed_ahead(source(), depth=2)
    assert next(ahead) == 0
    ahead.close()
    assert closed.is_set()  # closed before close() returned: nothing runs on behind the consumer
    assert len(made) <= 4  # the one taken, at most two waiting, one blocked on the full queue


class _SlowToClose:
    """A source of one item whose closing takes a while (a band's work winding up)."""

    def __init__(self) -> None:
        self.items = iter([1])

    def __iter__(self):
        return self

    def __next__(self):
        return next(self.items)

    def close(self) -> None:
        time.sleep(0.6)


def test_a_stop_while_the_worker_winds_up_still_waits_for_it():
    """Ctrl-C or kill (the command line's handler) arriving while the consumer waits for the worker to end must not
    cut that wait: a worker left running went on into the interpreter's exit, which then aborted."""
    previous = signal.signal(signal.SIGINT, interrupt)
    timer = threading.Timer(0.2, os.kill, (os.getpid(), signal.SIGINT))
    try:
        with pytest.raises(KeyboardInterrupt):
            items = computed_ahead(_SlowToClose())
            assert next(items) == 1
            timer.start()
            next(items, None)  # the source is done: the generator ends and waits for the worker to close it
        assert not [thread for thread in threading.enumerate() if thread.name == "computed-ahead"]
    finally:
        timer.cancel()
        signal.signal(signal.SIGINT, previous)


def test_a_stop_as_the_worker_starts_still_stops_and_joins_it(monkeypatch):
    """A Ctrl-C or kill landing while ``start()`` waits for the new thread: on the old code it left a worker that
    nobody stopped, polling its full queue for ever, into the interpreter's exit."""
    start = threading.Thread.start

    def start_then_stop(thread: threading.Thread) -> None:
        start(thread)
        if thread.name == "computed-ahead":
            signal.raise_signal(signal.SIGINT)  # handled in the main thread as start() returns

    previous = signal.signal(signal.SIGINT, interrupt)
    monkeypatch.setattr(threading.Thread, "start", start_then_stop)
    try:
        with pytest.raises(KeyboardInterrupt):
            list(computed_ahead(iter(range(100))))
    finally:
        monkeypatch.undo()
        signal.signal(signal.SIGINT, previous)
    assert not [thread for thread in threading.enumerate() if thread.name == "computed-ahead"]
