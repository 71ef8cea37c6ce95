"""MATLAB-compatible bicubic ``imresize``.

The SR literature makes its low-resolution inputs with MATLAB's ``imresize(img, 1/s, 'bicubic')`` and
compares against ``imresize(lr, s, 'bicubic')``. Published PSNR figures are only reproducible with the
same kernel (Keys cubic, a = -0.5), the same antialiasing when shrinking (the kernel is stretched by
1/scale), MATLAB's pixel-centre mapping and its symmetric border handling. OpenCV's and Pillow's
bicubic differ in all of these, so we keep our own.
"""

from __future__ import annotations

import functools
import math

import numpy as np

_CUBIC_SUPPORT = 4.0  # width of the Keys kernel in input pixels


def cubic_kernel(x: np.ndarray) -> np.ndarray:
    """Keys' cubic convolution kernel with a = -0.5, as MATLAB's ``cubic``."""
    ax = np.abs(x)
    ax2 = ax * ax
    ax3 = ax2 * ax
    near = (1.5 * ax3 - 2.5 * ax2 + 1.0) * (ax <= 1)
    far = (-0.5 * ax3 + 2.5 * ax2 - 4.0 * ax + 2.0) * ((ax > 1) & (ax <= 2))
    return near + far


@functools.lru_cache(maxsize=8)
def _contributions(in_len: int, out_len: int, scale: float) -> tuple[np.ndarray, np.ndarray]:
    """Indices into the input and weights for each output sample along one axis.

    Returns ``(indices, weights)``, both of shape ``(out_len, taps)``, read-only: they are computed once
    per resize and shared by every band of it (a picture enlarged in bands asks for the same axis each
    band; computing the whole height's weights per band made tall pictures quadratic).
    """
    antialias = scale < 1
    width = _CUBIC_SUPPORT / scale if antialias else _CUBIC_SUPPORT
    out_pos = np.arange(1, out_len + 1, dtype=np.float64)
    # MATLAB maps output pixel centres to input coordinates (1-based) like this.
    centre = out_pos / scale + 0.5 * (1.0 - 1.0 / scale)
    left = np.floor(centre - width / 2.0)
    taps = int(math.ceil(width)) + 2
    indices = left[:, None] + np.arange(taps, dtype=np.float64)[None, :]
    distance = centre[:, None] - indices
    if antialias:
        weights = scale * cubic_kernel(scale * distance)
    else:
        weights = cubic_kernel(distance)
    weights /= weights.sum(axis=1, keepdims=True)
    # Symmetric padding: index sequence 1..n, n..1 repeated.
    mirror = np.concatenate([np.arange(in_len), np.arange(in_len - 1, -1, -1)])
    indices = mirror[np.mod(indices.astype(np.int64) - 1, 2 * in_len)]
    keep = np.any(weights != 0, axis=0)
    indices, weights = indices[:, keep], weights[:, keep]
    indices.flags.writeable = weights.flags.writeable = False
    return indices, weights


def _resize_axis(img: np.ndarray, axis: int, out_len: int, scale: float) -> np.ndarray:
    return _apply_contributions(img, axis, *_contributions(img.shape[axis], out_len, scale))


def _apply_contributions(img: np.ndarray, axis: int, indices: np.ndarray, weights: np.ndarray) -> np.ndarray:
    moved = np.moveaxis(img, axis, 0)
    weights = weights.astype(img.dtype, copy=False)
    out = np.zeros((len(indices),) + moved.shape[1:], dtype=img.dtype)
    extra = (slice(None),) + (None,) * (moved.ndim - 1)
    for tap in range(indices.shape[1]):
        out += weights[:, tap][extra] * moved[indices[:, tap]]
    return np.moveaxis(out, 0, axis)


def imresize(img: np.ndarray, scale: float | None = None, size: tuple[int, int] | None = None) -> np.ndarray:
    """Resize a float image (H x W or H x W x C) like MATLAB's ``imresize(..., 'bicubic')``.

    Give either ``scale`` (output size is ``ceil(input * scale)``) or ``size`` as ``(height, width)``;
    with a size, each axis is resampled by its own ratio ``out / in``, as MATLAB's ``imresize(img, [h w])``
    (an integer scale and the size it gives are the same resize, bit for bit).
    The result has the input's float dtype and is not clipped: bicubic overshoots, the caller decides.
    """
    if not np.issubdtype(img.dtype, np.floating):
        raise TypeError(f"imresize expects a float image, got {img.dtype}")
    in_h, in_w = img.shape[:2]
    if size is None:
        if scale is None or scale <= 0:
            raise ValueError("imresize needs a positive scale or an output size")
        size = (math.ceil(in_h * scale), math.ceil(in_w * scale))
        scales = (scale, scale)
    else:
        if min(size) < 1:
            raise ValueError(f"imresize cannot make a {size[1]} x {size[0]} picture")
        scales = (size[0] / in_h, size[1] / in_w)
    # MATLAB resizes the axis with the smaller scale first (fewer samples to carry through).
    order = (0, 1) if scales[0] <= scales[1] else (1, 0)
    out = img
    for axis in order:
        out = _resize_axis(out, axis, size[axis], scales[axis])
    return out


def source_rows(in_height: int, out_height: int, start: int, stop: int) -> tuple[int, int]:
    """The input rows ``first:last`` that rows ``start:stop`` of an ``out_height``-row resize read."""
    indices, _ = _contributions(in_height, out_height, out_height / in_height)
    used = indices[start:stop]
    return int(used.min()), int(used.max()) + 1


def imresize_rows(band: np.ndarray, band_top: int, in_height: int, size: tuple[int, int], start: int, stop: int) -> np.ndarray:
    """Rows ``start:stop`` of ``imresize(img, size=size)``, computed from a band of rows of ``img``.

    ``band`` is ``img[band_top : band_top + len(band)]`` and must hold :func:`source_rows`. The
    result equals those rows of the whole-image resize exactly (same arithmetic, same axis order), so
    a picture can be enlarged band by band in bounded memory.
    """
    if not np.issubdtype(band.dtype, np.floating):
        raise TypeError(f"imresize_rows expects a float image, got {band.dtype}")
    out_h, out_w = size
    scales = (out_h / in_height, out_w / band.shape[1])
    indices, weights = _contributions(in_height, out_h, scales[0])
    indices = indices[start:stop] - band_top
    if indices.min() < 0 or indices.max() >= len(band):
        raise ValueError(f"rows {start}:{stop} need input rows {source_rows(in_height, out_h, start, stop)}, "
                         f"the band holds {band_top}:{band_top + len(band)}")
    if scales[0] <= scales[1]:  # the order imresize takes: the axis with the smaller ratio first
        rows = _apply_contributions(band, 0, indices, weights[start:stop])
        return _resize_axis(rows, 1, out_w, scales[1])
    return _apply_contributions(_resize_axis(band, 1, out_w, scales[1]), 0, indices, weights[start:stop])
