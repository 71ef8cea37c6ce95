"""PNG encoding band by band, so a picture never has to be in memory whole to be written.

Pillow and OpenCV encode PNG only from a complete image, and neither writes 16-bit grey + alpha.
A PNG is a few chunks around one zlib stream of filtered rows, produced incrementally: rows go in as
they are computed and compressed bytes go out to the file.

Both steps are chosen by measurement on an x2 upscaled photo (docs/benchmarks.md, "The whole path"):

* every row uses the Average filter (each byte less the mean of its left and upper neighbours): on an
  upscaled photo it compressed best of Paeth, Up, Sub and Average (Paeth's files 3% larger), in a
  twentieth of Paeth's time in numpy;
* the deflate stream comes from zlib-ng (python-zlib-ng), a drop-in zlib with the same levels and
  format that runs 2.5-3x faster than the standard library's zlib at each level. The level is an output
  setting (:mod:`~srcnn_gui.core.images.png_levels`; 0 stores, 9 squeezes hardest).
"""

from __future__ import annotations

import struct
import zlib
from typing import BinaryIO

import numpy as np
from zlib_ng import zlib_ng

from srcnn_gui.core.images.png_levels import DEFAULT_PNG_LEVEL, check_png_level

_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_COLOUR_TYPES = {1: 0, 2: 4, 3: 2, 4: 6}  # channels -> PNG colour type (grey, grey+alpha, RGB, RGBA)
_AVERAGE = 3
_IDAT_SIZE = 1 << 20


def png_chunk(kind: bytes, data: bytes) -> bytes:
    """One chunk: length, type, data, CRC."""
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def average_filter(rows: np.ndarray, above: np.ndarray, bpp: int) -> np.ndarray:
    """A band of raw rows (bytes per row, ``bpp`` bytes a pixel) Average-filtered, each row led by its filter
    byte, given the raw row above the band (zeros above the first)."""
    predictor = np.empty(rows.shape, dtype=np.uint16)  # the neighbours' sum needs 9 bits
    predictor[0] = above
    predictor[1:] = rows[:-1]
    predictor[:, bpp:] += rows[:, :-bpp]
    predictor >>= 1
    filtered = np.empty((len(rows), rows.shape[1] + 1), dtype=np.uint8)
    filtered[:, 0] = _AVERAGE
    # Differences taken modulo 256, as the filter is defined: the low byte of the 16-bit difference.
    np.subtract(rows, predictor, out=filtered[:, 1:], casting="unsafe")
    return filtered


class PngWriter:
    """Write a PNG to an open binary file: ``write_rows`` bands top to bottom, then ``close``.

    ``dtype`` is ``uint8`` or ``uint16``; ``channels`` 1 to 4 as in the internal image form. The
    ICC profile and EXIF (TIFF-structured, without the ``Exif`` header) go in before the pixels.
    ``level`` is the deflate level, 0-9.
    """

    def __init__(
        self,
        handle: BinaryIO,
        width: int,
        height: int,
        channels: int,
        dtype: np.dtype | type,
        *,
        icc_profile: bytes | None = None,
        exif: bytes | None = None,
        level: int = DEFAULT_PNG_LEVEL,
    ) -> None:
        self.dtype = np.dtype(dtype)
        if self.dtype not in (np.dtype(np.uint8), np.dtype(np.uint16)) or channels not in _COLOUR_TYPES:
            raise ValueError(f"PNG holds 1-4 channels of uint8 or uint16, not {channels} of {self.dtype}")
        self.handle, self.width, self.height, self.channels = handle, width, height, channels
        self.bpp = channels * self.dtype.itemsize
        self.rows_written = 0
        self._above = np.zeros(width * self.bpp, dtype=np.uint8)
        self._zlib = zlib_ng.compressobj(check_png_level(level))
        self._pending = bytearray()
        depth = 8 * self.dtype.itemsize
        header = struct.pack(">IIBBBBB", width, height, depth, _COLOUR_TYPES[channels], 0, 0, 0)
        handle.write(_SIGNATURE + png_chunk(b"IHDR", header))
        if icc_profile:
            handle.write(png_chunk(b"iCCP", b"ICC profile\x00\x00" + zlib.compress(icc_profile)))
        if exif:
            handle.write(png_chunk(b"eXIf", exif))

    def write_rows(self, band: np.ndarray) -> None:
        """Append rows: an array of shape (rows, width, channels) of this writer's dtype."""
        if band.shape[1:] != (self.width, self.channels) or band.dtype != self.dtype:
            raise ValueError(f"expected rows of {self.width} x {self.channels} {self.dtype}, got {band.shape} {band.dtype}")
        if self.rows_written + len(band) > self.height:
            raise ValueError(f"more than the {self.height} rows announced")
        raw = np.ascontiguousarray(band.astype(self.dtype.newbyteorder(">"), copy=False)).view(np.uint8)
        raw = raw.reshape(len(band), self.width * self.bpp)
        self._pending += self._zlib.compress(average_filter(raw, self._above, self.bpp))
        self._above = raw[-1].copy()
        self.rows_written += len(band)
        self._flush(_IDAT_SIZE)

    def close(self) -> None:
        """Finish the zlib stream and the file; every announced row must have been written."""
        if self.rows_written != self.height:
            raise ValueError(f"{self.rows_written} of {self.height} rows written")
        self._pending += self._zlib.flush()
        self._flush(1)
        self.handle.write(png_chunk(b"IEND", b""))

    def _flush(self, at_least: int) -> None:
        while len(self._pending) >= at_least:
            self.handle.write(png_chunk(b"IDAT", bytes(self._pending[:_IDAT_SIZE])))
            del self._pending[:_IDAT_SIZE]
