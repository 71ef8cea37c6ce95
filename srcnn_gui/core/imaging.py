"""Image files in and out, and the colour conversions SRCNN needs.

The one internal image form, used everywhere in the core:

* ``numpy.ndarray`` of ``float32``, shape ``(height, width, channels)``, values in ``[0, 1]``;
* channels in this order: 1 = grey, 2 = grey + alpha, 3 = RGB, 4 = RGBA (alpha straight, not
  premultiplied);
* colours are the file's own RGB: an embedded ICC profile is *not* applied but kept in
  :class:`ImageMetadata`, so the output carries the same profile and shows the same colours.
  Only CMYK is converted (to sRGB through its embedded profile), because SRCNN needs RGB.

Bit depth comes from the file's mode (8 or 16 bits), never from the largest pixel value; 16-bit
PNG and TIFF are read at full precision (OpenCV, since Pillow reduces 16-bit colour to 8 bits) and
written back at 16 bits by :mod:`srcnn_gui.core.image_writing` when given their metadata.

Animated pictures (GIF, APNG, WebP with several frames) are refused with a clear message rather
than silently reduced to one frame.
"""

from __future__ import annotations

import io
import os
import warnings
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

from srcnn_gui.core.errors import ImageReadError
from srcnn_gui.core.jpeg import estimate_quality

IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".bmp", ".tif", ".tiff", ".webp"})

# Decompression-bomb guard: a 12,000 x 8,000 photo (96 MP) still opens by default.
MAX_MEGAPIXELS_ENV = "SRCNN_MAX_MEGAPIXELS"
DEFAULT_MAX_MEGAPIXELS = 100.0

_EXIF_ORIENTATION = 0x0112

# ITU-R BT.601, studio range, as MATLAB's rgb2ycbcr: rows give Y, Cb, Cr from RGB in [0, 1],
# in units of 1/255.
_RGB_TO_YCBCR = np.array(
    [[65.481, 128.553, 24.966],
     [-37.797, -74.203, 112.0],
     [112.0, -93.786, -18.214]],
    dtype=np.float64,
) / 255.0
_YCBCR_OFFSET = np.array([16.0, 128.0, 128.0]) / 255.0
_YCBCR_TO_RGB = np.linalg.inv(_RGB_TO_YCBCR)


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


def is_image_file(path: Path) -> bool:
    """True for a file whose suffix is one of the formats we read."""
    return path.is_file() and path.suffix.lower() in IMAGE_SUFFIXES


def find_images(folder: Path) -> list[Path]:
    """All readable-looking image files below ``folder``, recursively, in a stable order."""
    return sorted(p for p in folder.rglob("*") if is_image_file(p))


def max_input_megapixels() -> float:
    """The largest picture we open, in megapixels: ``SRCNN_MAX_MEGAPIXELS`` or the default."""
    raw = os.environ.get(MAX_MEGAPIXELS_ENV, "").strip()
    if not raw:
        return DEFAULT_MAX_MEGAPIXELS
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if value <= 0:
        raise ImageReadError(f"{MAX_MEGAPIXELS_ENV}={raw!r}: expected a positive number of megapixels")
    return value


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
    data = cv2.imdecode(np.fromfile(path, dtype=np.uint8), cv2.IMREAD_UNCHANGED)
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


def _exif_bytes(im: Image.Image) -> bytes | None:
    # TIFF keeps EXIF among its own structure tags (strip offsets, sizes), which must not be copied.
    if im.format == "TIFF" or "exif" not in im.info:
        return None
    exif = im.getexif()
    return exif.tobytes() if len(exif) else None


