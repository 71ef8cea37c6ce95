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
