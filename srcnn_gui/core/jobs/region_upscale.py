"""One region of a large result, computed on its own and equal to the same pixels of the whole result.

The region's input is read with enough context around it that neither bicubic nor the network can tell
the crop from the picture: bicubic's taps plus the network's radius, which for a network that enlarges
by itself (FSRCNN) is counted in input pixels and for one that refines a bicubic enlargement (SRCNN) in
output pixels. The context is a multiple of four input pixels, so every region's output starts on the
CPU path's Winograd block grid, as the whole picture's tiles do.
"""

from __future__ import annotations

import numpy as np

from srcnn_gui.core.images.pixels import has_alpha, samples_to_float
from srcnn_gui.core.inference.upscaler import CancelCheck, Upscaler, UpscaleResult
from srcnn_gui.core.jobs.region_plan import Box

# Input pixels beyond its own that a bicubic enlargement reads: the kernel's half width (2) and one for the
# half-pixel shift of the output grid.
BICUBIC_REACH = 3
_GRID = 4


def context_pixels(upscaler: Upscaler, alpha: bool = False) -> int:
    """Input pixels of context a region needs on each side so that it equals the whole picture's result; with
    ``alpha`` FSRCNN's twice its radius, as the invisible pixels it reads are filled from those within its radius
    (:func:`~srcnn_gui.core.images.pixels.fill_invisible`)."""
    radius = upscaler.model.radius
    network = radius * (2 if alpha else 1) if upscaler.enlarges else -(-radius // upscaler.scale)
    return -(-(BICUBIC_REACH + network) // _GRID) * _GRID


def upscale_region(upscaler: Upscaler, samples: np.ndarray, box: Box, cancelled: CancelCheck | None = None) -> UpscaleResult:
    """Bicubic and network results of the input ``box`` of ``samples`` (the file's integers), at the
    upscaler's own scale: the rows and columns ``box.scaled(scale)`` of the whole picture's results.
    ``cancelled`` is asked between the network's tiles."""
    height, width = samples.shape[:2]
    context = context_pixels(upscaler, alpha=has_alpha(samples))
    top, left = max(0, box.top - context), max(0, box.left - context)
    bottom, right = min(height, box.bottom + context), min(width, box.right + context)
    result = upscaler.upscale(samples_to_float(samples[top:bottom, left:right]), cancelled=cancelled)
    s = upscaler.scale
    rows = slice((box.top - top) * s, (box.bottom - top) * s)
    columns = slice((box.left - left) * s, (box.right - left) * s)
    return UpscaleResult(bicubic=result.bicubic[rows, columns], srcnn=result.srcnn[rows, columns])
