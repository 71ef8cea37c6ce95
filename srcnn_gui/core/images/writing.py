"""Writing upscaled pictures: the format, bit depth and metadata of the output, written atomically.

A picture arrives either whole (:func:`save_image`, :func:`encode_image`) or as bands of rows, top
to bottom (:func:`save_bands`), so that a 24,000 x 16,000 result is never in memory at once:

* PNG: our band-by-band encoder (:mod:`srcnn_gui.core.images.png`), any bit depth and channels;
* TIFF: tifffile, 256 x 256 tiles written as the bands arrive, with EXIF added (see
  :func:`_write_tiff`);
* JPEG (OpenCV), WebP and BMP (Pillow): their encoders need the whole picture, so the bands are
  gathered as 8-bit samples first (a quarter of the float picture's memory).

16 bits per sample are written where the source had them and the format holds them (PNG, TIFF).
Transparency is composited over white for formats without alpha (JPEG, BMP).
"""

from __future__ import annotations

import io
import os
import struct
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import BinaryIO

import cv2
import numpy as np
import tifffile
from PIL import Image, TiffImagePlugin

from srcnn_gui.core.atomic import atomic_path, write_problem
from srcnn_gui.core.errors import ImageWriteError
from srcnn_gui.core.images.formats import (
    NO_ALPHA_FORMATS,
    OUTPUT_SUFFIXES,
    SIXTEEN_BIT_FORMATS,
    output_format,
    side_problem,
)
from srcnn_gui.core.images.pixels import split_alpha, to_uint8, to_uint16
from srcnn_gui.core.images.png import PngWriter
from srcnn_gui.core.images.png_levels import DEFAULT_PNG_LEVEL, check_png_level
from srcnn_gui.core.images.reading import ImageMetadata

_EXIF_IFD, _EXIF_WIDTH, _EXIF_HEIGHT = 0x8769, 0xA002, 0xA003
_GPS_IFD, _INTEROP_IFD, _ORIENTATION = 0x8825, 0xA005, 0x0112
# tifffile writes these itself (the source's resolution and software give way to its own) and
# refuses the sub-directory pointers, which _write_tiff patches in instead.
_TIFFFILE_TAGS = tifffile.TIFF.TAG_FILTERED | {282, 283, 296, 305}
_TIFF_TILE = 256
_JPEG_SEGMENT = 65533  # payload bytes of one marker segment
_ICC_TAG = b"ICC_PROFILE\x00"
_EXIF_HEADER = b"Exif\x00\x00"  # starts Pillow's EXIF bytes and JPEG's APP1; PNG's eXIf chunk goes without
_BIGTIFF_ABOVE = 2**31  # bytes of samples: classic TIFF offsets end at 4 GiB, compression or not


DEFAULT_QUALITY = 95  # JPEG's and WebP's unless the user chooses another (the window's Output settings)


@dataclass(frozen=True)
class _Output:
    """How one picture is written: format, size, samples and metadata."""

    fmt: str
    height: int
    width: int
    channels: int  # as written: alpha is dropped for formats without it
    dtype: type
    metadata: ImageMetadata
    quality: int = DEFAULT_QUALITY  # JPEG and WebP
    png_level: int = DEFAULT_PNG_LEVEL  # PNG's deflate level

    def samples(self, band: np.ndarray) -> np.ndarray:
        """A band of the internal form as the integers this output stores."""
        if self.fmt in NO_ALPHA_FORMATS:
            colour, alpha = split_alpha(band)
            band = colour if alpha is None else colour * alpha + (1.0 - alpha)
        return to_uint16(band) if self.dtype is np.uint16 else to_uint8(band)


def _plan(suffix: str, height: int, width: int, channels: int, metadata: ImageMetadata | None,
          quality: int = DEFAULT_QUALITY, png_level: int = DEFAULT_PNG_LEVEL) -> _Output:
    if not 1 <= quality <= 100:
        raise ImageWriteError(f"JPEG and WebP quality runs from 1 to 100, not {quality}")
    check_png_level(png_level)
    fmt = output_format(suffix)
    if fmt is None:
        raise ImageWriteError(f"cannot write '{suffix}' files; use one of {', '.join(sorted(OUTPUT_SUFFIXES))}")
    too_large = side_problem(fmt, height, width)
    if too_large:
        raise ImageWriteError(too_large)
    metadata = metadata or ImageMetadata()
    if metadata.exif:
        metadata = replace(metadata, exif=_exif_with_size(metadata.exif, width, height))
    if fmt in NO_ALPHA_FORMATS:
        channels = 3 if channels >= 3 else 1
    sixteen = metadata.bit_depth == 16 and fmt in SIXTEEN_BIT_FORMATS
    return _Output(fmt, height, width, channels, np.uint16 if sixteen else np.uint8, metadata, quality, png_level)


