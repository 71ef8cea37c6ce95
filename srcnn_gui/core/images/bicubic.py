"""MATLAB-compatible bicubic ``imresize``.

The SR literature makes its low-resolution inputs with MATLAB's ``imresize(img, 1/s, 'bicubic')`` and
compares against ``imresize(lr, s, 'bicubic')``. Published PSNR figures are only reproducible with the
same kernel (Keys cubic, a = -0.5), the same antialiasing when shrinking (the kernel is stretched by
1/scale), MATLAB's pixel-centre mapping and its symmetric border handling. OpenCV's and Pillow's
bicubic differ in all of these, so we keep our own.

Each output sample is ``((w0 * x0 + w1 * x1) + w2 * x2) + ...`` in the image's own float type, taps in
order; every way of computing it below does exactly these operations, so they give the same bits. Where the
taps' positions repeat along an axis (any integer or simple ratio: an x2 enlargement's repeat every 2
outputs, 1 input on), they are read as slices of the mirror-padded input instead of gathered sample by
sample, which on an 8000-pixel-wide band was most of the enlargement's time.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

_CUBIC_SUPPORT = 4.0  # width of the Keys kernel in input pixels
# Longest repeating pattern (in output samples) resampled by slices; longer ones gather.
_MAX_PERIOD = 16
# Bytes of output worked on at a time when resampling along a later axis: small enough to stay in cache
# through the taps' passes.
_BLOCK_BYTES = 1 << 18


def cubic_kernel(x: np.ndarray) -> np.ndarray:
    """Keys' cubic convolution kernel with a = -0.5, as MATLAB's ``cubic``."""
    ax = np.abs(x)
    ax2 = ax * ax
    ax3 = ax2 * ax
    near = (1.5 * ax3 - 2.5 * ax2 + 1.0) * (ax <= 1)
    far = (-0.5 * ax3 + 2.5 * ax2 - 4.0 * ax + 2.0) * ((ax > 1) & (ax <= 2))
    return near + far


def _taps(in_len: int, out_len: int, scale: float) -> tuple[np.ndarray, np.ndarray]:
    """Input positions (0-based, before the mirror: -1 is the sample before the first) and weights for each
    output sample along one axis, both ``(out_len, taps)``, read-only. Not cached itself: what
    :func:`_contributions` and :func:`_pattern` keep of it is (holding the positions too would hold a tall
    picture's axis twice)."""
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
    keep = np.any(weights != 0, axis=0)
    positions, weights = indices[:, keep].astype(np.int64) - 1, weights[:, keep]
    positions.flags.writeable = weights.flags.writeable = False
    return positions, weights


@functools.lru_cache(maxsize=8)
def _contributions(in_len: int, out_len: int, scale: float) -> tuple[np.ndarray, np.ndarray]:
    """Indices into the input and weights for each output sample along one axis.

    Returns ``(indices, weights)``, both of shape ``(out_len, taps)``, read-only: they are computed once
    per resize and shared by every band of it (a picture enlarged in bands asks for the same axis each
    band; computing the whole height's weights per band made tall pictures quadratic).
    """
    positions, weights = _taps(in_len, out_len, scale)
    # Symmetric padding: index sequence 1..n, n..1 repeated.
    mirror = np.concatenate([np.arange(in_len), np.arange(in_len - 1, -1, -1)])
    indices = mirror[np.mod(positions, 2 * in_len)]
    indices.flags.writeable = False
    return indices, weights


@dataclass(frozen=True)
class _Pattern:
    """Taps whose positions repeat: output ``p + period * q`` reads padded input ``starts[p] + advance * q``,
    the input padded by ``pad`` mirrored samples before and after (the weights stay each output's own: where
    the scale is not a power of two they differ in the last bits from one period to the next)."""

    period: int
    advance: int
    pad: tuple[int, int]
    starts: np.ndarray


@functools.lru_cache(maxsize=8)
def _pattern(in_len: int, out_len: int, scale: float) -> _Pattern | None:
    """The repeating form of the axis's tap positions, or None where they do not repeat within
    :data:`_MAX_PERIOD` outputs (checked sample by sample)."""
    ratio = Fraction(scale).limit_denominator(_MAX_PERIOD)
    period, advance = ratio.numerator, ratio.denominator
    if period > _MAX_PERIOD or period > out_len:
        return None
    positions, _ = _taps(in_len, out_len, scale)
    out = np.arange(out_len)
    phase, cycle = out % period, out // period
    if not np.array_equal(positions, positions[phase] + advance * cycle[:, None]):
        return None
    before, after = max(0, -int(positions.min())), max(0, int(positions.max()) + 1 - in_len)
    if before > in_len or after > in_len:  # more than one reflection: np.pad's "symmetric" differs
        return None
    return _Pattern(period, advance, (before, after), positions[:period] + before)


def _resize_axis(img: np.ndarray, axis: int, out_len: int, scale: float) -> np.ndarray:
    pattern = _pattern(img.shape[axis], out_len, scale)
    if pattern is None:
        return _apply_contributions(img, axis, *_contributions(img.shape[axis], out_len, scale))
    return _apply_pattern(img, axis, _contributions(img.shape[axis], out_len, scale)[1], pattern)


def _apply_contributions(img: np.ndarray, axis: int, indices: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Resample ``img`` along ``axis`` by gathering each tap's samples."""
    moved = np.moveaxis(img, axis, 0)
    weights = weights.astype(img.dtype, copy=False)
    out = np.empty((len(indices),) + moved.shape[1:], dtype=img.dtype)
    term = np.empty_like(out)
    extra = (slice(None),) + (None,) * (moved.ndim - 1)
    for tap in range(indices.shape[1]):
        # mode="clip": the indices are in range, and "raise" would copy through a buffer.
        np.take(moved, indices[:, tap], axis=0, out=term, mode="clip")
        if tap == 0:
            np.multiply(term, weights[:, tap][extra], out=out)
        else:
            np.multiply(term, weights[:, tap][extra], out=term)
            np.add(out, term, out=out)
    return np.moveaxis(out, 0, axis)


def _apply_pattern(img: np.ndarray, axis: int, weights: np.ndarray, pattern: _Pattern) -> np.ndarray:
    """Resample ``img`` along ``axis`` by slices of its mirror-padded samples (:class:`_Pattern`).

    The image is seen as ``(lead, length, rest)``. Where ``rest`` is long (the first axis), each phase of
    the pattern is written straight into its strided rows of the output; otherwise (an image's columns,
    three channels a sample) each phase is computed contiguous, a few rows at a time, and then interleaved.
    """
    shape, out_len = img.shape, len(weights)
    lead, rest = math.prod(shape[:axis]), math.prod(shape[axis + 1 :])
    source = img.reshape(lead, shape[axis], rest)
    out = np.empty((lead, out_len, rest), dtype=img.dtype)
    weights = weights.astype(img.dtype)
    direct = rest * img.itemsize >= 256
    rows = lead if direct else max(1, _BLOCK_BYTES // (out_len * rest * img.itemsize))
    sample = np.dtype((np.void, rest * img.itemsize))  # one output sample, for interleaving the phases
    factors = [[_tap_factor(weights[phase :: pattern.period, tap], 1 if direct else rest)
                for tap in range(weights.shape[1])] for phase in range(pattern.period)]
    for top in range(0, lead, rows):
        padded = np.pad(source[top : top + rows], ((0, 0), pattern.pad, (0, 0)), mode="symmetric")
        block = out[top : top + rows]
        term = np.empty_like(block[:, : -(-out_len // pattern.period)])
        for phase in range(pattern.period):
            count = len(range(phase, out_len, pattern.period))
            target = block[:, phase :: pattern.period] if direct else np.empty_like(term[:, :count])
            part = term[:, :count]
            for tap, (start, factor) in enumerate(zip(pattern.starts[phase], factors[phase], strict=True)):
                taken = padded[:, start : start + pattern.advance * (count - 1) + 1 : pattern.advance]
                if tap == 0:
                    np.multiply(taken, factor, out=target)
                else:
                    np.multiply(taken, factor, out=part)
                    np.add(target, part, out=target)
            if not direct:
                block.view(sample)[:, phase :: pattern.period] = target.view(sample)
    return out.reshape(shape[:axis] + (out_len,) + shape[axis + 1 :])


def _tap_factor(weights: np.ndarray, rest: int) -> np.generic | np.ndarray:
    """One tap's weights for the outputs of one phase, as multiplied into ``(rows, count, rest)``: one number
    where they are all equal (a power-of-two scale: x2, x4, 1/2), else one per sample, spelt out along ``rest`` so that
    the multiplication runs along whole rows."""
    if (weights == weights[0]).all():
        return weights[0]
    return np.repeat(weights[:, None], rest, axis=1)


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
