"""Reading picture files into the internal form (:mod:`srcnn_gui.core.images.pixels`), with their metadata.

Bit depth comes from the file's mode (8 or 16 bits), never from the largest pixel value; 16-bit
PNG and TIFF are read at full precision (OpenCV, since Pillow reduces 16-bit colour to 8 bits) and
written back at 16 bits by :mod:`srcnn_gui.core.images.writing` when given their metadata. EXIF
orientation is applied; the ICC profile is kept, not applied; CMYK is converted to RGB.

Animated pictures (GIF, APNG, WebP with several frames) are refused with a clear message rather
than silently reduced to one frame; pictures above :func:`~srcnn_gui.core.images.limits.max_input_megapixels`
are refused too.
"""

from __future__ import annotations

import io
import os
from collections.abc import Collection
from dataclasses import dataclass, replace
from pathlib import Path

import cv2
import numpy as np
from PIL import Image, ImageCms, UnidentifiedImageError

from srcnn_gui.core.errors import ImageReadError
from srcnn_gui.core.file_kinds import file_identity, not_a_regular_file
from srcnn_gui.core.images import decoder_messages
from srcnn_gui.core.images.exif import orientation_of, upright_exif
from srcnn_gui.core.images.formats import IMAGE_SUFFIXES
from srcnn_gui.core.images.jpeg import estimate_quality
from srcnn_gui.core.images.limits import MAX_MEGAPIXELS_ENV, max_input_megapixels
from srcnn_gui.core.images.pixels import samples_to_float

# Files holding several pictures that are not an animation: the first is the picture, and we say so.
_FIRST_PAGE_FORMATS = {
    "TIFF": "multi-page TIFF ({} pages): page 1 is upscaled, the other pages are not",
    "MPO": "a JPEG holding {} pictures (a camera's multi-picture file): the first, main picture is upscaled",
}


# EXIF orientations as the transposition that makes the picture upright (as ImageOps.exif_transpose).
_TRANSPOSE = {
    2: Image.Transpose.FLIP_LEFT_RIGHT, 3: Image.Transpose.ROTATE_180, 4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE, 6: Image.Transpose.ROTATE_270, 7: Image.Transpose.TRANSVERSE, 8: Image.Transpose.ROTATE_90,
}


@dataclass(frozen=True)
class ImageMetadata:
    """What a file says besides its pixels, kept so that the output can say it too.

    ``exif`` has the orientation already applied to the pixels (and the tag removed);
    ``notes`` lists what reading had to change, e.g. a CMYK picture converted to RGB.
    """

    format: str | None = None
    bit_depth: int = 8
    exif: bytes | None = None
    icc_profile: bytes | None = None
    notes: tuple[str, ...] = ()
    jpeg_quality: int | None = None  # estimated from the quantization tables; None if not a JPEG


@dataclass(frozen=True)
class ImageFile:
    """Pixels plus the file's metadata: the internal form from :func:`read_image`, the file's
    integer samples from :func:`read_samples`."""

    pixels: np.ndarray
    metadata: ImageMetadata


@dataclass(frozen=True)
class FolderScan:
    """The picture files below a folder, and what could not be looked at (named, with the reason)."""

    images: list[Path]
    problems: list[str]


def scan_folder(folder: Path, *, skip: Collection[Path] = ()) -> FolderScan:
    """Every file with a picture's extension below ``folder``, recursively, in a stable order.

    Folders in ``skip`` are not entered (a batch's output folder inside its input folder, whose results
    must not become the next run's inputs). Sub-folders that cannot be read and files with a picture's
    name that are no regular files we may open (a named pipe, a device, a link to a missing file) are
    listed in ``problems``; nothing here opens a file. Linked folders are followed once each.
    """
    skipped = {file_identity(p) for p in skip}
    images: list[Path] = []
    problems: list[str] = []
    seen: set[Path] = set()

    def unreadable(exc: OSError) -> None:
        problems.append(f"{exc.filename}: folder not searched: {exc.strerror or exc}")

    for root, folders, files in os.walk(folder, onerror=unreadable, followlinks=True):
        if file_identity(root) in seen:  # a link back up the tree, or a second link to one folder
            folders[:] = []
            continue
        seen.add(file_identity(root))
        folders[:] = [name for name in folders if file_identity(os.path.join(root, name)) not in skipped]
        for name in files:
            path = Path(root, name)
            if path.suffix.lower() not in IMAGE_SUFFIXES:
                continue
            problem = not_a_picture_file(path)
            if problem:
                problems.append(problem)
            else:
                images.append(path)
    return FolderScan(sorted(images), sorted(problems))


