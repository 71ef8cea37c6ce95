"""PSNR and SSIM as the super-resolution literature reports them.

The protocol is part of each signature, so nobody computes it "a bit differently" by accident:
8-bit values (0..255), the luminance channel (studio-range Y of BT.601, see
:func:`srcnn_gui.core.images.reading.luminance_8bit`) and a border of ``crop_border`` pixels (the scale)
shaved off. SSIM is Wang et al. (2004): 11 x 11 Gaussian window, sigma 1.5, K1 = 0.01, K2 = 0.03,
statistics over the valid part of the window only.
"""

from __future__ import annotations

import math

import cv2
import numpy as np

from srcnn_gui.core.images.colour import luminance_8bit

_SSIM_SIGMA = 1.5
_SSIM_RADIUS = 5
_PEAK = 255.0


def _prepare(image: np.ndarray, reference: np.ndarray, crop_border: int, y_channel: bool) -> tuple[np.ndarray, np.ndarray]:
    if image.shape != reference.shape:
        raise ValueError(f"images differ in shape: {image.shape} vs {reference.shape}")
    pair = []
    for img in (image, reference):
        if img.dtype != np.uint8 and not np.issubdtype(img.dtype, np.floating):
            raise TypeError(f"expected 8-bit values as uint8 or float, got {img.dtype}")
        img = img.astype(np.float64)
        if img.ndim == 3 and y_channel:
            img = luminance_8bit(img.astype(np.uint8)) if img.shape[2] in (1, 3) else img
            if img.ndim == 3:
                raise ValueError(f"cannot take the luminance of {img.shape[2]} channels")
        if crop_border:
            img = img[crop_border:-crop_border, crop_border:-crop_border]
        pair.append(img)
    return pair[0], pair[1]


def psnr(image: np.ndarray, reference: np.ndarray, *, crop_border: int, y_channel: bool = True) -> float:
    """Peak signal-to-noise ratio in dB on 8-bit values; ``inf`` for identical images.

    ``image`` and ``reference`` hold 0..255 values (uint8, or float already on the 8-bit scale),
    either as H x W luminance or as H x W x 3 RGB, which is turned into Y when ``y_channel``.
    """
    a, b = _prepare(image, reference, crop_border, y_channel)
    mse = float(np.mean((a - b) ** 2))
    return math.inf if mse == 0 else 10.0 * math.log10(_PEAK**2 / mse)


def _gaussian_window() -> np.ndarray:
    axis = np.arange(-_SSIM_RADIUS, _SSIM_RADIUS + 1, dtype=np.float64)
    g = np.exp(-(axis**2) / (2 * _SSIM_SIGMA**2))
    g /= g.sum()
    return np.outer(g, g)


def _filter_valid(img: np.ndarray, window: np.ndarray) -> np.ndarray:
    r = _SSIM_RADIUS
    return cv2.filter2D(img, cv2.CV_64F, window, borderType=cv2.BORDER_REFLECT)[r:-r, r:-r]


def _ssim_2d(a: np.ndarray, b: np.ndarray) -> float:
    c1 = (0.01 * _PEAK) ** 2
    c2 = (0.03 * _PEAK) ** 2
    window = _gaussian_window()
    mu_a = _filter_valid(a, window)
    mu_b = _filter_valid(b, window)
    var_a = _filter_valid(a * a, window) - mu_a**2
    var_b = _filter_valid(b * b, window) - mu_b**2
    cov = _filter_valid(a * b, window) - mu_a * mu_b
    ssim_map = ((2 * mu_a * mu_b + c1) * (2 * cov + c2)) / ((mu_a**2 + mu_b**2 + c1) * (var_a + var_b + c2))
    return float(ssim_map.mean())


def ssim(image: np.ndarray, reference: np.ndarray, *, crop_border: int, y_channel: bool = True) -> float:
    """Structural similarity (Wang et al. 2004) on 8-bit values; same conventions as :func:`psnr`.

    Colour images without ``y_channel`` are scored per channel and averaged.
    """
    a, b = _prepare(image, reference, crop_border, y_channel)
    if min(a.shape[:2]) <= 2 * _SSIM_RADIUS:
        raise ValueError(f"image of {a.shape[1]}x{a.shape[0]} is too small for an 11x11 SSIM window")
    if a.ndim == 2:
        return _ssim_2d(a, b)
    return float(np.mean([_ssim_2d(a[..., c], b[..., c]) for c in range(a.shape[2])]))
