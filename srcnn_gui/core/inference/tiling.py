"""Splitting an image into tiles for inference that fits in memory."""

from __future__ import annotations

from typing import NamedTuple


class TileBox(NamedTuple):
    """An output region: rows ``top:bottom``, columns ``left:right``."""

    top: int
    left: int
    bottom: int
    right: int


def tile_boxes(height: int, width: int, tile: int | None) -> list[TileBox]:
    """Cover a ``height`` x ``width`` image with non-overlapping boxes of at most ``tile`` pixels a side.

    Every pixel is in exactly one box; boxes are as even as possible. ``None`` or 0 means one box.
    The context a box needs around it (the overlap) is added by the caller from its padded input.
    """
    if height <= 0 or width <= 0:
        raise ValueError(f"cannot tile an empty {width}x{height} image")
    if not tile:
        return [TileBox(0, 0, height, width)]
    if tile < 1:
        raise ValueError(f"tile size must be positive, got {tile}")

    def cuts(length: int) -> list[int]:
        count = -(-length // tile)
        return [round(i * length / count) for i in range(count + 1)]

    rows, cols = cuts(height), cuts(width)
    return [
        TileBox(rows[i], cols[j], rows[i + 1], cols[j + 1])
        for i in range(len(rows) - 1)
        for j in range(len(cols) - 1)
    ]