def _exif_with_size(exif_bytes: bytes, width: int, height: int) -> bytes:
    """EXIF whose pixel dimensions (when it states them) are those of the upscaled output."""
    exif = Image.Exif()
    exif.load(exif_bytes)
    details = exif.get_ifd(_EXIF_IFD)
    if _EXIF_WIDTH in details or _EXIF_HEIGHT in details:
        details[_EXIF_WIDTH], details[_EXIF_HEIGHT] = width, height
    return exif.tobytes()


def _exif_data(exif: bytes | None) -> bytes | None:
    """The TIFF-structured EXIF data without its ``Exif\\0\\0`` header."""
    return exif.removeprefix(_EXIF_HEADER) if exif else None


def _write_png(handle: BinaryIO, out: _Output, bands: Iterable[np.ndarray]) -> None:
    meta = out.metadata
    writer = PngWriter(handle, out.width, out.height, out.channels, out.dtype, icc_profile=meta.icc_profile,
                       exif=_exif_data(meta.exif), level=out.png_level)
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
    """Tiles as the bands arrive, then the EXIF sub-directories (Exif, GPS) after the picture.

    tifffile cannot write EXIF sub-directories: it writes a placeholder tag whose number follows
    the pointer's (so the directory stays sorted), which is renamed to the pointer and pointed at
    the sub-directory once that is appended. ``handle`` must be readable as well as writable.
    """
    size = out.height * out.width * out.channels * np.dtype(out.dtype).itemsize
    bigtiff = size > _BIGTIFF_ABOVE
    ifd0, directories = _tiff_exif(out.metadata.exif, bigtiff)
    placeholders = [(tag + 1, 16 if bigtiff else 4, 1, 0, True) for tag in directories]  # LONG8 or LONG
    extra = {"extrasamples": ("unassalpha",)} if out.channels in (2, 4) else {}
    start = handle.tell()
    # Little-endian whatever the machine: the EXIF values are packed that way.
    with tifffile.TiffWriter(handle, bigtiff=bigtiff, byteorder="<") as tif:
        tif.write(
            _tiles(out, bands),
            shape=(out.height, out.width, out.channels),
            dtype=out.dtype,
            tile=(_TIFF_TILE, _TIFF_TILE),
            photometric="rgb" if out.channels >= 3 else "minisblack",
            compression="zlib",
            iccprofile=out.metadata.icc_profile,
            metadata=None,
            extratags=ifd0 + placeholders,
            **extra,
        )
    offsets = {tag: _append_ifd(handle, start, tag, values, bigtiff) for tag, values in directories.items()}
    _point_placeholders(handle, start, offsets, bigtiff)


def _tiff_exif(exif_bytes: bytes | None, bigtiff: bool) -> tuple[list[tuple], dict[int, dict]]:
    """EXIF as tifffile extratags for the main directory, and the sub-directories by pointer tag.

    The orientation is left out (it is applied to the pixels). Pillow packs each value, so the
    tags keep the types and bytes that Pillow writes into a JPEG's EXIF.
    """
    if not exif_bytes:
        return [], {}
    exif = Image.Exif()
    exif.load(exif_bytes)
    main = TiffImagePlugin.ImageFileDirectory_v2()
    skipped = _TIFFFILE_TAGS | {_ORIENTATION, _EXIF_IFD + 1, _GPS_IFD + 1}
    for tag, value in exif.items():
        if tag not in skipped:
            main[tag] = value
    directories = {tag: exif.get_ifd(tag) for tag in (_EXIF_IFD, _GPS_IFD) if exif.get_ifd(tag)}
    details = directories.get(_EXIF_IFD, {})
    if _INTEROP_IFD in details:
        details = {key: value for key, value in details.items() if key != _INTEROP_IFD}
        interop = exif.get_ifd(_INTEROP_IFD)
        # Pillow writes this nested pointer as a 32-bit LONG, which a BigTIFF past 4 GiB outgrows;
        # it only names the DCF colour space, which the ICC profile states anyway.
        if interop and not bigtiff:
            details[_INTEROP_IFD] = interop
        directories[_EXIF_IFD] = details
    return _packed_tags(main.tobytes()), directories