def _decode(path: Path, limit_mp: float) -> ImageFile:
    with Image.open(path) as im:
        width, height = im.size
        if width * height > limit_mp * 1e6:
            raise _too_large(path, f"{width} x {height} ({width * height / 1e6:.3g} megapixels)", limit_mp)
        frames = getattr(im, "n_frames", 1)
        if getattr(im, "is_animated", False):
            raise ImageReadError(
                f"{path}: animated picture ({frames} frames); only still pictures are upscaled, "
                "so export the frame you want as PNG first"
            )
        bits, rawmode = _source_bit_depth(im), _rawmode(im)
        fmt, quality = im.format, estimate_quality(im)
        im.load()
        orientation = im.getexif().get(_EXIF_ORIENTATION, 1)
        upright = ImageOps.exif_transpose(im)
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
        metadata = ImageMetadata(fmt, bits, _exif_bytes(upright), icc, notes, quality)
        return ImageFile(pixels, metadata)


def read_image(path: str | os.PathLike[str]) -> ImageFile:
    """Read an image file: pixels in the internal form (EXIF orientation applied) and its metadata.

    Raises :class:`ImageReadError` as :func:`read_samples` does.
    """
    picture = read_samples(path)
    return ImageFile(samples_to_float(picture.pixels), picture.metadata)


def read_samples(path: str | os.PathLike[str]) -> ImageFile:
    """Like :func:`read_image`, but the pixels stay the file's integers (uint8, or uint16 for 16-bit).

    A quarter (8-bit) or half (16-bit) of the internal form's memory: for pictures processed in bands.
    Raises :class:`ImageReadError` naming the file and the problem: missing, empty, not an image,
    damaged or truncated, animated, or larger than ``SRCNN_MAX_MEGAPIXELS``.
    """
    path = Path(path)
    if not path.exists():
        raise ImageReadError(f"{path}: no such file")
    if path.is_dir():
        raise ImageReadError(f"{path}: is a folder, not an image")
    if path.stat().st_size == 0:
        raise ImageReadError(f"{path}: empty file (0 bytes)")
    limit_mp = max_input_megapixels()
    # Pillow's own bomb check reads the same header at open; let it follow our limit (and its
    # override), and turn its warning into our message.
    Image.MAX_IMAGE_PIXELS = int(limit_mp * 1e6)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            return _decode(path, limit_mp)
    except ImageReadError:
        raise
    except Image.DecompressionBombError as exc:
        raise _too_large(path, "the picture", limit_mp) from exc
    except UnidentifiedImageError as exc:
        raise ImageReadError(f"{path}: not an image file, or a format we cannot read") from exc
    except (OSError, ValueError, SyntaxError, EOFError) as exc:
        raise ImageReadError(f"{path}: damaged or truncated image ({exc})") from exc


def load_image(path: str | os.PathLike[str]) -> np.ndarray:
    """Read an image file into the internal form (see module docstring), EXIF orientation applied.

    The pixels of :func:`read_image`. Raises :class:`ImageReadError` naming the file and the problem.
    """
    return read_image(path).pixels


def to_uint8(img: np.ndarray) -> np.ndarray:
    """Round a [0, 1] float image to 8-bit, clipping what bicubic or the network overshoot."""
    return np.clip(np.round(img.astype(np.float64) * 255.0), 0, 255).astype(np.uint8)


def to_uint16(img: np.ndarray) -> np.ndarray:
    """Round a [0, 1] float image to 16-bit, clipping what bicubic or the network overshoot."""
    return np.clip(np.round(img.astype(np.float64) * 65535.0), 0, 65535).astype(np.uint16)


def to_float(img: np.ndarray) -> np.ndarray:
    """8-bit image to the internal float32 [0, 1] form."""
    if img.dtype != np.uint8:
        raise TypeError(f"to_float expects uint8, got {img.dtype}")
    return samples_to_float(img)


def samples_to_float(samples: np.ndarray) -> np.ndarray:
    """uint8 or uint16 samples (see :func:`read_samples`) to the internal float32 [0, 1] form."""
    top = np.float32(np.iinfo(samples.dtype).max)
    out = samples.astype(np.float32)
    return np.divide(out, top, out=out)