def find_images(folder: Path, *, skip: Collection[Path] = ()) -> list[Path]:
    """All readable-looking image files below ``folder``, recursively, in a stable order (see :func:`scan_folder`)."""
    return scan_folder(folder, skip=skip).images


def _too_large(path: Path, size: str, limit_mp: float) -> ImageReadError:
    return ImageReadError(
        f"{path}: {size} is above the limit of {limit_mp:g} megapixels that guards against "
        f"decompression bombs; set {MAX_MEGAPIXELS_ENV} to a larger number to open it"
    )


def _rawmode(im: Image.Image) -> str:
    """How the decoder reads the file's samples, e.g. ``RGB;16B`` (empty when it does not say)."""
    args = im.tile[0].args if im.tile else None
    rawmode = args[0] if isinstance(args, tuple) and args else args
    return rawmode if isinstance(rawmode, str) else ""


def _source_bit_depth(im: Image.Image) -> int:
    """16 for a file stored with 16 bits per sample, else 8 (read from the decoder's raw mode)."""
    return 16 if im.mode.startswith("I;16") or ";16" in _rawmode(im) else 8


def _oriented(pixels: np.ndarray, orientation: int) -> np.ndarray:
    """Apply an EXIF orientation to an array the way :func:`PIL.ImageOps.exif_transpose` does."""
    steps = {
        2: lambda a: a[:, ::-1],
        3: lambda a: a[::-1, ::-1],
        4: lambda a: a[::-1],
        5: lambda a: a.swapaxes(0, 1),
        6: lambda a: np.rot90(a, -1),
        7: lambda a: a[::-1, ::-1].swapaxes(0, 1),
        8: lambda a: np.rot90(a, 1),
    }
    step = steps.get(orientation)
    return pixels if step is None else np.ascontiguousarray(step(pixels))


def _read_sixteen_bit_colour(path: Path, rawmode: str) -> np.ndarray:
    # np.fromfile + imdecode, not imread: imread fails on non-ASCII paths on Windows.
    encoded = np.fromfile(path, dtype=np.uint8)
    with decoder_messages.printing(decoder_messages.OPENCV) as call:
        data = cv2.imdecode(encoded, cv2.IMREAD_UNCHANGED)
        call.failed = data is None
    if data is None or data.dtype != np.uint16:
        raise ImageReadError(f"{path}: damaged or truncated image (16-bit data could not be decoded)")
    if data.ndim == 2:
        data = data[..., None]
    elif data.shape[2] >= 3:
        data = data[..., [2, 1, 0, 3][: data.shape[2]]]  # OpenCV's BGR(A) to RGB(A)
    if rawmode.startswith("LA") and data.shape[2] == 4:
        data = data[..., [0, 3]]  # OpenCV expands grey + alpha to BGRA (and Pillow calls it RGBA)
    return data


def _cmyk_to_rgb(im: Image.Image) -> tuple[Image.Image, bytes | None, str]:
    """CMYK to RGB through the embedded profile (to sRGB, whose profile the output then carries)."""
    profile = im.info.get("icc_profile")
    if profile:
        try:
            srgb = ImageCms.createProfile("sRGB")
            source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
            converted = ImageCms.profileToProfile(im, source, srgb, outputMode="RGB")
            return converted, ImageCms.ImageCmsProfile(srgb).tobytes(), "CMYK converted to sRGB with its embedded profile"
        except (ImageCms.PyCMSError, OSError, ValueError):
            note = "CMYK converted to RGB without colour management: its embedded profile is unusable"
            return im.convert("RGB"), None, note
    return im.convert("RGB"), None, "CMYK converted to RGB without colour management: no profile embedded"


