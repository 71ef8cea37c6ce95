"""Colour maths SRCNN needs: BT.601 studio-range YCbCr as MATLAB computes it, and the luminance SRCNN refines."""

from __future__ import annotations

import numpy as np

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


# Pixels converted at a time: their float64 copies stay in cache (one pass over the picture, not five).
_BLOCK_PIXELS = 1 << 15


def rgb_to_ycbcr(rgb: np.ndarray) -> np.ndarray:
    """RGB in [0, 1] to BT.601 studio-range YCbCr in [0, 1] (Y in 16/255 .. 235/255), as MATLAB."""
    return _convert(rgb, _RGB_TO_YCBCR.T, _YCBCR_OFFSET, inverse=False)


def ycbcr_to_rgb(ycbcr: np.ndarray) -> np.ndarray:
    """Inverse of :func:`rgb_to_ycbcr` (not clipped)."""
    return _convert(ycbcr, _YCBCR_TO_RGB.T, _YCBCR_OFFSET, inverse=True)


def _convert(colour: np.ndarray, matrix: np.ndarray, offset: np.ndarray, *, inverse: bool) -> np.ndarray:
    """``colour @ matrix + offset`` (``(colour - offset) @ matrix`` for the ``inverse``) in float64, returned
    in ``colour``'s dtype.

    A picture (H x W x 3) goes a few rows at a time through the same float64 matrix product as a whole
    one: numpy's matmul multiplies a stack one matrix (here one row of pixels) at a time, so the blocks give
    the same bits (tests/core/images/test_pixel_arithmetic.py), without the whole picture's float64 copies.
    """
    if colour.ndim != 3:
        wide = colour.astype(np.float64)
        return ((wide - offset) @ matrix if inverse else wide @ matrix + offset).astype(colour.dtype, copy=False)
    out = np.empty(colour.shape, dtype=colour.dtype)
    width = colour.shape[1]
    rows = min(len(colour), max(1, _BLOCK_PIXELS // max(1, width)))
    wide = np.empty((rows, *colour.shape[1:]))
    product = np.empty_like(wide)
    # The offset repeated along a whole row: adding it row by row is 10x faster than three numbers at a time.
    offset_row = np.tile(offset, width)
    for top in range(0, len(colour), rows):
        block = colour[top : top + rows]
        a, b = wide[: len(block)], product[: len(block)]
        np.copyto(a, block)
        if inverse:
            flat = a.reshape(len(block), -1)
            np.subtract(flat, offset_row, out=flat)
        np.matmul(a, matrix, out=b)
        if not inverse:
            flat = b.reshape(len(block), -1)
            np.add(flat, offset_row, out=flat)
        np.copyto(out[top : top + rows], b, casting="same_kind")
    return out


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
