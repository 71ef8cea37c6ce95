"""PNG encoding band by band, so a picture never has to be in memory whole to be written.

Pillow and OpenCV encode PNG only from a complete image, and neither writes 16-bit grey + alpha.
A PNG is a few chunks around one zlib stream of filtered rows, which the standard library's zlib
produces incrementally: rows go in as they are computed and compressed bytes go out to the file.
Every row uses the Paeth filter (the best single filter for photographs in libpng's measurements),
computed with numpy over a whole band at a time.
"""

from __future__ import annotations

import struct
import zlib
from typing import BinaryIO

import numpy as np

_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_COLOUR_TYPES = {1: 0, 2: 4, 3: 2, 4: 6}  # channels -> PNG colour type (grey, grey+alpha, RGB, RGBA)
_PAETH = 4
_IDAT_SIZE = 1 << 20


def png_chunk(kind: bytes, data: bytes) -> bytes:
    """One chunk: length, type, data, CRC."""
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _paeth_filter(rows: np.ndarray, above: np.ndarray, bpp: int) -> np.ndarray:
    """Paeth-filter a band of raw rows (bytes per row), given the raw row above the band."""
    b = np.vstack([above[None], rows[:-1]]).astype(np.int16)
    raw = rows.astype(np.int16)
    a = np.zeros_like(raw)
    a[:, bpp:] = raw[:, :-bpp]
    c = np.zeros_like(raw)
    c[:, bpp:] = b[:, :-bpp]
    p = a + b - c
    pa, pb, pc = np.abs(p - a), np.abs(p - b), np.abs(p - c)
    predictor = np.where((pa <= pb) & (pa <= pc), a, np.where(pb <= pc, b, c))
    filtered = ((raw - predictor) & 0xFF).astype(np.uint8)
    return np.hstack([np.full((len(rows), 1), _PAETH, dtype=np.uint8), filtered])


class PngWriter:
    """Write a PNG to an open binary file: ``write_rows`` bands top to bottom, then ``close``.

    ``dtype`` is ``uint8`` or ``uint16``; ``channels`` 1 to 4 as in the internal image form. The
    ICC profile and EXIF (TIFF-structured, without the ``Exif`` header) go in before the pixels.
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
        level: int = 6,
    ) -> None:
        self.dtype = np.dtype(dtype)
        if self.dtype not in (np.dtype(np.uint8), np.dtype(np.uint16)) or channels not in _COLOUR_TYPES:
            raise ValueError(f"PNG holds 1-4 channels of uint8 or uint16, not {channels} of {self.dtype}")
        self.handle, self.width, self.height, self.channels = handle, width, height, channels
        self.bpp = channels * self.dtype.itemsize
        self.rows_written = 0
        self._above = np.zeros(width * self.bpp, dtype=np.uint8)
        self._zlib = zlib.compressobj(level)
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
        self._pending += self._zlib.compress(_paeth_filter(raw, self._above, self.bpp).tobytes())
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
