"""One picture of the window's queue, upscaled (or, evaluating, shrunk, upscaled back and scored)."""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from srcnn_gui.core.errors import ConfigError, PictureTooLargeError
from srcnn_gui.core.evaluation.difference_map import difference_heatmap
from srcnn_gui.core.evaluation.picture_as_truth import measure_upscale
from srcnn_gui.core.evaluation.protocol import ImageScore
from srcnn_gui.core.images.denoise_levels import AUTO
from srcnn_gui.core.images.output_size import OutputSize
from srcnn_gui.core.images.reading import ImageMetadata, read_image
from srcnn_gui.core.inference.device import describe_device
from srcnn_gui.core.inference.model_choice import Choice, ModelChooser
from srcnn_gui.core.inference.upscaler import UpscaleResult
from srcnn_gui.core.jobs.control import JobControl
from srcnn_gui.core.models.model_info import ModelInfo

# Evaluate without its JPEG option: the network sees our clean shrunk copy, so the file's own format plays no part.
GROUND_TRUTH_SUMMARY = "ground truth, shrunk without JPEG → none"


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
    model: ModelInfo | None = None  # the model that ran (the first pass's)
    summary: str = ""  # why that model, in short (e.g. "JPEG quality ≈ 62 → medium")
    notes: str = ""  # and what else there is to know (a missing level's fallback, later passes)
    bicubic_difference: np.ndarray | None = None  # evaluating: the heat map of |bicubic - ground truth|

    @property
    def reason(self) -> str:
        """The whole explanation of the model choice."""
        return self.summary + self.notes

    @property
    def size(self) -> tuple[int, int]:
        """The result's (height, width)."""
        return self.result.srcnn.shape[:2]


@dataclass(frozen=True)
class PicturePreview:
    """What to show while a picture is worked on: the picture read, and the size its result will have."""

    pixels: np.ndarray
    size: tuple[int, int]  # (height, width) of the result


def upscale_picture(source: Path | np.ndarray, chooser: ModelChooser, control: JobControl, *,
                    evaluate: bool, jpeg: int | None = None, size: OutputSize | None = None) -> UpscaleOutcome:
    """Upscale a file (read here, in the worker) or pixels to ``size`` (default: the chooser's scale).

    With ``evaluate`` the picture is ground truth, shrunk by the factor and enlarged back (and ``jpeg``
    the quality its shrunk copy is saved at). ``chooser`` picks the models by the picture's factor and
    the JPEG quality of the picture the network sees.
    """
    started = time.perf_counter()
    size = OutputSize(factor=chooser.scale) if size is None else size
    if evaluate:
        evaluation_factor(size)
    picture = read_image(source) if isinstance(source, Path) else None
    image = source if picture is None else picture.pixels
    factor = size.factor_for(*image.shape[:2])
    # The picture itself stands for the result until it comes: computing bicubic twice would delay both.
    control.report(PicturePreview(image, image.shape[:2] if evaluate else size.pixels(*image.shape[:2])))
    if evaluate:
        choice = evaluation_choice(chooser, factor, jpeg)
    else:
        choice = chooser.choose(None if picture is None else picture.metadata.jpeg_quality, factor)
    upscaler = choice.upscaler
    bicubic_difference = None
    try:
        if evaluate:
            truth, result, score = measure_upscale(image, upscaler, control.progress, control.is_cancelled, jpeg,
                                                   factor=factor)
            difference = difference_heatmap(result.srcnn, truth)
            bicubic_difference = difference_heatmap(result.bicubic, truth)
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
    return UpscaleOutcome(result, difference, truth, score, seconds, describe_device(upscaler.passes[0].device), metadata,
                          choice.info, choice.summary, choice.notes, bicubic_difference)


def evaluation_factor(size: OutputSize) -> float:
    """The factor Evaluate shrinks a picture by; :class:`ConfigError` for an output size, which has none."""
    if size.factor is None:
        raise ConfigError("Evaluate shrinks the picture by a factor: choose a scale such as x2.5, not an output size")
    return size.factor


def evaluation_choice(chooser: ModelChooser, factor: float, jpeg: int | None) -> Choice:
    """The models Evaluate runs: those for the quality ``jpeg`` its shrunk copy is saved at (None: not saved as
    a JPEG, which denoise auto reads as clean ground truth)."""
    choice = chooser.choose(jpeg, factor)
    if jpeg is None and chooser.denoise == AUTO:
        choice = replace(choice, summary=GROUND_TRUTH_SUMMARY)
    return choice