def _packed_tags(packed: bytes) -> list[tuple]:
    """The entries of a little-endian classic IFD as tifffile extratags, values as packed bytes."""
    (count,) = struct.unpack_from("<H", packed)
    tags = []
    for index in range(count):
        tag, kind, number, field = struct.unpack_from("<HHI4s", packed, 2 + 12 * index)
        length = number * struct.calcsize(tifffile.TIFF.DATA_FORMATS[kind])
        if length > 4:
            (at,) = struct.unpack("<I", field)
            field = packed[at : at + length]
        tags.append((tag, kind, number, field[:length], True))
    return tags


def _append_ifd(handle: BinaryIO, start: int, tag: int, values: dict, bigtiff: bool) -> int:
    """Write ``values`` as an IFD at the end of the TIFF that begins at ``start``; its offset."""
    header = b"II+\x00\x08\x00\x00\x00" + bytes(8) if bigtiff else b"II*\x00" + bytes(4)
    ifd = TiffImagePlugin.ImageFileDirectory_v2(header, group=tag)
    for key, value in values.items():
        ifd[key] = value
    end = handle.seek(0, io.SEEK_END) - start
    offset = end + end % 2  # IFDs begin on a word boundary
    handle.seek(start + offset)
    handle.write(ifd.tobytes(offset))
    return offset


def _point_placeholders(handle: BinaryIO, start: int, offsets: dict[int, int], bigtiff: bool) -> None:
    """Turn each placeholder tag (pointer + 1) into the pointer tag, holding its IFD's offset."""
    if not offsets:
        return
    handle.seek(start)
    with tifffile.TiffFile(handle) as written:
        tags = written.pages[0].tags
        entries = {tag: (tags[tag + 1].offset, tags[tag + 1].valueoffset) for tag in offsets}
    for tag, (entry, value) in entries.items():
        handle.seek(start + entry)
        handle.write(struct.pack("<H", tag))
        handle.seek(start + value)
        handle.write(struct.pack("<Q" if bigtiff else "<I", offsets[tag]))


def _gather(out: _Output, bands: Iterable[np.ndarray], *, bgr: bool = False) -> np.ndarray:
    """The whole picture as samples, for encoders that need it at once (``bgr``: OpenCV's order)."""
    samples = np.empty((out.height, out.width, out.channels), dtype=out.dtype)
    top = 0
    for band in bands:
        rows = out.samples(band)
        samples[top : top + len(band)] = rows[..., ::-1] if bgr and out.channels == 3 else rows
        top += len(band)
    return samples


def _jpeg_segment(marker: int, payload: bytes) -> bytes:
    if len(payload) > _JPEG_SEGMENT:
        raise ImageWriteError(f"{len(payload)} bytes of metadata do not fit in a JPEG segment")
    return struct.pack(">BBH", 0xFF, marker, len(payload) + 2) + payload


def _write_jpeg(handle: BinaryIO, out: _Output, bands: Iterable[np.ndarray]) -> None:
    """OpenCV encodes straight from our samples (Pillow would copy them to 4 bytes a pixel first);
    EXIF (APP1) and the ICC profile (APP2, in numbered chunks) go in after the JFIF header."""
    ok, encoded = cv2.imencode(".jpg", _gather(out, bands, bgr=True), [cv2.IMWRITE_JPEG_QUALITY, out.quality])
    if not ok:
        raise ImageWriteError(f"OpenCV could not encode a {out.width} x {out.height} JPEG")
    data = memoryview(encoded)
    segments = b""
    if out.metadata.exif:
        segments += _jpeg_segment(0xE1, _EXIF_HEADER + _exif_data(out.metadata.exif))
    profile = out.metadata.icc_profile or b""
    step = _JPEG_SEGMENT - len(_ICC_TAG) - 2
    chunks = [profile[i : i + step] for i in range(0, len(profile), step)]
    for number, chunk in enumerate(chunks, 1):
        segments += _jpeg_segment(0xE2, _ICC_TAG + bytes([number, len(chunks)]) + chunk)
    after_jfif = 4 + struct.unpack(">H", data[4:6])[0] if bytes(data[2:4]) == b"\xff\xe0" else 2
    handle.write(data[:after_jfif])
    handle.write(segments)
    handle.write(data[after_jfif:])


