"""A picture the user opened, taken as ground truth: shrunk, upscaled back by the application's upscaler, scored.

This is the window's *Evaluate* mode. The benchmark protocol itself, which training and the model
card use, is :mod:`srcnn_gui.core.evaluation.protocol` and needs no upscaler.
"""

from __future__ import annotations

import numpy as np

from srcnn_gui.core.evaluation.metrics import psnr, ssim
from srcnn_gui.core.evaluation.protocol import ImageScore, crop_border, crop_multiple, shrink
from srcnn_gui.core.images.jpeg import compress
from srcnn_gui.core.images.pixels import merge_alpha, modcrop, split_alpha, to_float, to_uint8
from srcnn_gui.core.inference.serving import Serving
from srcnn_gui.core.inference.upscaler import CancelCheck, ProgressCallback, Upscaler, UpscaleResult


def measure_upscale(
    image: np.ndarray,
    upscaler: Serving | Upscaler,
    progress: ProgressCallback | None = None,
    cancelled: CancelCheck | None = None,
    jpeg: int | None = None,
    *,
    factor: float | None = None,
) -> tuple[np.ndarray, UpscaleResult, ImageScore]:
    """Treat ``image`` as ground truth: shrink it by ``factor`` (default: the upscaler's scale), upscale, score.

    With ``jpeg`` the shrunk picture is saved as a JPEG of that quality first, as a user's would be.

    This runs the application's full colour pipeline (RGB shrunk and rounded to 8 bits as a saved
    file would be), so its figures are close to, not identical with, the benchmark protocol
    (:mod:`srcnn_gui.core.evaluation.protocol`), whose mod-crop and border it shares at any factor.
    Returns the mod-cropped ground truth, the two upscaled pictures and their scores.
    """
    factor = upscaler.scale if factor is None else factor
    truth = modcrop(image, crop_multiple(factor))
    low = to_uint8(shrink(truth, factor))
    if jpeg is not None:
        colour, alpha = split_alpha(low)
        low = merge_alpha(compress(colour, jpeg), alpha)
    result = upscaler.upscale(to_float(low), progress, cancelled, size=truth.shape[:2])
    reference = to_uint8(split_alpha(truth)[0])
    bicubic = to_uint8(split_alpha(result.bicubic)[0])
    srcnn = to_uint8(split_alpha(result.srcnn)[0])
    border = crop_border(factor)
    score = ImageScore(
        name="image",
        bicubic_psnr=psnr(bicubic, reference, crop_border=border),
        bicubic_ssim=ssim(bicubic, reference, crop_border=border),
        srcnn_psnr=psnr(srcnn, reference, crop_border=border),
        srcnn_ssim=ssim(srcnn, reference, crop_border=border),
    )
    return truth, result, score
