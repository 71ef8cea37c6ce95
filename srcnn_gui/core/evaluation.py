"""Benchmark evaluation with the protocol of the SR literature (and of the SRCNN code).

For each ground-truth image: luminance on the 8-bit scale (rounded, as MATLAB's rgb2ycbcr on
uint8; grey images as they are), mod-cropped to the scale; low-res input by MATLAB bicubic
downscaling (antialiased) of that luminance; bicubic upscaling back; the network refines it;
both results rounded to 8 bits; PSNR and SSIM with ``scale`` border pixels shaved.

With a JPEG quality the low-res input is what a user would have instead: the colour ground truth
shrunk by MATLAB bicubic, rounded to 8 bits and saved as a JPEG (Pillow's defaults, 4:2:0 chroma);
its decoded luminance is upscaled and scored against the same ground-truth luminance.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

from srcnn_gui.core.engine import CancelCheck, ProgressCallback, Upscaler, UpscaleResult
from srcnn_gui.core.errors import DatasetError
from srcnn_gui.core.imaging import find_images, load_image, luminance_8bit, modcrop, split_alpha, to_float, to_uint8
from srcnn_gui.core.jpeg import compress
from srcnn_gui.core.metrics import psnr, ssim
from srcnn_gui.core.resize import imresize

LuminanceEnhancer = Callable[[np.ndarray], np.ndarray]


@dataclass(frozen=True)
class ImageScore:
    """Scores of one ground-truth image."""

    name: str
    bicubic_psnr: float
    bicubic_ssim: float
    srcnn_psnr: float
    srcnn_ssim: float


@dataclass(frozen=True)
class EvalReport:
    """Per-image scores and their means."""

    scale: int
    images: list[ImageScore]

    def mean(self, field: str) -> float:
        return float(np.mean([getattr(s, field) for s in self.images]))

    def summary(self) -> dict[str, float | int]:
        """Means as a flat dict (the CLI's ``--json`` line builds on it)."""
        fields = ("bicubic_psnr", "bicubic_ssim", "srcnn_psnr", "srcnn_ssim")
        return {"n": len(self.images), "scale": self.scale, **{f: self.mean(f) for f in fields}}

    def rows(self) -> list[dict[str, float | str]]:
        return [asdict(s) for s in self.images]


def degrade_luminance(hr_y: np.ndarray, scale: int) -> np.ndarray:
    """Bicubic down- then up-scaling of an 8-bit-scale luminance; returns [0, 1], unclipped."""
    low = imresize(hr_y / 255.0, 1.0 / scale)
    return imresize(low, float(scale))


def jpeg_low_res(truth: np.ndarray, scale: int, quality: int) -> np.ndarray:
    """8-bit ground truth (H x W x 1 or 3) shrunk by MATLAB bicubic and saved as a JPEG at ``quality``."""
    return compress(to_uint8(imresize(truth.astype(np.float64) / 255.0, 1.0 / scale)), quality)


def degrade_jpeg_luminance(truth: np.ndarray, scale: int, quality: int) -> np.ndarray:
    """The bicubic upscale of :func:`jpeg_low_res`'s luminance; returns [0, 1], unclipped."""
    low_y = luminance_8bit(jpeg_low_res(truth, scale, quality)) / 255.0
    return imresize(low_y, float(scale))


def ground_truth_colour(path: Path, scale: int) -> np.ndarray:
    """An image file's 8-bit colour (alpha dropped), mod-cropped to ``scale``."""
    colour, _ = split_alpha(load_image(path))
    return modcrop(to_uint8(colour), scale)


def ground_truth_luminance(path: Path, scale: int) -> np.ndarray:
    """An image file's luminance on the 8-bit scale, mod-cropped to ``scale``."""
    return luminance_8bit(ground_truth_colour(path, scale))


def score_image(name: str, hr_y: np.ndarray, scale: int, enhance: LuminanceEnhancer,
                bicubic: np.ndarray | None = None) -> ImageScore:
    """Bicubic and SRCNN scores of one ground-truth luminance (8-bit scale, mod-cropped).

    ``bicubic`` is the upscaled low-res luminance to refine; by default the protocol's own.
    """
    if bicubic is None:
        bicubic = degrade_luminance(hr_y, scale)
    srcnn = enhance(bicubic)
    bic8 = to_uint8(bicubic).astype(np.float64)
    sr8 = to_uint8(srcnn).astype(np.float64)
    return ImageScore(
        name=name,
        bicubic_psnr=psnr(bic8, hr_y, crop_border=scale),
        bicubic_ssim=ssim(bic8, hr_y, crop_border=scale),
        srcnn_psnr=psnr(sr8, hr_y, crop_border=scale),
        srcnn_ssim=ssim(sr8, hr_y, crop_border=scale),
    )


def measure_upscale(
    image: np.ndarray,
    upscaler: Upscaler,
    progress: ProgressCallback | None = None,
    cancelled: CancelCheck | None = None,
) -> tuple[np.ndarray, UpscaleResult, ImageScore]:
    """Treat ``image`` as ground truth: shrink it by the model's scale, upscale, score both results.

    This runs the application's full colour pipeline (RGB shrunk and rounded to 8 bits as a saved
    file would be), so its figures are close to, not identical with, the benchmark protocol above.
    Returns the mod-cropped ground truth, the two upscaled pictures and their scores.
    """
    scale = upscaler.scale
    truth = modcrop(image, scale)
    low = to_float(to_uint8(imresize(truth, 1.0 / scale)))
    result = upscaler.upscale(low, progress, cancelled)
    reference = to_uint8(split_alpha(truth)[0])
    bicubic = to_uint8(split_alpha(result.bicubic)[0])
    srcnn = to_uint8(split_alpha(result.srcnn)[0])
    score = ImageScore(
        name="image",
        bicubic_psnr=psnr(bicubic, reference, crop_border=scale),
        bicubic_ssim=ssim(bicubic, reference, crop_border=scale),
        srcnn_psnr=psnr(srcnn, reference, crop_border=scale),
        srcnn_ssim=ssim(srcnn, reference, crop_border=scale),
    )
    return truth, result, score


def score_truth(name: str, truth: np.ndarray, scale: int, enhance: LuminanceEnhancer,
                jpeg: int | None = None) -> ImageScore:
    """Scores of one 8-bit mod-cropped colour ground truth; low-res input saved as JPEG ``jpeg`` if given."""
    bicubic = None if jpeg is None else degrade_jpeg_luminance(truth, scale, jpeg)
    return score_image(name, luminance_8bit(truth), scale, enhance, bicubic)


def iter_evaluate(folder: Path, scale: int, enhance: LuminanceEnhancer, jpeg: int | None = None) -> Iterator[ImageScore]:
    """Score every image in ``folder`` (recursively), one at a time, for progress display."""
    paths = find_images(Path(folder))
    if not paths:
        raise DatasetError(f"{folder}: no images to evaluate")
    for path in paths:
        yield score_truth(path.stem, ground_truth_colour(path, scale), scale, enhance, jpeg)


def evaluate_folder(folder: Path, scale: int, enhance: LuminanceEnhancer, jpeg: int | None = None) -> EvalReport:
    """All scores of a folder of ground-truth images."""
    return EvalReport(scale, list(iter_evaluate(folder, scale, enhance, jpeg)))
