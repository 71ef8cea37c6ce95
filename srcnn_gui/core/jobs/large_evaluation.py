"""Evaluate mode on a large picture (a 48-megapixel photo): shrunk, enlarged back into a cache, scored in bands.

The steps of :func:`~srcnn_gui.core.evaluation.picture_as_truth.measure_upscale`, none with the whole picture
in float: the ground truth (the file's integers) is shrunk in bands to the 8-bit low-res copy the network
sees (a fraction of the picture); that copy is enlarged back into a
:class:`~srcnn_gui.core.jobs.result_cache.ResultCache` as a large upscale is
(:func:`~srcnn_gui.core.jobs.result_filling.fill_result_cache`: region by region at a model's own factor, in
bands otherwise); then the cache and the ground truth are read together in bands of rows and scored
(:func:`~srcnn_gui.core.evaluation.picture_as_truth.score_in_bands`). The figures are those of the in-memory
path, up to float rounding. Each band of the ground truth goes into the cache as it is scored
(:meth:`~srcnn_gui.core.jobs.result_cache.ResultCache.write_original`) and is read back from there for its score,
so the original the window shows is the very samples the scores were computed against.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from srcnn_gui.core.errors import CancelledError
from srcnn_gui.core.evaluation.picture_as_truth import low_res_input, score_in_bands
from srcnn_gui.core.evaluation.protocol import SHRINK_BAND_ROWS, ImageScore, crop_multiple, low_res_size
from srcnn_gui.core.images.pixels import modcrop, split_alpha
from srcnn_gui.core.inference.serving import Serving
from srcnn_gui.core.inference.upscaler import ProgressCallback
from srcnn_gui.core.jobs.control import JobControl
from srcnn_gui.core.jobs.region_plan import Box, ViewFocus
from srcnn_gui.core.jobs.result_cache import MAX_LEVEL, ORIGINAL, ResultCache
from srcnn_gui.core.jobs.result_filling import fill_result_cache, fill_steps

# Rows scored at a time: a multiple of 2**MAX_LEVEL, so that each band of the original fills whole pixels at every
# level of the cache. SSIM's float temporaries of one band make the peak of a large evaluation (about 300 MiB for
# 256 rows of an 8000-pixel-wide picture), so the bands are as short as that allows: with the original stored, an
# 8000 x 6000 evaluation peaked at 1453 MiB in bands of 256 rows and 1250-1270 MiB in bands of 128.
SCORE_BAND_ROWS = 2**MAX_LEVEL


def evaluate_into_cache(serving: Serving, samples: np.ndarray, factor: float, jpeg: int | None,
                        control: JobControl, focus: ViewFocus) -> tuple[ResultCache, ImageScore]:
    """``samples`` (the file's integers) as ground truth: shrunk by ``factor`` (saved as JPEG ``jpeg`` if given),
    enlarged back by ``serving`` into a new cache, and scored; the cache and the scores. A cancel or an error
    removes the cache."""
    truth = modcrop(samples, crop_multiple(factor))
    height, width = truth.shape[:2]
    low_height, low_width = low_res_size(height, width, factor)
    stages = _Stages(control.progress, [-(-low_height // SHRINK_BAND_ROWS),
                                        fill_steps(serving, low_height, low_width, (height, width)),
                                        -(-height // SCORE_BAND_ROWS)])
    low = low_res_input(truth, factor, jpeg, stages.progress(0))
    if control.stop_requested():
        raise CancelledError("cancelled")
    cache = fill_result_cache(serving, low, (height, width), control, focus, stages.progress(1))
    try:
        cache.add_original()
        score = score_in_bands(_bands(cache, truth, control, stages.progress(2)), height, width, factor)
    except BaseException:
        cache.remove()
        raise
    return cache, score


def _bands(cache: ResultCache, truth: np.ndarray, control: JobControl,
           progress: ProgressCallback) -> Iterator[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """The 8-bit colour of the ground truth and of the cache's two pictures, :data:`SCORE_BAND_ROWS` rows at a time;
    the ground truth's band is stored in the cache first, as its original, and read from there."""
    height, width = truth.shape[:2]
    total = -(-height // SCORE_BAND_ROWS)
    for done, top in enumerate(range(0, height, SCORE_BAND_ROWS), start=1):
        if control.stop_requested():
            raise CancelledError("cancelled")
        box = Box(top, 0, min(height, top + SCORE_BAND_ROWS), width)
        cache.write_original(box.top, truth[box.top : box.bottom])
        yield tuple(split_alpha(cache.read(name, 0, box))[0] for name in (ORIGINAL, "bicubic", "srcnn"))
        progress(done, total)


class _Stages:
    """Steps of several stages, one after another, reported as one count."""

    def __init__(self, progress: ProgressCallback, totals: list[int]) -> None:
        self._report = progress
        self._totals = totals

    def progress(self, stage: int) -> ProgressCallback:
        """The progress callback of ``stage``, which counts its own steps."""
        before = sum(self._totals[:stage])

        def report(done: int, _: int) -> None:
            self._report(before + done, sum(self._totals))

        return report
