"""Benchmark evaluation with the protocol of the SR literature (and of the SRCNN code).

For each ground-truth image: luminance on the 8-bit scale (rounded, as MATLAB's rgb2ycbcr on
uint8; grey images as they are), mod-cropped to the scale; low-res input by MATLAB bicubic
downscaling (antialiased) of that luminance; bicubic upscaling back; the network refines it;
both results rounded to 8 bits; PSNR and SSIM with ``scale`` border pixels shaved.

Non-integer factors (x1.5, x2.5, ...) keep the protocol honest by making the low-res size whole: a
factor p/q in lowest terms mod-crops the ground truth to multiples of p, so the low-res picture is
exactly q/p of it and bicubic maps it back onto the same pixel grid; the border shaved is ceil(factor)
pixels. For whole factors (q = 1) this is the literature's protocol unchanged, bit for bit.

With a JPEG quality the low-res input is what a user would have instead: the colour ground truth
shrunk by MATLAB bicubic, rounded to 8 bits and saved as a JPEG (Pillow's defaults, 4:2:0 chroma);
its decoded luminance is upscaled and scored against the same ground-truth luminance.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from fractions import Fraction
from pathlib import Path

import numpy as np

from srcnn_gui.core.errors import ConfigError, DatasetError, SrcnnError, failure_message
from srcnn_gui.core.evaluation.metrics import psnr, ssim
from srcnn_gui.core.images.bicubic import imresize, imresize_rows, source_rows
from srcnn_gui.core.images.colour import luminance_8bit
from srcnn_gui.core.images.jpeg import compress
from srcnn_gui.core.images.pixels import modcrop, samples_to_float, split_alpha, to_uint8
from srcnn_gui.core.images.reading import load_image, read_size, scan_folder

LuminanceEnhancer = Callable[[np.ndarray], np.ndarray]  # the bicubic enlargement in, the refined one out
LowResUpscaler = Callable[[np.ndarray, tuple[int, int]], np.ndarray]  # low-res luminance and the size out

# A factor p/q is evaluated by mod-cropping to multiples of p; larger denominators would crop away
# most of a benchmark picture (x2.33 = 233/100 would keep 233 x 233 of Set5's 256 x 256 baby).
MAX_DENOMINATOR = 8
SSIM_WINDOW = 11  # the side of SSIM's Gaussian window (metrics.ssim)
SHRINK_BAND_ROWS = 256  # low-res rows shrunk at a time in bands (shrink_in_bands)


def factor_fraction(scale: float) -> Fraction:
    """``scale`` as the fraction p/q (q at most :data:`MAX_DENOMINATOR`) whose low-res size is whole;
    :class:`ConfigError` otherwise."""
    fraction = Fraction(scale).limit_denominator(MAX_DENOMINATOR)
    if abs(float(fraction) - scale) > 1e-9:
        raise ConfigError(f"x{scale:g} cannot be evaluated honestly: the factor must be a fraction p/q with q at most "
                          f"{MAX_DENOMINATOR} (e.g. 1.5, 2.25, 2.5), so that the low-res picture has whole pixels")
    return fraction


def crop_multiple(scale: float) -> int:
    """What the ground truth is mod-cropped to: p of the factor p/q (the scale itself when whole)."""
    return factor_fraction(scale).numerator


def crop_border(scale: float) -> int:
    """The border shaved before scoring: ``ceil(scale)`` pixels (the scale itself when whole)."""
    return math.ceil(scale)


def low_res_size(height: int, width: int, scale: float) -> tuple[int, int]:
    """The low-res size of a mod-cropped ground truth: exactly q/p of it."""
    fraction = factor_fraction(scale)
    if height % fraction.numerator or width % fraction.numerator:
        raise ValueError(f"{width} x {height} is not mod-cropped to {fraction.numerator}")
    return height * fraction.denominator // fraction.numerator, width * fraction.denominator // fraction.numerator


def smallest_truth(scale: float) -> int:
    """The shortest side a ground truth may have at ``scale``: after the mod-crop and the shaved border
    an SSIM window must still fit."""
    multiple = crop_multiple(scale)
    return math.ceil((SSIM_WINDOW + 2 * crop_border(scale)) / multiple) * multiple


def check_truth_size(path: Path, height: int, width: int, scale: float) -> None:
    """Raise :class:`DatasetError` naming ``path`` when a picture of this size cannot be scored at ``scale``."""
    side = smallest_truth(scale)
    if min(height, width) < side:
        raise DatasetError(f"{path}: {width} x {height} is too small to evaluate at x{scale:g}; the protocol needs at "
                           f"least {side} x {side} (mod-crop to {crop_multiple(scale)}, a {crop_border(scale)}-pixel "
                           f"border shaved, an {SSIM_WINDOW}x{SSIM_WINDOW} SSIM window)")


def evaluation_problems(paths: list[Path], scale: float) -> list[str]:
    """For each picture that cannot be evaluated at ``scale``, a message naming it (read from the headers)."""
    problems = []
    for path in paths:
        try:
            check_truth_size(path, *read_size(path), scale)
        except SrcnnError as exc:
            problems.append(str(exc))
    return problems


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

    scale: float
    images: list[ImageScore]
    failures: list[str] = field(default_factory=list)  # a message naming each picture that could not be scored

    def mean(self, field: str) -> float:
        return float(np.mean([getattr(s, field) for s in self.images]))

    def summary(self) -> dict[str, float | int]:
        """Means as a flat dict (the CLI's ``--json`` line builds on it)."""
        fields = ("bicubic_psnr", "bicubic_ssim", "srcnn_psnr", "srcnn_ssim")
        return {"n": len(self.images), "scale": self.scale, **{f: self.mean(f) for f in fields}}

    def rows(self) -> list[dict[str, float | str]]:
        return [asdict(s) for s in self.images]


def shrink(truth: np.ndarray, scale: float) -> np.ndarray:
    """A mod-cropped ground truth (float) shrunk by MATLAB bicubic to exactly 1/``scale`` of its size."""
    return imresize(truth, size=low_res_size(*truth.shape[:2], scale))


def shrink_in_bands(truth: np.ndarray, scale: float, band: int = SHRINK_BAND_ROWS) -> Iterator[np.ndarray]:
    """:func:`shrink` of a mod-cropped ground truth (file integers or float), ``band`` low-res rows at a time,
    top to bottom: the same values, with only the rows a band reads in float (a 48-megapixel photo)."""
    size = low_res_size(*truth.shape[:2], scale)
    for start in range(0, size[0], band):
        stop = min(size[0], start + band)
        first, last = source_rows(truth.shape[0], size[0], start, stop)
        yield imresize_rows(samples_to_float(truth[first:last]), first, truth.shape[0], size, start, stop)


def degrade_luminance(hr_y: np.ndarray, scale: float) -> np.ndarray:
    """Bicubic down- then up-scaling of an 8-bit-scale luminance; returns [0, 1], unclipped."""
    return imresize(shrink(hr_y / 255.0, scale), size=hr_y.shape[:2])


def jpeg_low_res(truth: np.ndarray, scale: float, quality: int) -> np.ndarray:
    """8-bit ground truth (H x W x 1 or 3) shrunk by MATLAB bicubic and saved as a JPEG at ``quality``."""
    return compress(to_uint8(shrink(truth.astype(np.float64) / 255.0, scale)), quality)


def jpeg_low_luminance(truth: np.ndarray, scale: float, quality: int) -> np.ndarray:
    """The luminance of :func:`jpeg_low_res` in [0, 1]."""
    return luminance_8bit(jpeg_low_res(truth, scale, quality)) / 255.0


def degrade_jpeg_luminance(truth: np.ndarray, scale: float, quality: int) -> np.ndarray:
    """The bicubic upscale of :func:`jpeg_low_res`'s luminance; returns [0, 1], unclipped."""
    return imresize(jpeg_low_luminance(truth, scale, quality), size=truth.shape[:2])


def ground_truth_colour(path: Path, scale: float) -> np.ndarray:
    """An image file's 8-bit colour (alpha dropped), mod-cropped for ``scale`` (:func:`crop_multiple`)."""
    colour, _ = split_alpha(load_image(path))
    check_truth_size(path, *colour.shape[:2], scale)
    return modcrop(to_uint8(colour), crop_multiple(scale))


def ground_truth_luminance(path: Path, scale: float) -> np.ndarray:
    """An image file's luminance on the 8-bit scale, mod-cropped for ``scale``."""
    return luminance_8bit(ground_truth_colour(path, scale))


def score_image(name: str, hr_y: np.ndarray, scale: float, enhance: LuminanceEnhancer,
                bicubic: np.ndarray | None = None) -> ImageScore:
    """Bicubic and SRCNN scores of one ground-truth luminance (8-bit scale, mod-cropped).

    ``bicubic`` is the upscaled low-res luminance to refine; by default the protocol's own.
    """
    if bicubic is None:
        bicubic = degrade_luminance(hr_y, scale)
    return _scores(name, hr_y, scale, bicubic, enhance(bicubic))


def score_low_res(name: str, hr_y: np.ndarray, scale: float, upscale: LowResUpscaler,
                  low: np.ndarray | None = None) -> ImageScore:
    """Scores of ``upscale`` enlarging the low-res luminance ``low`` (by default the protocol's) back to ``hr_y``'s size.

    For upscalers that start from the low-res picture rather than its bicubic enlargement (several
    passes, or a model at its own factor and a reduction); bicubic is scored as in :func:`score_image`.
    """
    if low is None:
        low = shrink(hr_y / 255.0, scale)
    return _scores(name, hr_y, scale, imresize(low, size=hr_y.shape[:2]), upscale(low, hr_y.shape[:2]))


def _scores(name: str, hr_y: np.ndarray, scale: float, bicubic: np.ndarray, srcnn: np.ndarray) -> ImageScore:
    bic8 = to_uint8(bicubic).astype(np.float64)
    sr8 = to_uint8(srcnn).astype(np.float64)
    border = crop_border(scale)
    return ImageScore(
        name=name,
        bicubic_psnr=psnr(bic8, hr_y, crop_border=border),
        bicubic_ssim=ssim(bic8, hr_y, crop_border=border),
        srcnn_psnr=psnr(sr8, hr_y, crop_border=border),
        srcnn_ssim=ssim(sr8, hr_y, crop_border=border),
    )


def score_truth(name: str, truth: np.ndarray, scale: float, enhance: LuminanceEnhancer | None,
                jpeg: int | None = None, *, upscale: LowResUpscaler | None = None) -> ImageScore:
    """Scores of one 8-bit mod-cropped colour ground truth; low-res input saved as JPEG ``jpeg`` if given.

    ``enhance`` refines the bicubic enlargement; or ``upscale`` enlarges the low-res luminance itself.
    """
    if upscale is None:
        bicubic = None if jpeg is None else degrade_jpeg_luminance(truth, scale, jpeg)
        return score_image(name, luminance_8bit(truth), scale, enhance, bicubic)  # type: ignore[arg-type]
    low = None if jpeg is None else jpeg_low_luminance(truth, scale, jpeg)
    return score_low_res(name, luminance_8bit(truth), scale, upscale, low)


def iter_evaluate(folder: Path, scale: float, enhance: LuminanceEnhancer | None, jpeg: int | None = None, *,
                  upscale: LowResUpscaler | None = None, failures: list[str] | None = None) -> Iterator[ImageScore]:
    """Score every image in ``folder`` (recursively), one at a time, for progress display.

    With a ``failures`` list a picture that cannot be scored is named there and the rest go on (so is every
    entry the folder scan could not use: a named pipe, a link to a missing file, a folder that cannot be
    read); without one the first of these errors propagates.
    """
    scan = scan_folder(Path(folder))
    if not scan.images and not scan.problems:
        raise DatasetError(f"{folder}: no images to evaluate")
    if scan.problems and failures is None:
        raise DatasetError(scan.problems[0])
    if failures is not None:
        failures.extend(scan.problems)
    for path in scan.images:
        try:
            yield score_truth(path.stem, ground_truth_colour(path, scale), scale, enhance, jpeg, upscale=upscale)
        except Exception as exc:  # one picture's problem, whatever it is, is that picture's failure
            if failures is None:
                raise
            failures.append(failure_message(path, exc))


def evaluate_folder(folder: Path, scale: float, enhance: LuminanceEnhancer | None, jpeg: int | None = None, *,
                    upscale: LowResUpscaler | None = None) -> EvalReport:
    """All scores of a folder of ground-truth images; pictures that cannot be scored are listed in ``failures``.

    Raises :class:`DatasetError` when not one picture could be scored.
    """
    failures: list[str] = []
    scores = list(iter_evaluate(folder, scale, enhance, jpeg, upscale=upscale, failures=failures))
    if not scores:
        raise DatasetError(f"{folder}: not one picture could be evaluated ({'; '.join(failures)})")
    return EvalReport(scale, scores, failures)
