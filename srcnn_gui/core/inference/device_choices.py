"""The names a compute device is chosen by, in every option and setting.

Kept apart from :mod:`srcnn_gui.core.inference.device` because that module loads torch, and the
command line offers these names before any work (``--help`` included) without loading it.
"""

from __future__ import annotations

AUTO = "auto"  # the best available: CUDA, then Apple MPS, then the CPU
DEVICE_CHOICES = (AUTO, "cpu", "cuda", "mps")
