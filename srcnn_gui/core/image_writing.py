"""Writing upscaled pictures: the format, bit depth and metadata of the output, written atomically.

A picture arrives either whole (:func:`save_image`, :func:`encode_image`) or as bands of rows, top
to bottom (:func:`save_bands`), so that a 24,000 x 16,000 result is never in memory at once:

* PNG: our band-by-band encoder (:mod:`srcnn_gui.core.png_writer`), any bit depth and channels;
* TIFF: tifffile, 256 x 256 tiles written as the bands arrive; 8-bit whole pictures go through
  Pillow instead, which also writes EXIF (tifffile cannot write an EXIF directory);
* JPEG, WebP, BMP: their encoders need the whole picture, so the bands are gathered as 8-bit
  samples first (a quarter of the float picture's memory).

16 bits per sample are written where the source had them and the format holds them (PNG, TIFF).
Transparency is composited over white for formats without alpha (JPEG, BMP).
"""

from __future__ import annotations

import errno
import io
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import BinaryIO

import numpy as np
import tifffile
from PIL import Image

from srcnn_gui.core.atomic import atomic_path
from srcnn_gui.core.errors import ImageWriteError
from srcnn_gui.core.imaging import ImageMetadata, split_alpha, to_uint8, to_uint16
from srcnn_gui.core.png_writer import PngWriter

_NO_ALPHA_FORMATS = frozenset({"JPEG", "BMP"})
_SIXTEEN_BIT_FORMATS = frozenset({"PNG", "TIFF"})
_FORMAT_BY_SUFFIX = {
    ".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG", ".bmp": "BMP",
    ".tif": "TIFF", ".tiff": "TIFF", ".webp": "WEBP",
}
_MAX_SIDE = {"JPEG": 65535, "WEBP": 16383}  # what the format's header can state
_EXIF_IFD, _EXIF_WIDTH, _EXIF_HEIGHT = 0x8769, 0xA002, 0xA003
_TIFF_TILE = 256
_BIGTIFF_ABOVE = 2**31  # bytes of samples: classic TIFF offsets end at 4 GiB, compression or not

_WRITE_PROBLEMS = {
    errno.EACCES: "the folder is read-only or we may not write there",
    errno.EPERM: "the folder is read-only or we may not write there",
    errno.EROFS: "the disk is read-only",
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is used up",
    errno.EFBIG: "the file is larger than this disk or account allows",
}


@dataclass(frozen=True)
class _Output:
    """How one picture is written: format, size, samples and metadata."""

    fmt: str
    height: int
    width: int
    channels: int  # as written: alpha is dropped for formats without it
    dtype: type
    metadata: ImageMetadata

    def samples(self, band: np.ndarray) -> np.ndarray:
        """A band of the internal form as the integers this output stores."""
        if self.fmt in _NO_ALPHA_FORMATS:
            colour, alpha = split_alpha(band)
            band = colour if alpha is None else colour * alpha + (1.0 - alpha)
        return to_uint16(band) if self.dtype is np.uint16 else to_uint8(band)


def _plan(suffix: str, height: int, width: int, channels: int, metadata: ImageMetadata | None) -> _Output:
    fmt = _FORMAT_BY_SUFFIX.get(suffix.lower())
    if fmt is None:
        raise ImageWriteError(f"cannot write '{suffix}' files; use one of {', '.join(sorted(_FORMAT_BY_SUFFIX))}")
    if max(height, width) > _MAX_SIDE.get(fmt, 2**31):
        raise ImageWriteError(
            f"{fmt} holds at most {_MAX_SIDE[fmt]} pixels a side and this picture is {width} x {height}; "
            "save it as PNG or TIFF"
        )
    metadata = metadata or ImageMetadata()
    if metadata.exif:
        metadata = replace(metadata, exif=_exif_with_size(metadata.exif, width, height))
    if fmt in _NO_ALPHA_FORMATS:
        channels = 3 if channels >= 3 else 1
    sixteen = metadata.bit_depth == 16 and fmt in _SIXTEEN_BIT_FORMATS
    return _Output(fmt, height, width, channels, np.uint16 if sixteen else np.uint8, metadata)


def _exif_with_size(exif_bytes: bytes, width: int, height: int) -> bytes:
    """EXIF whose pixel dimensions (when it states them) are those of the upscaled output."""
    exif = Image.Exif()
    exif.load(exif_bytes)
    details = exif.get_ifd(_EXIF_IFD)
    if _EXIF_WIDTH in details or _EXIF_HEIGHT in details:
        details[_EXIF_WIDTH], details[_EXIF_HEIGHT] = width, height
    return exif.tobytes()


def _write_png(handle: BinaryIO, out: _Output, bands: Iterable[np.ndarray]) -> None:
    meta = out.metadata
    writer = PngWriter(handle, out.width, out.height, out.channels, out.dtype, icc_profile=meta.icc_profile, exif=meta.exif)
    for band in bands:
        writer.write_rows(out.samples(band))
    writer.close()


def _tile_rows(out: _Output, bands: Iterable[np.ndarray]) -> Iterator[np.ndarray]:
    """Samples regrouped into rows of exactly one TIFF tile's height (the last may be shorter)."""
    pending: list[np.ndarray] = []
    count = 0
    for band in bands:
        pending.append(out.samples(band))
        count += len(band)
        while count >= _TIFF_TILE:
            rows = np.concatenate(pending)
            yield rows[:_TIFF_TILE]
            pending, count = [rows[_TIFF_TILE:]], count - _TIFF_TILE
    if count:
        yield np.concatenate(pending)


