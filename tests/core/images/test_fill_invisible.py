"""Invisible pixels filled for a network that reads the low-res picture itself: from visible ones nearby only."""

from __future__ import annotations

import cv2
import numpy as np
from PIL import Image

from srcnn_gui.core.images.pixels import fill_invisible, to_float


def _photo_with_holes(datasets) -> tuple[np.ndarray, np.ndarray]:
    """A Kodak crop with noise under clear holes (a disk and a stripe) and a soft-edged visible part."""
    colour = to_float(np.asarray(Image.open(datasets / "Kodak24" / "kodim05.png").convert("RGB")))[:90, :80]
    yy, xx = np.mgrid[0:90, 0:80]
    alpha = np.clip((np.hypot(yy - 45, xx - 40) - 12) / 3, 0, 1).astype(np.float32)
    alpha[:, 60:] = 0  # a clear stripe wider than the reach
    colour = colour.copy()
    colour[alpha == 0] = np.random.default_rng(5).random((int((alpha == 0).sum()), 3))
    return colour, alpha[..., None]


def test_visible_pixels_keep_their_colour_and_invisible_ones_near_them_take_their_neighbours(datasets):
    colour, alpha = _photo_with_holes(datasets)
    filled = fill_invisible(colour, alpha, reach=7)
    visible = alpha[..., 0] > 0
    assert np.array_equal(filled[visible], colour[visible])
    # Within the reach (in steps to a neighbour, diagonals too), an invisible pixel takes a mean of visible colours;
    # beyond it (the disk's middle, the stripe's far side), black.
    steps = cv2.distanceTransform((~visible).astype(np.uint8), cv2.DIST_C, 3)
    near, far = ~visible & (steps <= 7), steps > 7
    assert near.sum() > 1000 and far[:, 68:].all() and far[45, 40]
    low, high = colour[visible].min(axis=0), colour[visible].max(axis=0)
    assert (filled[near] >= low - 1e-6).all() and (filled[near] <= high + 1e-6).all() and (filled[near].sum(axis=1) > 0).all()
    assert not filled[far].any()
    # The colour under full transparency is not read.
    other = colour.copy()
    other[~visible] = 1.0 - other[~visible]
    assert np.array_equal(fill_invisible(other, alpha, reach=7), filled)


def test_a_band_with_the_reach_in_rows_around_it_gets_the_whole_pictures_values(datasets):
    colour, alpha = _photo_with_holes(datasets)
    whole = fill_invisible(colour, alpha, reach=7)
    for top, bottom in ((0, 20), (23, 51), (40, 90)):
        first, last = max(0, top - 7), min(90, bottom + 7)
        band = fill_invisible(colour[first:last], alpha[first:last], reach=7)
        assert np.array_equal(band[top - first : bottom - first], whole[top:bottom])
