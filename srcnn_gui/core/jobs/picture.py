"""One picture of the window's queue, upscaled (or, evaluating, shrunk, upscaled back and scored)."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from srcnn_gui.core.errors import ConfigError, PictureTooLargeError
from srcnn_gui.core.evaluation.difference_map import difference_heatmap
from srcnn_gui.core.evaluation.picture_as_truth import measure_upscale
from srcnn_gui.core.evaluation.protocol import ImageScore
from srcnn_gui.core.images.jpeg import NO_DENOISE
from srcnn_gui.core.images.output_size import OutputSize
from srcnn_gui.core.images.reading import ImageMetadata, read_image
from srcnn_gui.core.inference.device import describe_device
from srcnn_gui.core.inference.model_choice import ModelChooser
from srcnn_gui.core.inference.upscaler import UpscaleResult
from srcnn_gui.core.jobs.control import JobControl
from srcnn_gui.core.models.files import ModelInfo


@dataclass(frozen=True)
class UpscaleOutcome:
    """What the viewer shows after an upscale: the pictures, where they differ and, when evaluating, the scores."""

    result: UpscaleResult
    difference: np.ndarray  # heat map of |SRCNN - ground truth| (evaluate) or |SRCNN - bicubic| (upscale)
    truth: np.ndarray | None
    score: ImageScore | None
    seconds: float
    device: str
    metadata: ImageMetadata | None = None  # the source file's, so that saving keeps its EXIF, profile and depth


def upscale_picture(source: Path | np.ndarray, model: ModelInfo | None, device: str, control: JobControl, *,
                    evaluate: bool, size: OutputSize | None = None) -> UpscaleOutcome:
    """Upscale a file (read here, in the worker) or pixels to ``size`` (default: the model's scale).

    ``model`` runs the first pass (:class:`ModelChooser`; None: the best for the picture's factor).
    With ``evaluate`` the picture is ground truth, shrunk by the factor and enlarged back.
    """
    started = time.perf_counter()
    picture = read_image(source) if isinstance(source, Path) else None
    image = source if picture is None else picture.pixels
    if size is None:
        if model is None:
            raise ConfigError("name a model or an output size")
        size = OutputSize(factor=model.scale)
    if evaluate and size.factor is None:
        raise ConfigError("Evaluate shrinks the picture by a factor: choose a scale such as x2.5, not an output size")
    factor = size.factor_for(*image.shape[:2])
    upscaler = ModelChooser(factor, NO_DENOISE, model=model, device=device).choose(None).upscaler
    try:
        if evaluate:
            truth, result, score = measure_upscale(image, upscaler, control.progress, control.is_cancelled, factor=factor)
            difference = difference_heatmap(result.srcnn, truth)
        else:
            truth, score = None, None
            result = upscaler.upscale(image, control.progress, control.is_cancelled, size=size.pixels(*image.shape[:2]))
            difference = difference_heatmap(result.srcnn, result.bicubic)
    except PictureTooLargeError as exc:
        if not isinstance(source, Path):
            raise PictureTooLargeError(f"the pasted picture: {exc}") from exc
        raise PictureTooLargeError(f"{source.name}: {exc}; File > Upscale to file… does that") from exc
    seconds = time.perf_counter() - started
    metadata = None if picture is None else picture.metadata
    return UpscaleOutcome(result, difference, truth, score, seconds, describe_device(upscaler.passes[0].device), metadata)
