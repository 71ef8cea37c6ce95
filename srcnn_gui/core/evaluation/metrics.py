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


def _plane(img: np.ndarray, y_channel: bool) -> np.ndarray:
    """The values scored, as float64: the luminance of colour when ``y_channel``."""
    if img.dtype != np.uint8 and not np.issubdtype(img.dtype, np.floating):
        raise TypeError(f"expected 8-bit values as uint8 or float, got {img.dtype}")
    img = img.astype(np.float64)
    if img.ndim == 3 and y_channel:
        img = luminance_8bit(img.astype(np.uint8)) if img.shape[2] in (1, 3) else img
        if img.ndim == 3:
            raise ValueError(f"cannot take the luminance of {img.shape[2]} channels")
    return img


def _prepare(image: np.ndarray, reference: np.ndarray, crop_border: int, y_channel: bool) -> tuple[np.ndarray, np.ndarray]:
    if image.shape != reference.shape:
        raise ValueError(f"images differ in shape: {image.shape} vs {reference.shape}")
    pair = []
    for img in (image, reference):
        img = _plane(img, y_channel)
        if crop_border:
            img = img[crop_border:-crop_border, crop_border:-crop_border]
        pair.append(img)
    return pair[0], pair[1]


def _psnr_of_mse(mse: float) -> float:
    return math.inf if mse == 0 else 10.0 * math.log10(_PEAK**2 / mse)


def psnr(image: np.ndarray, reference: np.ndarray, *, crop_border: int, y_channel: bool = True) -> float:
    """Peak signal-to-noise ratio in dB on 8-bit values; ``inf`` for identical images.

    ``image`` and ``reference`` hold 0..255 values (uint8, or float already on the 8-bit scale),
    either as H x W luminance or as H x W x 3 RGB, which is turned into Y when ``y_channel``.
    """
    a, b = _prepare(image, reference, crop_border, y_channel)
    return _psnr_of_mse(float(np.mean((a - b) ** 2)))


def _gaussian_window() -> np.ndarray:
    axis = np.arange(-_SSIM_RADIUS, _SSIM_RADIUS + 1, dtype=np.float64)
    g = np.exp(-(axis**2) / (2 * _SSIM_SIGMA**2))
    g /= g.sum()
    return np.outer(g, g)


def _filter_valid(img: np.ndarray, window: np.ndarray) -> np.ndarray:
    r = _SSIM_RADIUS
    return cv2.filter2D(img, cv2.CV_64F, window, borderType=cv2.BORDER_REFLECT)[r:-r, r:-r]


def _ssim_map(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """SSIM at each position where the window lies wholly inside (``2 * radius`` rows and columns fewer)."""
    c1 = (0.01 * _PEAK) ** 2
    c2 = (0.03 * _PEAK) ** 2
    window = _gaussian_window()
    mu_a = _filter_valid(a, window)
    mu_b = _filter_valid(b, window)
    var_a = _filter_valid(a * a, window) - mu_a**2
    var_b = _filter_valid(b * b, window) - mu_b**2
    cov = _filter_valid(a * b, window) - mu_a * mu_b
    return ((2 * mu_a * mu_b + c1) * (2 * cov + c2)) / ((mu_a**2 + mu_b**2 + c1) * (var_a + var_b + c2))


def _ssim_2d(a: np.ndarray, b: np.ndarray) -> float:
    return float(_ssim_map(a, b).mean())


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


class ScoreInBands:
    """:func:`psnr` and :func:`ssim` of an image against a reference of ``height`` x ``width`` given top to bottom in
    bands of rows (:meth:`add`), for pictures too large to score whole; the same conventions, luminance only
    (colour with ``y_channel``, or grey), and the same figures up to float rounding.

    SSIM's windows that cross a band's edge are computed once: the last ``2 * radius`` rows of each band are
    kept and put before the next, so every window position is scored exactly as on the whole picture.
    """

    def __init__(self, height: int, width: int, *, crop_border: int, y_channel: bool = True) -> None:
        if min(height, width) - 2 * crop_border <= 2 * _SSIM_RADIUS:
            raise ValueError(f"image of {width}x{height} is too small for an 11x11 SSIM window")
        self.height, self.width, self.crop_border, self.y_channel = height, width, crop_border, y_channel
        self._next_row = 0  # the first row of the next band
        self._squared_error = 0.0
        self._ssim_sum = 0.0
        self._pixels = self._windows = 0
        self._overlap: tuple[np.ndarray, np.ndarray] | None = None  # rows scored, still under later windows

    def add(self, image_rows: np.ndarray, reference_rows: np.ndarray) -> None:
        """The next band of both pictures (the same rows of each)."""
        if image_rows.shape != reference_rows.shape or image_rows.shape[1] != self.width:
            raise ValueError(f"bands differ in shape: {image_rows.shape} vs {reference_rows.shape}, width {self.width}")
        top = self._next_row
        self._next_row += len(image_rows)
        border = self.crop_border
        rows = slice(max(0, border - top), max(0, min(len(image_rows), self.height - border - top)))
        columns = slice(border, self.width - border)
        a, b = (_plane(img, self.y_channel)[rows, columns] for img in (image_rows, reference_rows))
        if a.ndim != 2:
            raise ValueError("bands are scored on the luminance only: pass y_channel=True or grey pictures")
        self._squared_error += float(np.sum((a - b) ** 2))
        self._pixels += a.size
        if self._overlap is not None:
            a, b = np.concatenate([self._overlap[0], a]), np.concatenate([self._overlap[1], b])
        if len(a) > 2 * _SSIM_RADIUS:
            ssim_map = _ssim_map(a, b)
            self._ssim_sum += float(ssim_map.sum())
            self._windows += ssim_map.size
            a, b = a[-2 * _SSIM_RADIUS :], b[-2 * _SSIM_RADIUS :]
        self._overlap = (a, b)

    def _check_complete(self) -> None:
        if self._next_row != self.height:
            raise ValueError(f"{self._next_row} of {self.height} rows given")

    def psnr(self) -> float:
        """:func:`psnr` of the whole pictures."""
        self._check_complete()
        return _psnr_of_mse(self._squared_error / self._pixels)

    def ssim(self) -> float:
        """:func:`ssim` of the whole pictures."""
        self._check_complete()
        return self._ssim_sum / self._windows