def _pil_to_array(im: Image.Image) -> np.ndarray:
    """Samples as uint8, or uint16 for 16-bit grey; H x W x channels."""
    mode = im.mode
    if mode in ("I;16", "I;16B", "I;16L", "I"):
        # 16-bit grey (Pillow opens 16-bit PNG grey as I;16, older releases as I).
        return np.clip(np.asarray(im), 0, 65535).astype(np.uint16)[..., None]
    if mode == "P":
        im = im.convert("RGBA" if "transparency" in im.info else "RGB")
    elif mode in ("1", "L") and "transparency" in im.info:
        im = im.convert("LA")
    elif mode == "1":
        im = im.convert("L")
    elif mode == "PA":
        im = im.convert("RGBA")
    elif mode not in ("L", "LA", "RGB", "RGBA"):
        im = im.convert("RGB")  # YCbCr, LAB, HSV ...
    data = np.asarray(im, dtype=np.uint8)
    return data[..., None] if data.ndim == 2 else data


def _decode(path: Path, limit_mp: float, reduce_to: int | None) -> ImageFile:
    with Image.open(path) as im:
        width, height = im.size
        if width * height > limit_mp * 1e6:
            raise _too_large(path, f"{width} x {height} ({width * height / 1e6:.3g} megapixels)", limit_mp)
        frames = getattr(im, "n_frames", 1)
        pages = ()
        if frames > 1 and im.format in _FIRST_PAGE_FORMATS:
            pages = (_FIRST_PAGE_FORMATS[im.format].format(frames),)
        elif getattr(im, "is_animated", False):
            raise ImageReadError(
                f"{path}: animated picture ({frames} frames); only still pictures are upscaled, "
                "so export the frame you want as PNG first"
            )
        bits, rawmode = _source_bit_depth(im), _rawmode(im)
        fmt, quality = im.format, estimate_quality(im)
        if reduce_to:
            im.draft(None, (reduce_to, reduce_to))  # JPEG decodes at 1/2 to 1/8 of the size, not below reduce_to
        decoder_messages.load_pixels(im)
        exif = upright_exif(im)
        orientation = exif.orientation
        upright = im if orientation == 1 else im.transpose(_TRANSPOSE[orientation])
        icc, notes = upright.info.get("icc_profile") or None, ()
        if bits == 16 and upright.mode not in ("I;16", "I;16B", "I;16L", "I"):
            pixels = _oriented(_read_sixteen_bit_colour(path, rawmode), orientation)
        elif upright.mode == "CMYK":
            rgb, icc, note = _cmyk_to_rgb(upright)
            pixels, notes = _pil_to_array(rgb), (note,)
        else:
            pixels = _pil_to_array(upright)
        if upright.mode == "P":
            notes = ("palette colours expanded to " + ("RGBA" if pixels.shape[2] == 4 else "RGB"),)
        metadata = ImageMetadata(fmt, bits, exif.data, icc, pages + exif.notes + notes, quality)
        return ImageFile(pixels, metadata)


def read_image(path: str | os.PathLike[str]) -> ImageFile:
    """Read an image file: pixels in the internal form (EXIF orientation applied) and its metadata.

    Raises :class:`ImageReadError` as :func:`read_samples` does.
    """
    picture = read_samples(path)
    return ImageFile(samples_to_float(picture.pixels), picture.metadata)


