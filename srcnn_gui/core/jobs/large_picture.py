"""A picture of any size upscaled for the window: region by region into a cache on disk, the part on screen first.

Right after the picture is read, a preview of the whole result is computed from a reduced copy (about
the canvas's pixels at fit, so it takes a fraction of a second) and the viewer shows it; then the full-size
regions follow, those the view shows first (:class:`~srcnn_gui.core.jobs.region_plan.RegionSchedule`),
each equal to the same pixels of the whole picture's result
(:func:`~srcnn_gui.core.jobs.region_upscale.upscale_region`), into a
:class:`~srcnn_gui.core.jobs.result_cache.ResultCache`. Small results, other factors than a model's own
and Evaluate mode go the in-memory way (:func:`~srcnn_gui.core.jobs.picture.upscale_picture`).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from srcnn_gui.core.errors import CancelledError
from srcnn_gui.core.images import limits
from srcnn_gui.core.images.output_size import OutputSize
from srcnn_gui.core.images.pixels import samples_to_float
from srcnn_gui.core.images.reading import ImageMetadata, read_samples, read_size
from srcnn_gui.core.inference.device import describe_device
from srcnn_gui.core.inference.model_choice import ModelChooser
from srcnn_gui.core.inference.upscaler import Upscaler
from srcnn_gui.core.jobs.control import JobControl
from srcnn_gui.core.jobs.picture import UpscaleOutcome, upscale_picture
from srcnn_gui.core.jobs.region_plan import RegionSchedule, ViewFocus, plan_regions, region_side
from srcnn_gui.core.jobs.region_upscale import upscale_region
from srcnn_gui.core.jobs.result_cache import ResultCache
from srcnn_gui.core.models.model_info import ModelInfo

# The preview's longest side in output pixels: about the canvas of a 1280 x 800 window at fit, where a
# photo shows whole right after a drop. Its cost grows with its area, and it is what the user waits for.
PREVIEW_SIDE = 800


@dataclass(frozen=True)
class RegionsStarted:
    """Reported once the preview is in: the cache the viewer draws from, while the regions fill it."""

    cache: ResultCache


@dataclass(frozen=True)
class LargeOutcome:
    """A finished result kept in a :class:`ResultCache` (the window removes it when done with it)."""

    cache: ResultCache
    seconds: float
    device: str
    metadata: ImageMetadata
    model: ModelInfo
    summary: str = ""
    notes: str = ""

    @property
    def size(self) -> tuple[int, int]:
        """The result's (height, width)."""
        return self.cache.shape[:2]

    @property
    def reason(self) -> str:
        """The whole explanation of the model choice."""
        return self.summary + self.notes


def goes_in_regions(height: int, width: int, size: OutputSize) -> bool:
    """Whether a picture of this size is upscaled region by region (its result is large)."""
    out_h, out_w = size.pixels(height, width)
    return out_h * out_w / 1e6 > limits.WINDOW_REGIONS_ABOVE_MEGAPIXELS


def upscale_any_picture(source: Path | np.ndarray, chooser: ModelChooser, control: JobControl, *, evaluate: bool,
                        jpeg: int | None = None, size: OutputSize | None = None,
                        focus: ViewFocus | None = None) -> UpscaleOutcome | LargeOutcome:
    """:func:`upscale_picture`, or region by region where the result is large (the size read from the header,
    before decoding); ``focus`` says where the view is."""
    size = OutputSize(factor=chooser.scale) if size is None else size
    if evaluate or not isinstance(source, Path) or not goes_in_regions(*read_size(source), size):
        return upscale_picture(source, chooser, control, evaluate=evaluate, jpeg=jpeg, size=size)
    started = time.perf_counter()
    picture = read_samples(source)
    height, width = picture.pixels.shape[:2]
    choice = chooser.choose(picture.metadata.jpeg_quality, size.factor_for(height, width))
    passes = choice.upscaler.passes
    if len(passes) != 1 or passes[0].output_size(height, width) != size.pixels(height, width):
        # Several passes, or a resize after the model: not region by region (in memory, within its limit).
        return upscale_picture(source, chooser, control, evaluate=False, size=size)
    upscaler = passes[0]
    cache = _regions_into_cache(upscaler, picture.pixels, control, focus or ViewFocus())
    return LargeOutcome(cache, time.perf_counter() - started, describe_device(upscaler.device), picture.metadata,
                        choice.info, choice.summary, choice.notes)


def _regions_into_cache(upscaler: Upscaler, samples: np.ndarray, control: JobControl, focus: ViewFocus) -> ResultCache:
    height, width, channels = samples.shape
    scale = upscaler.scale
    regions = plan_regions(height, width, region_side(scale))
    cache = ResultCache((height * scale, width * scale, channels), samples.dtype.type,
                        [box.scaled(scale) for box in regions])
    try:
        cache.fill_preview(upscaler.upscale(_reduced(samples, scale), cancelled=control.is_cancelled))
        control.report(RegionsStarted(cache))
        schedule = RegionSchedule(regions, focus)
        while (index := schedule.take()) is not None:
            if control.stop_requested():
                raise CancelledError("cancelled")
            cache.write(index, upscale_region(upscaler, samples, regions[index], control.is_cancelled))
            control.progress(len(regions) - schedule.remaining, len(regions))
    except BaseException:
        cache.remove()
        raise
    return cache


def _reduced(samples: np.ndarray, scale: int) -> np.ndarray:
    """The picture reduced so that its upscaled result is :data:`PREVIEW_SIDE` at most (the preview's input)."""
    height, width = samples.shape[:2]
    shrink = min(1.0, PREVIEW_SIDE / (max(height, width) * scale))
    size = (max(1, round(width * shrink)), max(1, round(height * shrink)))
    reduced = cv2.resize(samples, size, interpolation=cv2.INTER_AREA).reshape(size[1], size[0], -1)
    return samples_to_float(reduced)
