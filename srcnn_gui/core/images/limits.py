"""How large a picture may be: on opening (a decompression-bomb guard) and for upscaling in memory.

Larger pictures still go file to file, in bands (:mod:`srcnn_gui.core.inference.file_to_file`).
"""

from __future__ import annotations

import os

from srcnn_gui.core.errors import ImageReadError

# Decompression-bomb guard: a 12,000 x 8,000 photo (96 MP) still opens by default.
MAX_MEGAPIXELS_ENV = "SRCNN_MAX_MEGAPIXELS"
DEFAULT_MAX_MEGAPIXELS = 100.0

# Upscaler.upscale() holds the bicubic and SRCNN results plus float64 colour temporaries, about 120
# bytes per output pixel: 60 MP is ~7 GB. Larger results go file to file in bands (upscale_bands).
MAX_IN_MEMORY_MEGAPIXELS = 60.0

# The window computes larger results region by region into a cache on disk, the part on screen first
# (core/jobs/large_picture.py): an in-memory result shows nothing until it is whole.
WINDOW_REGIONS_ABOVE_MEGAPIXELS = 8.0


def max_input_megapixels() -> float:
    """The largest picture we open, in megapixels: ``SRCNN_MAX_MEGAPIXELS`` or the default."""
    raw = os.environ.get(MAX_MEGAPIXELS_ENV, "").strip()
    if not raw:
        return DEFAULT_MAX_MEGAPIXELS
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if value <= 0:
        raise ImageReadError(f"{MAX_MEGAPIXELS_ENV}={raw!r}: expected a positive number of megapixels")
    return value