def read_samples(path: str | os.PathLike[str], *, reduce_to: int | None = None) -> ImageFile:
    """Like :func:`read_image`, but the pixels stay the file's integers (uint8, or uint16 for 16-bit).

    A quarter (8-bit) or half (16-bit) of the internal form's memory: for pictures processed in bands.
    With ``reduce_to``, a format that can decode at a fraction of the size (JPEG) does so, down to the
    smallest fraction at least ``reduce_to`` pixels a side (for thumbnails); others come whole.
    Raises :class:`ImageReadError` naming the file and the problem: missing, empty, not an image,
    damaged or truncated, animated, or larger than ``SRCNN_MAX_MEGAPIXELS``.
    """
    path = Path(path)
    check_picture_file(path)
    limit_mp = max_input_megapixels()
    # Pillow's own bomb check reads the same header at open; let it follow our limit (and its
    # override), and turn its error into our message.
    Image.MAX_IMAGE_PIXELS = int(limit_mp * 1e6)
    try:
        with decoder_messages.capture() as messages:
            picture = _decode(path, limit_mp, reduce_to)
    except ImageReadError:
        raise
    except Image.DecompressionBombError as exc:
        raise _too_large(path, "the picture", limit_mp) from exc
    except UnidentifiedImageError as exc:
        raise ImageReadError(f"{path}: not an image file, or a format we cannot read") from exc
    except PermissionError as exc:
        raise ImageReadError(f"{path}: cannot be read: permission denied") from exc
    except (OSError, ValueError, SyntaxError, EOFError) as exc:
        said = f"; the decoder said: {'; '.join(dict.fromkeys(messages.printed))}" if messages.printed else ""
        raise ImageReadError(f"{path}: damaged or truncated image ({exc}{said})") from exc
    damage = messages.damage()
    if damage:
        raise ImageReadError(f"{path}: damaged image data (the decoder said: {damage})")
    notes = messages.notes()
    return picture if not notes else ImageFile(picture.pixels, replace(picture.metadata, notes=picture.metadata.notes + notes))


def not_a_picture_file(path: Path) -> str | None:
    """A message naming ``path`` when it is no regular file we may open (a named pipe, a device, a link to a
    missing file, ...), asked without opening it; None when it is one."""
    problem = not_a_regular_file(path)
    if problem is None:
        return None
    return f"{path}: {problem}, not a picture file" if problem.startswith("a ") else f"{path}: {problem}"


def check_picture_file(path: Path) -> None:
    """Raise :class:`ImageReadError` naming ``path`` unless it is a non-empty regular file we may read.

    Checked before anything opens the file: opening a named pipe would wait for a writer forever.
    """
    problem = not_a_picture_file(path)
    if problem:
        raise ImageReadError(problem)
    if path.stat().st_size == 0:
        raise ImageReadError(f"{path}: empty file (0 bytes)")


def read_size(path: str | os.PathLike[str]) -> tuple[int, int]:
    """A picture's upright ``(height, width)`` from its header, without decoding the pixels.

    EXIF orientations 5 to 8 turn the picture a quarter, so they swap the sides as :func:`read_samples`
    does. Raises :class:`ImageReadError` naming the file when it cannot be opened.
    """
    path = Path(path)
    check_picture_file(path)
    try:
        with decoder_messages.capture():  # dropped: what Pillow warns about is reported when the file is read
            with Image.open(path) as im:
                width, height = im.size
                turned = orientation_of(im)[0] in (5, 6, 7, 8)
    except (OSError, ValueError, SyntaxError, EOFError, UnidentifiedImageError) as exc:
        raise ImageReadError(f"{path}: not an image file, or a format we cannot read ({exc})") from exc
    return (width, height) if turned else (height, width)


def has_transparency(path: str | os.PathLike[str]) -> bool:
    """Whether the picture in ``path`` has transparency (an alpha channel, or a palette or colour marked
    transparent), from its header; False for a file that cannot be opened (its reading names the problem)."""
    if not_a_regular_file(path):
        return False
    try:
        with decoder_messages.capture():  # dropped: what Pillow warns about is reported when the file is read
            with Image.open(path) as im:
                return "A" in im.getbands() or "transparency" in im.info
    except (OSError, ValueError, SyntaxError, EOFError, UnidentifiedImageError):
        return False


def load_image(path: str | os.PathLike[str]) -> np.ndarray:
    """Read an image file into the internal form (see module docstring), EXIF orientation applied.

    The pixels of :func:`read_image`. Raises :class:`ImageReadError` naming the file and the problem.
    """
    return read_image(path).pixels