def _tiles(out: _Output, bands: Iterable[np.ndarray]) -> Iterator[np.ndarray]:
    for rows in _tile_rows(out, bands):
        for left in range(0, out.width, _TIFF_TILE):
            tile = np.zeros((_TIFF_TILE, _TIFF_TILE, out.channels), dtype=out.dtype)
            part = rows[:, left : left + _TIFF_TILE]
            tile[: part.shape[0], : part.shape[1]] = part
            yield tile


def _write_tiff(handle: BinaryIO, out: _Output, bands: Iterable[np.ndarray]) -> None:
    size = out.height * out.width * out.channels * np.dtype(out.dtype).itemsize
    extra = {"extrasamples": ("unassalpha",)} if out.channels in (2, 4) else {}
    with tifffile.TiffWriter(handle, bigtiff=size > _BIGTIFF_ABOVE) as tif:
        tif.write(
            _tiles(out, bands),
            shape=(out.height, out.width, out.channels),
            dtype=out.dtype,
            tile=(_TIFF_TILE, _TIFF_TILE),
            photometric="rgb" if out.channels >= 3 else "minisblack",
            compression="zlib",
            iccprofile=out.metadata.icc_profile,
            metadata=None,
            **extra,
        )


def _write_with_pillow(handle: BinaryIO, out: _Output, bands: Iterable[np.ndarray]) -> None:
    samples = np.empty((out.height, out.width, out.channels), dtype=out.dtype)
    top = 0
    for band in bands:
        samples[top : top + len(band)] = out.samples(band)
        top += len(band)
    options: dict[str, object] = {"quality": 95} if out.fmt in ("JPEG", "WEBP") else {}
    if out.fmt != "BMP":  # BMP stores neither
        if out.metadata.icc_profile:
            options["icc_profile"] = out.metadata.icc_profile
        if out.metadata.exif:
            options["exif"] = out.metadata.exif
    Image.fromarray(samples[..., 0] if out.channels == 1 else samples).save(handle, format=out.fmt, **options)


def _write(handle: BinaryIO, out: _Output, bands: Iterable[np.ndarray], *, whole: bool) -> None:
    if out.fmt == "PNG":
        _write_png(handle, out, bands)
    elif out.fmt == "TIFF" and not (whole and out.dtype is np.uint8):
        _write_tiff(handle, out, bands)
    else:
        _write_with_pillow(handle, out, bands)


def encode_image(img: np.ndarray, suffix: str, metadata: ImageMetadata | None = None) -> bytes:
    """Encode an internal-form image in the format named by ``suffix`` ('.png', ...).

    8 bits per sample, or 16 when ``metadata`` says the source had 16 and the format (PNG, TIFF)
    allows it. The ICC profile and EXIF of ``metadata`` go into every format that stores them
    (PNG, JPEG, WebP, 8-bit TIFF; not BMP; 16-bit TIFF gets the profile only).
    """
    out = _plan(suffix, img.shape[0], img.shape[1], img.shape[2], metadata)
    buffer = io.BytesIO()
    _write(buffer, out, [img], whole=True)
    return buffer.getvalue()


def save_image(
    path: str | os.PathLike[str],
    img: np.ndarray,
    *,
    overwrite: bool = False,
    metadata: ImageMetadata | None = None,
) -> Path:
    """Write ``img`` atomically: a temporary file in the same folder renamed into place.

    A half-written file never appears under ``path`` (a full disk leaves nothing behind). Refuses
    to replace an existing file unless ``overwrite`` is true. ``metadata`` (from
    :func:`~srcnn_gui.core.imaging.read_image`) carries the source's bit depth, ICC profile and
    EXIF to the output.
    """
    return _save(Path(path), [img], img.shape, overwrite=overwrite, metadata=metadata, whole=True)


def save_bands(
    path: str | os.PathLike[str],
    bands: Iterable[np.ndarray],
    shape: tuple[int, int, int],
    *,
    overwrite: bool = False,
    metadata: ImageMetadata | None = None,
) -> Path:
    """:func:`save_image` for a picture of ``shape`` (height, width, channels) given as bands of rows.

    PNG and TIFF are encoded as the bands arrive, so memory stays bounded by a band; other formats
    gather 8-bit samples first. The bands are consumed lazily: an error in one (a cancel) leaves no file.
    """
    return _save(Path(path), bands, shape, overwrite=overwrite, metadata=metadata, whole=False)


def _save(
    path: Path,
    bands: Iterable[np.ndarray],
    shape: tuple[int, ...],
    *,
    overwrite: bool,
    metadata: ImageMetadata | None,
    whole: bool,
) -> Path:
    if path.exists() and not overwrite:
        raise ImageWriteError(f"{path}: already exists (not overwritten)")
    out = _plan(path.suffix, shape[0], shape[1], shape[2], metadata)
    try:
        with atomic_path(path) as tmp, open(tmp, "wb") as handle:
            _write(handle, out, bands, whole=whole)
            handle.flush()
            os.fsync(handle.fileno())
    except OSError as exc:
        problem = _WRITE_PROBLEMS.get(exc.errno or 0, exc.strerror or str(exc))
        raise ImageWriteError(f"{path}: cannot write: {problem}") from exc
    return path
