"""A 5 x 5 convolution with bias and ReLU by Winograd's minimal filtering F(4x4, 5x5), on the CPU.

Each 4 x 4 block of outputs is computed from the 8 x 8 input window around it in a transformed
space where the convolution becomes 64 independent matrix products, one per transformed position,
each (windows x input channels) @ (input channels x output channels): 64 multiply-adds per 16
outputs and channel pair instead of 400 (6.25x fewer; 9-5-5 spends 90% of its work in this layer).
The matrix products run in torch (``bmm``); the input and output transforms (``B^T d B`` and
``A^T m A``, with the interpolation points 0, 1, -1, 2, -2, 1/2, -1/2 and infinity) are short sums
of sums compiled by numba, vectorised over the channels of the channels-last maps, and the output
transform adds the bias and applies the ReLU as it writes.

Exactness: the transforms are exact in real arithmetic; in float32 the result differs from the direct
convolution by about 1e-5 of the feature maps' scale (tested against ``F.conv2d``), far below what
moves Set5 PSNR (docs/benchmarks.md).

The maps are processed a strip of block rows at a time (about ``STRIP_BLOCKS`` blocks), so the
transformed windows of a strip stay in the core's cache while the matrix products read them.

numba is optional: :func:`available` says whether it is installed, and the caller keeps the direct
convolution without it, as does the packaged app (``srcnn_gui.spec`` leaves numba out). Importing
numba and loading the compiled transforms from its cache take about a second (the first run after
installing compiles them: several seconds); that starts on a background thread when the first Winograd layer is made, so it overlaps whatever comes before the
first tile (reading and enlarging the picture; in the window, choosing a file), and the first tile
waits only for what is left.
"""

from __future__ import annotations

import importlib.util
import sys
import threading
from concurrent.futures import Future
from fractions import Fraction
from typing import Any

import numpy as np
import torch

BLOCK = 4  # outputs per block side
KERNEL = 5
WINDOW = BLOCK + KERNEL - 1  # 8
POINTS = (0, 1, -1, 2, -2, Fraction(1, 2), Fraction(-1, 2))  # plus the point at infinity
# Blocks per strip: the matrix products ran at 48 GFLOP/s with 33 rows, 55-64 with 66-132 (AVX2, one
# thread); more blocks than that let the strip's 64 x blocks x channels windows outgrow the cache.
STRIP_BLOCKS = 96


def available() -> bool:
    """Whether the Winograd layer can run here: numba installed, and not a packaged app (srcnn_gui.spec leaves numba out)."""
    return not getattr(sys, "frozen", False) and importlib.util.find_spec("numba") is not None


def kernel_transform() -> np.ndarray:
    """``G`` (8 x 5): a kernel row ``g`` becomes ``G @ g`` in the transformed space (Lagrange weights)."""
    g = np.zeros((WINDOW, KERNEL))
    for j, p in enumerate(POINTS):
        scale = Fraction(1)
        for q in POINTS:
            if q != p:
                scale *= p - q
        g[j] = [float(Fraction(p) ** k / scale) for k in range(KERNEL)]
    g[-1, -1] = 1.0
    return g


def transformed_weights(weight: torch.Tensor) -> torch.Tensor:
    """``G w G^T`` per channel pair, as 64 matrices (input channels x output channels) for ``bmm``.

    Computed in float64 and rounded once. Stored column-major (each matrix transposed in memory),
    which ``bmm`` ran faster with here.
    """
    out_channels, in_channels = weight.shape[:2]
    g = torch.from_numpy(kernel_transform())
    u = torch.einsum("ak,ockl,bl->aboc", g, weight.detach().double().cpu(), g)
    return u.reshape(WINDOW * WINDOW, out_channels, in_channels).float().contiguous().transpose(1, 2)


_loading: Future[tuple[Any, Any]] | None = None
_loading_lock = threading.Lock()


def _load(done: Future[tuple[Any, Any]]) -> None:
    try:
        from srcnn_gui.core.inference import winograd_kernels as kernels

        # One call each on the smallest maps makes numba compile them or load them from its cache now.
        one = np.zeros((8, 8, 1), np.float32)
        windows, line = np.zeros((WINDOW * WINDOW, 1, 1), np.float32), np.zeros((WINDOW, WINDOW, 1), np.float32)
        kernels.input_transform(one, 0, 1, windows, line)
        kernels.output_transform(windows, np.zeros(1, np.float32), np.zeros((4, 4, 1), np.float32), 0, 1,
                                 np.zeros((BLOCK, WINDOW, 1), np.float32))
        done.set_result((kernels.input_transform, kernels.output_transform))
    except BaseException as exc:  # handed to the first tile, which raises it
        done.set_exception(exc)


def _kernels() -> Future[tuple[Any, Any]]:
    """The input and output transforms, loading on a background thread started by the first call."""
    global _loading
    with _loading_lock:
        if _loading is None:
            _loading = Future()
            threading.Thread(target=_load, args=(_loading,), name="winograd-load", daemon=True).start()
        return _loading


class Winograd5x5:
    """A 5 x 5 ``Conv2d`` (weights frozen here) followed by ReLU, for channels-last maps.

    Input 1 x C x H x W channels-last with ``H - 4`` and ``W - 4`` multiples of 4; output
    1 x K x (H - 4) x (W - 4) channels-last. The caller pads the picture so the sizes fit.
    """

    def __init__(self, weight: torch.Tensor, bias: torch.Tensor) -> None:
        if tuple(weight.shape[2:]) != (KERNEL, KERNEL):
            raise ValueError(f"a {KERNEL} x {KERNEL} kernel is needed, got {tuple(weight.shape[2:])}")
        self._u = transformed_weights(weight)
        self._bias = bias.detach().float().cpu().numpy().copy()
        self._kernels = _kernels()

    def __call__(self, h: torch.Tensor) -> torch.Tensor:
        input_transform, output_transform = self._kernels.result()
        maps = h.permute(0, 2, 3, 1)[0].contiguous().numpy()  # H x W x C: a view of channels-last storage
        height, width, channels = maps.shape
        if (height - 4) % BLOCK or (width - 4) % BLOCK:
            raise ValueError(f"output sizes must be multiples of {BLOCK}, got {height - 4} x {width - 4}")
        out_channels = self._u.shape[2]
        out = torch.empty((1, out_channels, height - 4, width - 4), memory_format=torch.channels_last)
        out_maps = out.permute(0, 2, 3, 1)[0].numpy()
        blocks_across, block_rows = (width - 4) // BLOCK, (height - 4) // BLOCK
        strip = max(1, STRIP_BLOCKS // blocks_across)
        windows = torch.empty(WINDOW * WINDOW, strip * blocks_across, channels)
        products = torch.empty(WINDOW * WINDOW, strip * blocks_across, out_channels)
        line_in = np.empty((WINDOW, WINDOW, channels), np.float32)
        line_out = np.empty((BLOCK, WINDOW, out_channels), np.float32)
        for first in range(0, block_rows, strip):
            rows = min(strip, block_rows - first)
            count = rows * blocks_across
            v = windows.view(-1)[: WINDOW * WINDOW * count * channels].view(WINDOW * WINDOW, count, channels)
            m = products.view(-1)[: WINDOW * WINDOW * count * out_channels].view(WINDOW * WINDOW, count, out_channels)
            input_transform(maps, BLOCK * first, rows, v.numpy(), line_in)
            torch.bmm(v, self._u, out=m)
            output_transform(m.numpy(), self._bias, out_maps, BLOCK * first, rows, line_out)
        return out
