"""Pictures that explain a result: where two images differ, as a heat map."""

from __future__ import annotations

import cv2
import numpy as np

from srcnn_gui.core.images.colour import luminance
from srcnn_gui.core.images.pixels import split_alpha, to_float

DEFAULT_FULL_SCALE = 0.1  # a luminance difference of 10% of the range is drawn at full heat


def colour_scale(width: int = 256) -> np.ndarray:
    """The heat map's colours from no difference (left) to ``full_scale`` or more (right): a 1 x ``width`` RGB ramp."""
    levels = np.round(np.linspace(0, 255, width)).astype(np.uint8)[None, :]
    return to_float(np.ascontiguousarray(cv2.applyColorMap(levels, cv2.COLORMAP_INFERNO)[..., ::-1]))


def full_scale_grey_levels(full_scale: float = DEFAULT_FULL_SCALE) -> float:
    """The difference drawn brightest, in grey levels of an 8-bit picture (0.1 of the range: 25.5)."""
    return full_scale * 255.0


def difference_heatmap(image: np.ndarray, reference: np.ndarray, *, full_scale: float = DEFAULT_FULL_SCALE) -> np.ndarray:
    """|luminance(image) - luminance(reference)| through the inferno colour map, as an RGB image.

    Differences of ``full_scale`` (in [0, 1] units) or more are drawn brightest; alpha is ignored.
    """
    if image.shape[:2] != reference.shape[:2]:
        raise ValueError(f"images differ in size: {image.shape[:2]} vs {reference.shape[:2]}")
    diff = np.abs(luminance(split_alpha(image)[0]).astype(np.float64) - luminance(split_alpha(reference)[0]))
    levels = np.clip(np.round(diff / full_scale * 255.0), 0, 255).astype(np.uint8)
    bgr = cv2.applyColorMap(levels, cv2.COLORMAP_INFERNO)
    return to_float(np.ascontiguousarray(bgr[..., ::-1]))