def split_alpha(img: np.ndarray) -> tuple[np.ndarray, np.ndarray | None]:
    """Separate colour (1 or 3 channels) from alpha (H x W x 1), or ``None`` when there is none."""
    channels = img.shape[2]
    if channels in (2, 4):
        return img[..., :-1], img[..., -1:]
    return img, None


def merge_alpha(colour: np.ndarray, alpha: np.ndarray | None) -> np.ndarray:
    """Inverse of :func:`split_alpha`."""
    return colour if alpha is None else np.concatenate([colour, alpha], axis=2)


# Below half an 8-bit step of alpha a pixel is invisible, and dividing by it only amplifies noise.
_VISIBLE_ALPHA = 0.5 / 255.0


def premultiply(colour: np.ndarray, alpha: np.ndarray) -> np.ndarray:
    """Colour weighted by alpha, so that resampling never mixes in the colour of invisible pixels."""
    return colour * alpha


def unpremultiply(colour: np.ndarray, alpha: np.ndarray) -> np.ndarray:
    """Inverse of :func:`premultiply`, clipped to [0, 1].

    Invisible pixels take the colour of the nearest visible one, so that the network, which looks
    8 pixels around, sees no false edge where transparency begins (that edge made a dark ring).
    """
    visible = alpha[..., 0] > _VISIBLE_ALPHA
    straight = np.divide(colour, alpha, out=np.zeros_like(colour), where=visible[..., None])
    straight = np.clip(straight, 0.0, 1.0)
    if visible.all() or not visible.any():
        return straight
    # Each visible pixel is its own label, numbered in row-major order from 1.
    _, labels = cv2.distanceTransformWithLabels(
        (~visible).astype(np.uint8), cv2.DIST_L2, 5, labelType=cv2.DIST_LABEL_PIXEL
    )
    rows, cols = np.nonzero(visible)
    nearest = labels[~visible] - 1
    straight[~visible] = straight[rows[nearest], cols[nearest]]
    return straight


def rgb_to_ycbcr(rgb: np.ndarray) -> np.ndarray:
    """RGB in [0, 1] to BT.601 studio-range YCbCr in [0, 1] (Y in 16/255 .. 235/255), as MATLAB."""
    ycbcr = rgb.astype(np.float64) @ _RGB_TO_YCBCR.T + _YCBCR_OFFSET
    return ycbcr.astype(rgb.dtype, copy=False)


def ycbcr_to_rgb(ycbcr: np.ndarray) -> np.ndarray:
    """Inverse of :func:`rgb_to_ycbcr` (not clipped)."""
    rgb = (ycbcr.astype(np.float64) - _YCBCR_OFFSET) @ _YCBCR_TO_RGB.T
    return rgb.astype(ycbcr.dtype, copy=False)


def luminance(colour: np.ndarray) -> np.ndarray:
    """The channel SRCNN works on, H x W: studio-range Y for RGB; a grey image is its own luminance.

    Grey images are used as they are, as the SRCNN evaluation code does.
    """
    if colour.shape[2] == 3:
        return rgb_to_ycbcr(colour)[..., 0]
    if colour.shape[2] == 1:
        return colour[..., 0]
    raise ValueError(f"luminance expects 1 or 3 colour channels, got {colour.shape[2]}")


def luminance_8bit(colour_u8: np.ndarray) -> np.ndarray:
    """Luminance of an 8-bit image on the 8-bit scale, rounded, as MATLAB's rgb2ycbcr on uint8."""
    y = luminance(colour_u8.astype(np.float64) / 255.0) * 255.0
    return np.round(y)


def modcrop(img: np.ndarray, scale: int) -> np.ndarray:
    """Crop height and width down to multiples of ``scale`` (the literature's ground-truth crop)."""
    h, w = img.shape[:2]
    return img[: h - h % scale, : w - w % scale]
