"""A picture that arrives top to bottom in bands, read as an array's rows are: one pass's result feeding the next.

A factor served by several passes (x5: the x3 model, then the x2 model, then a reduction) would hold each
pass's whole float result in memory. Instead the next pass reads the previous one's bands through a
:class:`RowStream`: it asks for ``rows[first:last]`` as it would of an array, and the stream pulls bands
until it has them, keeping only the rows a later read may still ask for. The band-by-band readers
(:meth:`~srcnn_gui.core.inference.upscaler.Upscaler.upscale_bands`,
:func:`~srcnn_gui.core.inference.upscaler.resize_picture_rows`) read each band's rows with at most two
slices whose starts never go back from one band to the next; the stream therefore keeps the rows from the
earlier of the last two starts on.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator

import numpy as np

# How many interleaved reading positions a reader may have: FSRCNN's bands read the rows bicubic needs and
# the (fewer) low-res rows its network needs, each moving down the picture.
READERS = 2


class RowStream:
    """The picture of ``shape`` whose rows ``bands`` yields top to bottom, from row ``top`` on, read by row slices
    in order."""

    def __init__(self, bands: Iterator[np.ndarray], shape: tuple[int, ...], top: int = 0) -> None:
        self.shape = shape
        self._bands = bands
        self._rows = np.empty((0, *shape[1:]), dtype=np.float32)  # the rows kept, from ``_top`` on
        self._top = top
        # As if every reader but one had started at ``top``: a reader's first read lets go of no row another may read
        # first (FSRCNN's first band from below the top reads its bicubic rows, then its lower low-res ones).
        self._starts: deque[int] = deque([top] * (READERS - 1), maxlen=READERS)

    def __len__(self) -> int:
        return self.shape[0]

    def __getitem__(self, rows: slice) -> np.ndarray:
        """A copy of ``rows`` (a slice of whole rows); :class:`ValueError` for rows already let go."""
        if not isinstance(rows, slice):
            raise TypeError(f"a RowStream is read by row slices, not {rows!r}")
        start, stop, step = rows.indices(self.shape[0])
        if step != 1 or start < self._top:
            raise ValueError(f"rows {start}:{stop} are not ahead of row {self._top}, where this stream has got to")
        self._starts.append(start)
        keep = min(self._starts) - self._top
        pulled = []
        end = self._top + len(self._rows)
        while end < stop:
            band = next(self._bands)
            pulled.append(band)
            end += len(band)
        # Rows let go may lie in the bands just pulled (a stream that starts below its top's first band).
        self._rows = (np.concatenate([self._rows, *pulled]) if pulled else self._rows)[keep:]
        self._top += keep
        return self._rows[start - self._top : stop - self._top].copy()
