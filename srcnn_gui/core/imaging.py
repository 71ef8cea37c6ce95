"""Image files in and out, and the colour conversions SRCNN needs.

The one internal image form, used everywhere in the core:

* ``numpy.ndarray`` of ``float32``, shape ``(height, width, channels)``, values in ``[0, 1]``;
* channels in this order: 1 = grey, 2 = grey + alpha, 3 = RGB, 4 = RGBA (alpha straight, not
  premultiplied);
* colours are sRGB as stored in the file (an embedded ICC profile is converted to sRGB on load).

Bit depth comes from the file's mode (8 or 16 bits), never from the largest pixel value.
"""

from __future__ import annotations

import io
import os
import warnings
from pathlib import Path

import numpy as np
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

from srcnn_gui.core.atomic import atomic_write_bytes
from srcnn_gui.core.errors import ImageReadError, ImageWriteError

IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".bmp", ".tif", ".tiff", ".webp"})
MAX_INPUT_PIXELS = 80_000_000

# Formats that cannot store an alpha channel: transparency is composited over white.
_NO_ALPHA_FORMATS = frozenset({"JPEG", "BMP"})
_FORMAT_BY_SUFFIX = {
    ".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG", ".bmp": "BMP",
    ".tif": "TIFF", ".tiff": "TIFF", ".webp": "WEBP",
}

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


def is_image_file(path: Path) -> bool:
    """True for a file whose suffix is one of the formats we read."""
    return path.is_file() and path.suffix.lower() in IMAGE_SUFFIXES


def find_images(folder: Path) -> list[Path]:
    """All readable-looking image files below ``folder``, recursively, in a stable order."""
    return sorted(p for p in folder.rglob("*") if is_image_file(p))


def _to_srgb(im: Image.Image) -> Image.Image:
    profile = im.info.get("icc_profile")
    if not profile or im.mode not in ("RGB", "RGBA", "CMYK"):
        return im
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
        target_mode = "RGBA" if im.mode == "RGBA" else "RGB"
        converted = ImageCms.profileToProfile(im, source, ImageCms.createProfile("sRGB"), outputMode=target_mode)
    except (ImageCms.PyCMSError, OSError, ValueError):
        return im  # a broken profile is not worth refusing the picture for
    return converted if converted is not None else im


def _pil_to_array(im: Image.Image) -> np.ndarray:
    mode = im.mode
    if mode in ("I;16", "I;16B", "I;16L", "I"):
        # 16-bit grey (Pillow opens 16-bit PNG grey as I;16, older releases as I).
        data = np.asarray(im, dtype=np.float64) / 65535.0
        return np.clip(data, 0.0, 1.0).astype(np.float32)[..., None]
    if mode == "P":
        im = im.convert("RGBA" if "transparency" in im.info else "RGB")
    elif mode in ("1", "L") and "transparency" in im.info:
        im = im.convert("LA")
    elif mode == "1":
        im = im.convert("L")
    elif mode == "PA":
        im = im.convert("RGBA")
    elif mode not in ("L", "LA", "RGB", "RGBA"):
        im = im.convert("RGB")  # CMYK, YCbCr, LAB, HSV ...
    data = np.asarray(im, dtype=np.float32) / 255.0
    return data[..., None] if data.ndim == 2 else data


def load_image(path: str | os.PathLike[str]) -> np.ndarray:
    """Read an image file into the internal form (see module docstring), EXIF orientation applied.

    Raises :class:`ImageReadError` naming the file and the problem.
    """
    path = Path(path)
    if not path.exists():
        raise ImageReadError(f"{path}: no such file")
    if path.is_dir():
        raise ImageReadError(f"{path}: is a folder, not an image")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as im:
                if im.width * im.height > MAX_INPUT_PIXELS:
                    raise ImageReadError(
                        f"{path}: {im.width}x{im.height} is too large "
                        f"(at most {MAX_INPUT_PIXELS // 1_000_000} megapixels)"
                    )
                im.load()
                im = ImageOps.exif_transpose(im)
                im = _to_srgb(im)
                return _pil_to_array(im)
    except ImageReadError:
        raise
    except (Image.DecompressionBombWarning, Image.DecompressionBombError) as exc:
        raise ImageReadError(f"{path}: too large to open safely ({exc})") from exc
    except UnidentifiedImageError as exc:
        raise ImageReadError(f"{path}: not an image file, or a format we cannot read") from exc
    except (OSError, ValueError, SyntaxError) as exc:
        raise ImageReadError(f"{path}: damaged or unreadable image ({exc})") from exc


def to_uint8(img: np.ndarray) -> np.ndarray:
    """Round a [0, 1] float image to 8-bit, clipping what bicubic or the network overshoot."""
    return np.clip(np.round(img.astype(np.float64) * 255.0), 0, 255).astype(np.uint8)


def to_float(img: np.ndarray) -> np.ndarray:
    """8-bit image to the internal float32 [0, 1] form."""
    if img.dtype != np.uint8:
        raise TypeError(f"to_float expects uint8, got {img.dtype}")
    return img.astype(np.float32) / 255.0


def split_alpha(img: np.ndarray) -> tuple[np.ndarray, np.ndarray | None]:
    """Separate colour (1 or 3 channels) from alpha (H x W x 1), or ``None`` when there is none."""
    channels = img.shape[2]
    if channels in (2, 4):
        return img[..., :-1], img[..., -1:]
    return img, None


def merge_alpha(colour: np.ndarray, alpha: np.ndarray | None) -> np.ndarray:
    """Inverse of :func:`split_alpha`."""
    return colour if alpha is None else np.concatenate([colour, alpha], axis=2)


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


def _flatten_on_white(img: np.ndarray) -> np.ndarray:
    colour, alpha = split_alpha(img)
    return colour if alpha is None else colour * alpha + (1.0 - alpha)


def encode_image(img: np.ndarray, suffix: str) -> bytes:
    """Encode an internal-form image as 8-bit bytes in the format named by ``suffix`` ('.png', ...)."""
    fmt = _FORMAT_BY_SUFFIX.get(suffix.lower())
    if fmt is None:
        raise ImageWriteError(f"cannot write '{suffix}' files; use one of {', '.join(sorted(_FORMAT_BY_SUFFIX))}")
    if fmt in _NO_ALPHA_FORMATS:
        img = _flatten_on_white(img)
    data = to_uint8(img)
    data = data[..., 0] if data.shape[2] == 1 else data
    buffer = io.BytesIO()
    options = {"quality": 95} if fmt in ("JPEG", "WEBP") else {}
    Image.fromarray(data).save(buffer, format=fmt, **options)
    return buffer.getvalue()


def save_image(path: str | os.PathLike[str], img: np.ndarray, *, overwrite: bool = False) -> Path:
    """Write ``img`` atomically: a temporary file in the same folder renamed into place.

    A half-written file never appears under ``path``. Refuses to replace an existing file unless
    ``overwrite`` is true.
    """
    path = Path(path)
    if path.exists() and not overwrite:
        raise ImageWriteError(f"{path}: already exists (not overwritten)")
    payload = encode_image(img, path.suffix)
    try:
        atomic_write_bytes(path, payload)
    except OSError as exc:
        raise ImageWriteError(f"{path}: cannot write ({exc.strerror or exc})") from exc
    return path
