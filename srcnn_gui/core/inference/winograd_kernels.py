"""The numba-compiled transforms of :mod:`~srcnn_gui.core.inference.winograd` (F(4x4, 5x5)), channels last.

Every loop nest ends in a loop over channels, contiguous in memory, which LLVM vectorises; an
8-sample line function returns its 8 (or 4) results as a tuple, inlined, so each transform's
intermediate values stay in registers. ``nogil``: the engine's tile threads run these side by side.
"""

from __future__ import annotations

import numba
import numpy as np

# cache: compiled once per installation (several seconds), then loaded from __pycache__ or the user's cache.
_compiled = numba.njit(nogil=True, error_model="numpy", cache=True)
_line = numba.njit(inline="always")

# float32 constants: numba reads Python floats as float64, which halves the vector width (measured 1.5x slower).
_C0125, _C025, _C05, _C125, _C2, _C25 = (np.float32(v) for v in (0.125, 0.25, 0.5, 1.25, 2.0, 2.5))
_C4, _C425, _C5, _C525, _C8, _ZERO = (np.float32(v) for v in (4.0, 4.25, 5.0, 5.25, 8.0, 0.0))


@_line
def _input_row(d0, d1, d2, d3, d4, d5, d6, d7):
    """``B^T d`` for one 8-sample line (the rows of B^T pair up as even +- odd parts)."""
    e1, o1 = d2 + d6 - _C425 * d4, d1 + d5 - _C425 * d3
    e2, o2 = _C025 * d2 - _C125 * d4 + d6, _C05 * d1 - _C25 * d3 + _C2 * d5
    e3, o3 = _C4 * d2 - _C5 * d4 + d6, _C2 * d1 - _C25 * d3 + _C05 * d5
    return (d6 - d0 + _C525 * (d2 - d4), e1 + o1, e1 - o1, e2 + o2, e2 - o2, e3 + o3, e3 - o3,
            d7 - d1 + _C525 * (d3 - d5))


@_line
def _output_row(m0, m1, m2, m3, m4, m5, m6, m7):
    """``A^T m`` for one 8-sample line: the 4 outputs, from the points' powers 0 to 3."""
    a, b, c, d, e, f = m1 + m2, m1 - m2, m3 + m4, m3 - m4, m5 + m6, m5 - m6
    return m0 + a + c + e, b + _C2 * d + _C05 * f, a + _C4 * c + _C025 * e, b + _C8 * d + _C0125 * f + m7


@_compiled
def input_transform(h, top, block_rows, v, line):
    """``v[p, block, c]`` = position p of ``B^T d B`` for the windows of ``block_rows`` rows of blocks from ``top``."""
    channels = h.shape[2]
    blocks_across = (h.shape[1] - 4) // 4
    for by in range(block_rows):
        for bx in range(blocks_across):
            y, x = top + 4 * by, 4 * bx
            for i in range(8):
                row = h[y + i]
                for c in range(channels):
                    r = _input_row(row[x, c], row[x + 1, c], row[x + 2, c], row[x + 3, c],
                                      row[x + 4, c], row[x + 5, c], row[x + 6, c], row[x + 7, c])
                    line[i, 0, c], line[i, 1, c], line[i, 2, c], line[i, 3, c] = r[0], r[1], r[2], r[3]
                    line[i, 4, c], line[i, 5, c], line[i, 6, c], line[i, 7, c] = r[4], r[5], r[6], r[7]
            block = by * blocks_across + bx
            for j in range(8):
                for c in range(channels):
                    r = _input_row(line[0, j, c], line[1, j, c], line[2, j, c], line[3, j, c],
                                      line[4, j, c], line[5, j, c], line[6, j, c], line[7, j, c])
                    v[j, block, c], v[8 + j, block, c], v[16 + j, block, c], v[24 + j, block, c] = r[0], r[1], r[2], r[3]
                    v[32 + j, block, c], v[40 + j, block, c], v[48 + j, block, c], v[56 + j, block, c] = r[4], r[5], r[6], r[7]


@_compiled
def output_transform(m, bias, out, top, block_rows, line):
    """``out`` rows ``top`` to ``top + 4 block_rows``: ``A^T m A`` of each block, plus bias, then ReLU."""
    channels = out.shape[2]
    blocks_across = out.shape[1] // 4
    for by in range(block_rows):
        for bx in range(blocks_across):
            block = by * blocks_across + bx
            for j in range(8):
                for k in range(channels):
                    r = _output_row(m[j, block, k], m[8 + j, block, k], m[16 + j, block, k], m[24 + j, block, k],
                                       m[32 + j, block, k], m[40 + j, block, k], m[48 + j, block, k], m[56 + j, block, k])
                    line[0, j, k], line[1, j, k], line[2, j, k], line[3, j, k] = r[0], r[1], r[2], r[3]
            for i in range(4):
                row = out[top + 4 * by + i]
                x = 4 * bx
                for k in range(channels):
                    r = _output_row(line[i, 0, k], line[i, 1, k], line[i, 2, k], line[i, 3, k],
                                       line[i, 4, k], line[i, 5, k], line[i, 6, k], line[i, 7, k])
                    b = bias[k]
                    row[x, k], row[x + 1, k] = max(r[0] + b, _ZERO), max(r[1] + b, _ZERO)
                    row[x + 2, k], row[x + 3, k] = max(r[2] + b, _ZERO), max(r[3] + b, _ZERO)
