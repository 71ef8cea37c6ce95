"""Scores on the pictures a training run holds out for validation (see ``patches.split_holdout``)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np

from srcnn_gui.core.evaluation.protocol import EvalReport, LowResUpscaler, LuminanceEnhancer, ground_truth_colour, score_truth
from srcnn_gui.core.images.pixels import modcrop
from srcnn_gui.core.training.patches import scan_images, split_holdout

# Held-out pictures are scored on a centre crop of at most this side: a folder of 24-megapixel
# photos would otherwise make every epoch's validation take minutes on a CPU.
HOLDOUT_CROP = 480


def held_out_paths(folders: Sequence[Path], scale: int, fraction: float, min_side: int) -> list[Path]:
    """The pictures a run on ``folders`` holds out (the same split as the trainer's)."""
    return split_holdout(scan_images(folders, scale, min_side=min_side).usable, fraction)[1]


def centre_crop(image: np.ndarray, scale: int) -> np.ndarray:
    """The central ``HOLDOUT_CROP`` square (or less) of ``image``, mod-cropped to ``scale``."""
    top = max(0, (image.shape[0] - HOLDOUT_CROP) // 2)
    left = max(0, (image.shape[1] - HOLDOUT_CROP) // 2)
    return modcrop(image[top : top + HOLDOUT_CROP, left : left + HOLDOUT_CROP], scale)


def score_held_out(paths: Sequence[Path], scale: int, enhance: LuminanceEnhancer | None, quality: int | None = None, *,
                   upscale: LowResUpscaler | None = None) -> EvalReport:
    """Literature-protocol scores of the centre crops of ``paths`` (inputs saved as JPEGs of ``quality`` if given);
    ``enhance`` refines the bicubic enlargement, or ``upscale`` enlarges the low-res luminance itself."""
    scores = [score_truth(path.stem, centre_crop(ground_truth_colour(path, scale), scale), scale, enhance, quality,
                          upscale=upscale) for path in paths]
    return EvalReport(scale, scores)