def _write_with_pillow(handle: BinaryIO, out: _Output, bands: Iterable[np.ndarray]) -> None:
    samples = _gather(out, bands)
    options: dict[str, object] = {"quality": out.quality} if out.fmt == "WEBP" else {}
    if out.fmt != "BMP":  # BMP stores neither
        if out.metadata.icc_profile:
            options["icc_profile"] = out.metadata.icc_profile
        if out.metadata.exif:
            options["exif"] = out.metadata.exif
    Image.fromarray(samples[..., 0] if out.channels == 1 else samples).save(handle, format=out.fmt, **options)


_WRITERS = {"PNG": _write_png, "TIFF": _write_tiff, "JPEG": _write_jpeg, "WEBP": _write_with_pillow, "BMP": _write_with_pillow}


def encode_image(img: np.ndarray, suffix: str, metadata: ImageMetadata | None = None) -> bytes:
    """Encode an internal-form image in the format named by ``suffix`` ('.png', ...).

    8 bits per sample, or 16 when ``metadata`` says the source had 16 and the format (PNG, TIFF)
    allows it. The ICC profile and EXIF of ``metadata`` go into every format that stores them
    (PNG, JPEG, WebP, TIFF; not BMP).
    """
    out = _plan(suffix, img.shape[0], img.shape[1], img.shape[2], metadata)
    buffer = io.BytesIO()
    _WRITERS[out.fmt](buffer, out, [img])
    return buffer.getvalue()


def save_image(
    path: str | os.PathLike[str],
    img: np.ndarray,
    *,
    overwrite: bool = False,
    metadata: ImageMetadata | None = None,
    quality: int = DEFAULT_QUALITY,
    png_level: int = DEFAULT_PNG_LEVEL,
) -> Path:
    """Write ``img`` atomically: a temporary file in the same folder renamed into place.

    A half-written file never appears under ``path`` (a full disk leaves nothing behind). Refuses
    to replace an existing file unless ``overwrite`` is true. ``metadata`` (from
    :func:`~srcnn_gui.core.images.reading.read_image`) carries the source's bit depth, ICC profile and
    EXIF to the output. ``quality`` (1-100) is a JPEG's or WebP's; other formats are lossless, and
    ``png_level`` (0-9) trades a PNG's size for the time spent compressing it.
    """
    return _save(Path(path), [img], img.shape, overwrite=overwrite, metadata=metadata, quality=quality,
                 png_level=png_level)


def save_bands(
    path: str | os.PathLike[str],
    bands: Iterable[np.ndarray],
    shape: tuple[int, int, int],
    *,
    overwrite: bool = False,
    metadata: ImageMetadata | None = None,
    quality: int = DEFAULT_QUALITY,
    png_level: int = DEFAULT_PNG_LEVEL,
    published: Callable[[], None] | None = None,
) -> Path:
    """:func:`save_image` for a picture of ``shape`` (height, width, channels) given as bands of rows.

    PNG and TIFF are encoded as the bands arrive, so memory stays bounded by a band; other formats
    gather 8-bit samples first. The bands are consumed lazily: an error in one (a cancel) leaves no file.
    ``published`` runs as the file takes its name, in one step a Ctrl-C does not cut (:func:`atomic_path`).
    """
    return _save(Path(path), bands, shape, overwrite=overwrite, metadata=metadata, quality=quality, png_level=png_level,
                 published=published)


def _save(
    path: Path,
    bands: Iterable[np.ndarray],
    shape: tuple[int, ...],
    *,
    overwrite: bool,
    metadata: ImageMetadata | None,
    quality: int = DEFAULT_QUALITY,
    png_level: int = DEFAULT_PNG_LEVEL,
    published: Callable[[], None] | None = None,
) -> Path:
    if path.exists() and not overwrite:
        raise ImageWriteError(f"{path}: already exists (not overwritten)")
    out = _plan(path.suffix, shape[0], shape[1], shape[2], metadata, quality, png_level)
    try:
        # Readable too: the TIFF writer reads back where tifffile put the EXIF placeholders.
        with atomic_path(path, replace=overwrite, published=published) as tmp, open(tmp, "w+b") as handle:
            _WRITERS[out.fmt](handle, out, bands)
            handle.flush()
            os.fsync(handle.fileno())
    except OSError as exc:
        raise ImageWriteError(f"{path}: cannot write: {write_problem(exc)}") from exc
    return path
