"""A large result computed into a :class:`~srcnn_gui.core.jobs.result_cache.ResultCache`: a preview first, then
the full-size pixels, never the whole float picture in memory.

Right after the job starts, a preview of the whole result is computed from a reduced copy of the input
through the same models (about the canvas's pixels at fit, so it takes a fraction of a second) and the
viewer shows it. Then the full-size pixels follow:

* one model at its own factor (x2, x3, x4): region by region, those the view shows first
  (:class:`~srcnn_gui.core.jobs.region_plan.RegionSchedule`), each equal to the same pixels of the whole
  picture's result (:func:`~srcnn_gui.core.jobs.region_upscale.upscale_region`);
* any other factor or size (several passes, a reduction after the model): in bands of rows from
  :meth:`~srcnn_gui.core.inference.serving.Serving.upscale_bands`, the bands the CLI writes to its file, and
  bicubic's beside them (:func:`~srcnn_gui.core.inference.upscaler.resized_bands`); each pass reads the one
  before top to bottom, so the bands come in runs down the picture, the first from the top of the view
  (:class:`~srcnn_gui.core.jobs.region_plan.BandSchedule`).
"""

from __future__ import annotations

from contextlib import closing
from dataclasses import dataclass

import cv2
import numpy as np

from srcnn_gui.core.errors import CancelledError
from srcnn_gui.core.images.pixels import samples_to_float
from srcnn_gui.core.inference.serving import Serving, Size
from srcnn_gui.core.inference.upscaler import ProgressCallback, Upscaler, UpscaleResult, resized_bands
from srcnn_gui.core.jobs.control import JobControl
from srcnn_gui.core.jobs.region_plan import BandSchedule, Box, RegionSchedule, ViewFocus, plan_regions, region_side
from srcnn_gui.core.jobs.region_upscale import upscale_region
from srcnn_gui.core.jobs.result_cache import MAX_LEVEL, ResultCache

# The preview's longest side in output pixels: about the canvas of a 1280 x 800 window at fit, where a
# photo shows whole right after a drop. Its cost grows with its area, and it is what the user waits for.
PREVIEW_SIDE = 800

# Rows of a band of the result (other factors than a model's own): a multiple of 2**MAX_LEVEL, so that every
# reduced level of the cache cuts it into whole pixels, as it does regions.
BAND_ROWS = 2**MAX_LEVEL


@dataclass(frozen=True)
class RegionsStarted:
    """Reported once the preview is in: the cache the viewer draws from, while the regions fill it."""

    cache: ResultCache


def fill_steps(serving: Serving, height: int, width: int, size: Size) -> int:
    """How many steps :func:`fill_result_cache` reports for an input of this size: regions, or the network's tiles."""
    if serving.at_own_factor(height, width, size):
        return len(_regions_of(serving.passes[0], height, width))
    return serving.count_band_tiles(height, width, BAND_ROWS)


def fill_result_cache(serving: Serving, samples: np.ndarray, size: Size, control: JobControl, focus: ViewFocus,
                      progress: ProgressCallback | None = None) -> ResultCache:
    """``samples`` (the file's integers) enlarged to ``size`` by ``serving`` into a new cache, the preview first
    (reported as :class:`RegionsStarted`); ``progress`` (default: ``control``'s) hears how far
    (:func:`fill_steps`). A cancel or an error removes the cache."""
    height, width, channels = samples.shape
    progress = progress or control.progress
    upscaler = serving.passes[0]
    in_regions = serving.at_own_factor(height, width, size)
    regions = _regions_of(upscaler, height, width) if in_regions else []
    boxes = ([box.scaled(upscaler.scale) for box in regions] if in_regions else
             [Box(top, 0, min(size[0], top + BAND_ROWS), size[1]) for top in range(0, size[0], BAND_ROWS)])
    cache = ResultCache((*size, channels), samples.dtype.type, boxes)
    try:
        reduced = _reduced(samples, size)
        preview_size = (round(reduced.shape[0] * size[0] / height), round(reduced.shape[1] * size[1] / width))
        cache.fill_preview(serving.upscale(reduced, cancelled=control.is_cancelled, size=preview_size))
        control.report(RegionsStarted(cache))
        if in_regions:
            _regions(cache, upscaler, samples, regions, control, focus, progress)
        else:
            _bands(cache, serving, samples, BandSchedule(boxes, focus), control, progress)
    except BaseException:
        cache.remove()
        raise
    return cache


def _regions_of(upscaler: Upscaler, height: int, width: int) -> list[Box]:
    # A network that enlarges the low-res picture itself (FSRCNN) is the fast one.
    return plan_regions(height, width, region_side(upscaler.scale, fast=upscaler.enlarges))


def _regions(cache: ResultCache, upscaler: Upscaler, samples: np.ndarray, regions: list[Box], control: JobControl,
             focus: ViewFocus, progress: ProgressCallback) -> None:
    schedule = RegionSchedule(regions, focus)
    while (index := schedule.take()) is not None:
        if control.stop_requested():
            raise CancelledError("cancelled")
        cache.write(index, upscale_region(upscaler, samples, regions[index], control.is_cancelled))
        progress(len(regions) - schedule.remaining, len(regions))


def _bands(cache: ResultCache, serving: Serving, samples: np.ndarray, schedule: BandSchedule, control: JobControl,
           progress: ProgressCallback) -> None:
    size = cache.shape[:2]
    runs = _RunsProgress(progress)
    while (first := schedule.start()) is not None:
        rows = first * BAND_ROWS
        with (closing(serving.upscale_bands(samples, runs, control.is_cancelled, size=size, band=BAND_ROWS,
                                            first=rows)) as srcnn,
              closing(resized_bands(samples, size, BAND_ROWS, rows)) as bicubic):
            for index, (network, plain) in enumerate(zip(srcnn, bicubic, strict=True), start=first):
                cache.write(index, UpscaleResult(bicubic=plain, srcnn=network))
                schedule.done(index)
                if control.stop_requested():  # between bands: where a pause waits, as it does between regions
                    raise CancelledError("cancelled")
                if not schedule.goes_on(index + 1):
                    break
        runs.next_run()


class _RunsProgress:
    """Tiles done over several runs of bands, each counted from 0 by ``upscale_bands``; a run that starts lower
    recomputes a few rows above its first band, so the sum is held at the total."""

    def __init__(self, progress: ProgressCallback) -> None:
        self._progress = progress
        self._before = self._this_run = 0

    def __call__(self, done: int, total: int) -> None:
        self._this_run = done
        self._progress(min(total, self._before + done), total)

    def next_run(self) -> None:
        self._before, self._this_run = self._before + self._this_run, 0


def _reduced(samples: np.ndarray, size: Size) -> np.ndarray:
    """The picture reduced so that its result at ``size``'s factor is :data:`PREVIEW_SIDE` at most (the
    preview's input), in the internal form."""
    height, width = samples.shape[:2]
    shrink = min(1.0, PREVIEW_SIDE / max(size))
    reduced_size = (max(1, round(width * shrink)), max(1, round(height * shrink)))
    reduced = cv2.resize(samples, reduced_size, interpolation=cv2.INTER_AREA).reshape(reduced_size[1], reduced_size[0], -1)
    return samples_to_float(reduced)
