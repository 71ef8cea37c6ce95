"""Dropping a folder of good, damaged and odd files on the real window: each file's fate is its own.

The window decodes in two threads at once (the picture's job and the queue's thumbnails); what one
decoder says about a damaged file must never fail a good one, and a named pipe is listed as failed,
never opened (opening one waits for a writer forever) and never lost.
"""

from __future__ import annotations

import faulthandler
import io
import os

import numpy as np
import pytest
from PIL import Image

from srcnn_gui.core.window.picture_queue import DONE, FAILED
from tests.gui.test_main_window import TIMEOUT, drop, settle

GOOD, DAMAGED = 6, 3
pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX thing")


def _picture(seed: int) -> np.ndarray:
    y, x = np.mgrid[0:48, 0:64]
    smooth = np.stack([x * 4, y * 5, (x + y) * 2], axis=-1)
    grain = np.random.default_rng(seed).integers(0, 40, (48, 64, 3))
    return np.clip(smooth + grain, 0, 255).astype(np.uint8)


def _encoded(pixels: np.ndarray, fmt: str) -> bytes:
    buffer = io.BytesIO()
    Image.fromarray(pixels).save(buffer, fmt)
    return buffer.getvalue()


@pytest.fixture()
def mixed_folder(tmp_path):
    """Good PNGs and JPEGs, others cut short in their picture data, and a named pipe with a picture's name."""
    folder = tmp_path / "dropped"
    folder.mkdir()
    good, damaged = [], []
    for index in range(GOOD):
        fmt, ext = ("PNG", "png") if index % 2 == 0 else ("JPEG", "jpg")
        path = folder / f"good-{index}.{ext}"
        path.write_bytes(_encoded(_picture(index), fmt))
        good.append(path)
    for index in range(DAMAGED):
        fmt, ext = ("PNG", "png") if index < 2 else ("JPEG", "jpg")
        data = _encoded(_picture(100 + index), fmt)
        path = folder / f"damaged-{index}.{ext}"
        path.write_bytes(data[: len(data) // 2])  # Qt's readers print "libpng error: Read Error" on these
        damaged.append(path)
    fifo = folder / "pipe.png"
    os.mkfifo(fifo)
    return folder, good, damaged, fifo


@pytest.fixture()
def no_hang():
    """A hang (a reader waiting on a named pipe) ends the run with every thread's stack, not never."""
    faulthandler.dump_traceback_later(300, exit=True)
    yield
    faulthandler.cancel_dump_traceback_later()


def test_a_dropped_folder_fails_only_its_damaged_files_and_lists_named_pipes(qtbot, window, mixed_folder, tmp_path,
                                                                              no_hang):
    folder, good, damaged, fifo = mixed_folder
    given = tmp_path / "given.jpg"  # a named pipe dropped by itself
    os.mkfifo(given)
    drop(window, [folder, given])
    settle(qtbot, window)
    entries = {entry.name: entry for entry in window.model.entries}
    assert {path.name: entries[path.name].status for path in good} == dict.fromkeys((p.name for p in good), DONE), \
        {path.name: entries[path.name].message for path in good}
    for path in damaged:
        assert entries[path.name].status == FAILED and str(path) in entries[path.name].message
    for pipe in (fifo, given):
        assert entries[pipe.name].status == FAILED, entries[pipe.name]
        assert str(pipe) in entries[pipe.name].message and "pipe" in entries[pipe.name].message
        row = window.model.pictures.index(entries[pipe.name])
        assert "failed" in window.queue.item(row).text() and "pipe" in window.queue.item(row).text()
    assert {e.name for e in window.model.entries[-2:]} == {fifo.name, given.name}  # after the pictures
    qtbot.waitUntil(lambda: not window.queue.thumbnails.is_busy(), timeout=TIMEOUT)
    with_thumbnail = {e.name for row, e in enumerate(window.model.entries) if not window.queue.item(row).icon().isNull()}
    assert with_thumbnail == {path.name for path in good}  # nothing read from the pipes or the damaged files
