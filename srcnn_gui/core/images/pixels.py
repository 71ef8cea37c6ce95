"""The one internal image form, and the helpers that convert to and from it.

Used everywhere in the core:

* ``numpy.ndarray`` of ``float32``, shape ``(height, width, channels)``, values in ``[0, 1]``;
* channels in this order: 1 = grey, 2 = grey + alpha, 3 = RGB, 4 = RGBA (alpha straight, not
  premultiplied);
* colours are the file's own RGB: an embedded ICC profile is *not* applied but kept in the file's
  :class:`~srcnn_gui.core.images.reading.ImageMetadata`, so the output carries the same profile and
  shows the same colours. Only CMYK is converted (to sRGB through its embedded profile), because
  SRCNN needs RGB.

Bit depth comes from the file's mode (8 or 16 bits), never from the largest pixel value: integer
samples (uint8 or uint16) become this form through :func:`samples_to_float`.
"""

from __future__ import annotations

import cv2
import numpy as np


def to_uint8(img: np.ndarray) -> np.ndarray:
    """Round a [0, 1] float image to 8-bit, clipping what bicubic or the network overshoot."""
    return _to_integers(img, np.uint8)


def to_uint16(img: np.ndarray) -> np.ndarray:
    """Round a [0, 1] float image to 16-bit, clipping what bicubic or the network overshoot."""
    return _to_integers(img, np.uint16)


# Samples rounded at a time: their float64 copy stays in cache.
_BLOCK_SAMPLES = 1 << 16


def _to_integers(img: np.ndarray, dtype: type[np.unsignedinteger]) -> np.ndarray:
    """``clip(round(img * top), 0, top)`` in float64 (where a float32 product would round some samples the
    other way), a block at a time."""
    top = float(np.iinfo(dtype).max)
    flat = img.reshape(-1)
    out = np.empty(flat.shape, dtype=dtype)
    wide = np.empty(min(len(flat), _BLOCK_SAMPLES))
    for start in range(0, len(flat), _BLOCK_SAMPLES):
        block = wide[: len(flat[start : start + _BLOCK_SAMPLES])]
        np.multiply(flat[start : start + _BLOCK_SAMPLES], top, out=block, dtype=np.float64)
        np.rint(block, out=block)
        np.clip(block, 0.0, top, out=block)
        np.copyto(out[start : start + _BLOCK_SAMPLES], block, casting="unsafe")
    return out.reshape(img.shape)


def to_float(img: np.ndarray) -> np.ndarray:
    """8-bit image to the internal float32 [0, 1] form."""
    if img.dtype != np.uint8:
        raise TypeError(f"to_float expects uint8, got {img.dtype}")
    return samples_to_float(img)


def samples_to_float(samples: np.ndarray) -> np.ndarray:
    """uint8 or uint16 samples (see :func:`read_samples`) to the internal float32 [0, 1] form, a new array.

    Rows already in that form (a first pass's result, enlarged again by the next) are copied as they are.
    """
    if np.issubdtype(samples.dtype, np.floating):
        return samples.astype(np.float32)
    top = np.float32(np.iinfo(samples.dtype).max)
    out = samples.astype(np.float32)
    return np.divide(out, top, out=out)


def has_alpha(img: np.ndarray) -> bool:
    """Whether an H x W x C picture carries alpha: grey or RGB with a last channel more."""
    return img.shape[2] in (2, 4)


def split_alpha(img: np.ndarray) -> tuple[np.ndarray, np.ndarray | None]:
    """Separate colour (1 or 3 channels) from alpha (H x W x 1), or ``None`` when there is none."""
    if has_alpha(img):
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


def fill_invisible(colour: np.ndarray, alpha: np.ndarray, reach: int) -> np.ndarray:
    """Straight ``colour`` whose invisible pixels within ``reach`` pixels of a visible one take the mean colour of
    their filled neighbours, a ring of pixels a step; further ones are black.

    For a network that reads the low-res picture itself (FSRCNN), as :func:`unpremultiply` does for the bicubic
    enlargement SRCNN reads: the colour under transparency neither shows nor leaves a dark ring. Each pixel's
    value depends only on the pixels within ``reach`` of it, each summed in the same order, so a band of rows
    with ``reach`` rows more on each side gets the whole picture's values.
    """
    known = alpha[..., 0] > _VISIBLE_ALPHA
    filled = np.where(known[..., None], colour, 0.0).astype(colour.dtype, copy=False)
    height, width = known.shape
    for _ in range(reach):
        # Only the ring of invisible pixels next to filled ones is computed: a phone photo has few.
        ring = ~known & cv2.dilate(known.view(np.uint8), np.ones((3, 3), np.uint8)).view(bool)
        rows, cols = np.nonzero(ring)
        if rows.size == 0:
            break
        total = np.zeros((rows.size, filled.shape[2]), dtype=filled.dtype)
        count = np.zeros(rows.size, dtype=filled.dtype)
        for dy in (-1, 0, 1):
            for dx in (-1, 0, 1):
                y, x = rows + dy, cols + dx
                inside = (y >= 0) & (y < height) & (x >= 0) & (x < width)
                y, x = y.clip(0, height - 1), x.clip(0, width - 1)
                weight = (known[y, x] & inside).astype(filled.dtype)
                total += filled[y, x] * weight[:, None]
                count += weight
        filled[rows, cols] = total / count[:, None]
        known[rows, cols] = True
    return filled


def modcrop(img: np.ndarray, scale: int) -> np.ndarray:
    """Crop height and width down to multiples of ``scale`` (the literature's ground-truth crop)."""
    h, w = img.shape[:2]
    return img[: h - h % scale, : w - w % scale]
