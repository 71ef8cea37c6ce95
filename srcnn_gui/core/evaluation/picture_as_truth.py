"""A picture the user opened, taken as ground truth: shrunk, upscaled back by the application's upscaler, scored.

This is the window's *Evaluate* mode. The benchmark protocol itself, which training and the model
card use, is :mod:`srcnn_gui.core.evaluation.protocol` and needs no upscaler. A picture too large to hold
in float goes through the same steps in bands (:mod:`srcnn_gui.core.jobs.large_evaluation`): its low-res
copy from :func:`low_res_input`, its scores from :func:`score_in_bands`.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from srcnn_gui.core.evaluation.metrics import ScoreInBands, psnr, ssim
from srcnn_gui.core.evaluation.protocol import (
    SHRINK_BAND_ROWS,
    ImageScore,
    crop_border,
    crop_multiple,
    low_res_size,
    shrink_in_bands,
)
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
    low = low_res_input(truth, factor, jpeg)
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


def low_res_input(truth: np.ndarray, factor: float, jpeg: int | None = None,
                  progress: ProgressCallback | None = None) -> np.ndarray:
    """What the network enlarges: the mod-cropped ground truth (file integers or the internal form) shrunk by
    ``factor``, rounded to 8 bits as a saved file would be, and saved as a JPEG of quality ``jpeg`` if given.

    Shrunk in bands (:func:`~srcnn_gui.core.evaluation.protocol.shrink_in_bands`, the same values as the whole
    picture's), so a large picture is never whole in float; ``progress`` hears of each band.
    """
    total = -(-low_res_size(*truth.shape[:2], factor)[0] // SHRINK_BAND_ROWS)
    bands = []
    for done, rows in enumerate(shrink_in_bands(truth, factor), start=1):
        bands.append(to_uint8(rows))
        if progress is not None:
            progress(done, total)
    low = np.concatenate(bands)
    if jpeg is not None:
        colour, alpha = split_alpha(low)
        low = merge_alpha(compress(colour, jpeg), alpha)
    return low


def score_in_bands(bands: Iterable[tuple[np.ndarray, np.ndarray, np.ndarray]], height: int, width: int,
                   factor: float) -> ImageScore:
    """The scores of :func:`measure_upscale` from its pictures given top to bottom in bands of rows: each band's
    8-bit colour (alpha dropped) of the ground truth, the bicubic result and the network's; the same figures up
    to float rounding (:class:`~srcnn_gui.core.evaluation.metrics.ScoreInBands`)."""
    border = crop_border(factor)
    bicubic, srcnn = (ScoreInBands(height, width, crop_border=border) for _ in range(2))
    for truth, bicubic_rows, srcnn_rows in bands:
        bicubic.add(bicubic_rows, truth)
        srcnn.add(srcnn_rows, truth)
    return ImageScore(name="image", bicubic_psnr=bicubic.psnr(), bicubic_ssim=bicubic.ssim(),
                      srcnn_psnr=srcnn.psnr(), srcnn_ssim=srcnn.ssim())
