"""A picture of any size upscaled (or evaluated) for the window: into a cache on disk, the preview first.

Results above :data:`~srcnn_gui.core.images.limits.WINDOW_REGIONS_ABOVE_MEGAPIXELS` are computed into a
:class:`~srcnn_gui.core.jobs.result_cache.ResultCache` by :func:`~srcnn_gui.core.jobs.result_filling.fill_result_cache`
(a preview of the whole result first, then region by region, the part on screen first, at a model's own
factor; in bands at any other factor or size), the pixels the CLI's ``upscale`` writes. In Evaluate mode the
result is the picture's own size, and it is shrunk, enlarged back and scored in bands
(:func:`~srcnn_gui.core.jobs.large_evaluation.evaluate_into_cache`). Smaller results go the in-memory way
(:func:`~srcnn_gui.core.jobs.picture.upscale_picture`).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from srcnn_gui.core.evaluation.protocol import ImageScore
from srcnn_gui.core.images import limits
from srcnn_gui.core.images.output_size import OutputSize
from srcnn_gui.core.images.reading import ImageMetadata, read_samples, read_size
from srcnn_gui.core.inference.device import describe_device
from srcnn_gui.core.inference.model_choice import ModelChooser
from srcnn_gui.core.jobs.control import JobControl
from srcnn_gui.core.jobs.large_evaluation import evaluate_into_cache
from srcnn_gui.core.jobs.picture import UpscaleOutcome, evaluation_choice, evaluation_factor, upscale_picture
from srcnn_gui.core.jobs.region_plan import ViewFocus
from srcnn_gui.core.jobs.result_cache import ResultCache
from srcnn_gui.core.jobs.result_filling import fill_result_cache
from srcnn_gui.core.models.model_info import ModelInfo


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
    score: ImageScore | None = None  # evaluating: the picture's scores

    @property
    def size(self) -> tuple[int, int]:
        """The result's (height, width)."""
        return self.cache.shape[:2]

    @property
    def reason(self) -> str:
        """The whole explanation of the model choice."""
        return self.summary + self.notes


def goes_in_regions(height: int, width: int, size: OutputSize, *, evaluate: bool = False) -> bool:
    """Whether a picture of this size is computed into a cache (its result is large: in Evaluate mode the
    picture's own size)."""
    out_h, out_w = (height, width) if evaluate else size.pixels(height, width)
    return out_h * out_w / 1e6 > limits.WINDOW_REGIONS_ABOVE_MEGAPIXELS


def upscale_any_picture(source: Path | np.ndarray, chooser: ModelChooser, control: JobControl, *, evaluate: bool,
                        jpeg: int | None = None, size: OutputSize | None = None,
                        focus: ViewFocus | None = None) -> UpscaleOutcome | LargeOutcome:
    """:func:`upscale_picture`, or into a cache where the result is large (the size read from the header,
    before decoding); ``focus`` says where the view is."""
    size = OutputSize(factor=chooser.scale) if size is None else size
    if not isinstance(source, Path) or not goes_in_regions(*read_size(source), size, evaluate=evaluate):
        return upscale_picture(source, chooser, control, evaluate=evaluate, jpeg=jpeg, size=size)
    started = time.perf_counter()
    focus = focus or ViewFocus()
    factor = evaluation_factor(size) if evaluate else None
    picture = read_samples(source)
    height, width = picture.pixels.shape[:2]
    score = None
    if factor is not None:
        choice = evaluation_choice(chooser, factor, jpeg)
        cache, score = evaluate_into_cache(choice.upscaler, picture.pixels, factor, jpeg, control, focus)
    else:
        choice = chooser.choose(picture.metadata.jpeg_quality, size.factor_for(height, width))
        cache = fill_result_cache(choice.upscaler, picture.pixels, size.pixels(height, width), control, focus)
    return LargeOutcome(cache, time.perf_counter() - started, describe_device(choice.upscaler.passes[0].device),
                        picture.metadata, choice.info, choice.summary, choice.notes, score)
