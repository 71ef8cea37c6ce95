"""Tiles: cutting an image into tiles for inference that fits in memory, running them, stitching the results.

A tile is an output region; the network reads it with ``radius`` pixels of context on every side
(the overlap) from an image padded once by that radius, so tiles change nothing (tested: tiled ==
untiled). The overlap is therefore the model's radius, decided here by :func:`tile_input`, not a
setting. :func:`run_tiled` cuts each tile's input, runs the network on it (several at a time) and
stitches the result into its place. Free of torch and numpy: the command line reads :class:`Tiling`
before any work.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from srcnn_gui.core.errors import CancelledError, ConfigError

# Measured on 1 MP, 2 cores: tiles of 128 to 384 pixels run equally fast (within 5%); 256 keeps a
# worker's maps small and lets Cancel answer sooner than larger tiles would.
DEFAULT_TILE_SIDE = 256
# FSRCNN's default tiles, in low-res pixels (1152 output pixels at x3), run one at a time on every core: on a
# 12 MP output tiles of 256-512 low-res pixels ran within 2% of each other, 86 (the default above, in output
# pixels) 40% slower; 384 takes a 1 MP output in one tile, 12% faster than four (session 16).
FSRCNN_TILE_INPUT_SIDE = 384


class TileBox(NamedTuple):
    """An output region: rows ``top:bottom``, columns ``left:right``."""

    top: int
    left: int
    bottom: int
    right: int


@dataclass(frozen=True)
class Tiling:
    """How the network is fed: the whole image at once (``side=None``) or tiles of at most ``side`` pixels."""

    side: int | None
    # Set on the engine's default only (no tile size asked for): the engine may then size tiles for its network.
    engine_default: bool = field(default=False, compare=False)

    def __post_init__(self) -> None:
        if self.side is not None and self.side < 1:
            raise ConfigError(f"tile size must be positive, got {self.side}")

    @classmethod
    def from_option(cls, value: int | None) -> Tiling:
        """The command line's ``--tile``: absent gives the default, 0 the whole image, N tiles of N pixels."""
        if value is None:
            return DEFAULT_TILING
        return WHOLE_IMAGE if value == 0 else cls(value)

    def describe(self) -> str:
        """``"256"`` or ``"none"``, for reports."""
        return "none" if self.side is None else str(self.side)


DEFAULT_TILING = Tiling(DEFAULT_TILE_SIDE, engine_default=True)
WHOLE_IMAGE = Tiling(None)


def tile_boxes(height: int, width: int, tiling: Tiling, grid: int = 1) -> list[TileBox]:
    """Cover a ``height`` x ``width`` image with non-overlapping boxes of at most ``tiling.side`` pixels a side.

    Every pixel is in exactly one box; boxes are as even as possible; the whole image is one box.
    With ``grid`` > 1 every cut falls on a multiple of ``grid`` (boxes then ``grid``-multiples, at
    least ``grid``, equal but for the last): the Winograd engine computes blocks of ``grid`` pixels,
    and cuts on its block grid keep every pixel's result independent of the tiling, bit for bit.
    """
    if height <= 0 or width <= 0:
        raise ValueError(f"cannot tile an empty {width}x{height} image")
    side = tiling.side
    if side is None:
        return [TileBox(0, 0, height, width)]

    def cuts(length: int) -> list[int]:
        if grid == 1:
            count = -(-length // side)
            return [round(i * length / count) for i in range(count + 1)]
        step = max(grid, side // grid * grid)
        count = -(-length // step)
        size = grid * -(-length // (count * grid))  # the even share, rounded up to the grid
        return [i * size for i in range(count)] + [length]

    rows, cols = cuts(height), cuts(width)
    return [
        TileBox(rows[i], cols[j], rows[i + 1], cols[j + 1])
        for i in range(len(rows) - 1)
        for j in range(len(cols) - 1)
    ]


def tile_input(box: TileBox, radius: int) -> tuple[slice, slice]:
    """Rows and columns of an image padded by ``radius`` that the network reads to compute ``box``."""
    return slice(box.top, box.bottom + 2 * radius), slice(box.left, box.right + 2 * radius)


def run_tiled(
    network: Callable[[Any], Any],
    source: Any,
    out: Any,
    radius: int,
    boxes: Sequence[TileBox],
    *,
    workers: int = 1,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    worker_setup: Callable[[], None] | None = None,
    factor: int = 1,
) -> None:
    """Fill ``out`` box by box: ``network`` on each box's input (:func:`tile_input`) cut from ``source`` (padded
    by ``radius``), its result stitched into ``out[box]`` (``factor`` times the box where the network enlarges:
    FSRCNN); ``workers`` boxes at a time.

    ``source`` and ``out`` are 2-D arrays (torch or numpy) indexed by slices. Progress and cancel
    checks happen on the calling thread: after each box, and before each is started (a cancel raises
    :class:`CancelledError`). ``worker_setup`` runs once in each worker thread.
    """

    def run(box: TileBox) -> None:
        f = factor
        out[box.top * f : box.bottom * f, box.left * f : box.right * f] = network(source[tile_input(box, radius)])

    def stop_if_cancelled(done: int) -> None:
        if cancelled is not None and cancelled():
            raise CancelledError(f"cancelled after {done} of {len(boxes)} tiles")

    if workers <= 1:
        for done, box in enumerate(boxes):
            stop_if_cancelled(done)
            run(box)
            if progress is not None:
                progress(done + 1, len(boxes))
        return
    todo = list(reversed(boxes))
    done = 0
    with ThreadPoolExecutor(workers, thread_name_prefix="srcnn-tile", initializer=worker_setup) as pool:
        running: set[Future[None]] = set()
        while todo or running:
            while todo and len(running) < workers:
                stop_if_cancelled(done)
                running.add(pool.submit(run, todo.pop()))
            finished, running = wait(running, return_when=FIRST_COMPLETED)
            for future in finished:
                future.result()
                done += 1
                if progress is not None:
                    progress(done, len(boxes))
                if todo or running:
                    stop_if_cancelled(done)
