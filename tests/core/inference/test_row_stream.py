"""A RowStream reads like an array's rows, pulls bands only as far as asked, and keeps only the rows still ahead."""

from __future__ import annotations

import numpy as np
import pytest

from srcnn_gui.core.inference.row_stream import RowStream


def _counted_bands(picture: np.ndarray, rows: int, pulled: list[int]):
    for top in range(0, len(picture), rows):
        pulled.append(top)
        yield picture[top : top + rows]


def test_reads_in_order_equal_the_arrays_rows_and_pull_only_what_they_need():
    picture = np.random.default_rng(0).random((100, 7, 3)).astype(np.float32)
    pulled: list[int] = []
    stream = RowStream(_counted_bands(picture, 10, pulled), picture.shape)
    assert np.array_equal(stream[0:15], picture[0:15]) and pulled == [0, 10]
    # Two readers moving down the picture, as FSRCNN's bands read (bicubic's rows and the low-res ones).
    assert np.array_equal(stream[5:25], picture[5:25])
    assert np.array_equal(stream[2:12], picture[2:12])
    assert np.array_equal(stream[20:45], picture[20:45]) and pulled == [0, 10, 20, 30, 40]
    assert np.array_equal(stream[8:100], picture[8:100])
    assert len(stream) == 100 and stream.shape == picture.shape


def test_rows_behind_both_readers_are_let_go():
    picture = np.arange(60, dtype=np.float32).reshape(60, 1, 1)
    stream = RowStream(_counted_bands(picture, 10, []), picture.shape)
    stream[10:20]
    stream[30:40]
    with pytest.raises(ValueError, match="not ahead of row 10"):
        stream[5:15]
    stream[35:50]  # the earlier of the last two reads is now 30: rows before it are gone
    with pytest.raises(ValueError, match="not ahead of row 30"):
        stream[20:30]


def test_a_stream_started_below_the_top_keeps_its_rows_for_the_second_readers_first_read():
    # The window starts a large result mid-picture: a later FSRCNN pass's first band reads bicubic's rows, then its
    # low-res rows with their context, which start higher up.
    picture = np.random.default_rng(1).random((80, 5, 3)).astype(np.float32)
    stream = RowStream(_counted_bands(picture[20:], 10, []), picture.shape, top=20)
    assert np.array_equal(stream[30:40], picture[30:40])
    assert np.array_equal(stream[22:45], picture[22:45])
    with pytest.raises(ValueError, match="not ahead of row 22"):
        stream[21:30]
