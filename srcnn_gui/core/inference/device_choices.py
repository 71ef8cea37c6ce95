"""The names a compute device and an upscale's precision are chosen by, in every option and setting.

Kept apart from :mod:`srcnn_gui.core.inference.device` because that module loads torch, and the
command line offers these names before any work (``--help`` included) without loading it.
"""

from __future__ import annotations

AUTO = "auto"  # the best available: CUDA, then Apple MPS, then the CPU
CPU, CUDA, MPS = "cpu", "cuda", "mps"
DEVICE_CHOICES = (AUTO, CPU, CUDA, MPS)

# An upscale's arithmetic. auto: bf16 where it costs under 0.01 dB on CPUs with native bf16, fp16 on CUDA; fp32: float32
# throughout, as the model card measures.
FP32 = "fp32"
PRECISION_CHOICES = (AUTO, FP32)


def precision_options(precision: str) -> dict[str, bool]:
    """The :class:`~srcnn_gui.core.inference.upscaler.Upscaler` keywords for a precision choice."""
    return {"half": False, "bf16": False} if precision == FP32 else {}
