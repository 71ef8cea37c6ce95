"""Tiles cover the image exactly once, each reads the radius around it, and tiled inference equals a single pass."""

from __future__ import annotations

import numpy as np
import pytest

from srcnn_gui.core.errors import CancelledError
from srcnn_gui.core.images.bicubic import imresize
from srcnn_gui.core.images.colour import luminance
from srcnn_gui.core.inference.tiling import DEFAULT_TILING, WHOLE_IMAGE, TileBox, Tiling, run_tiled, tile_boxes, tile_input
from srcnn_gui.core.inference.upscaler import Upscaler


@pytest.mark.parametrize("h,w,tile", [(100, 100, 32), (37, 250, 64), (5, 5, 100), (64, 64, 64), (65, 129, 64)])
def test_boxes_cover_every_pixel_exactly_once(h, w, tile):
    count = np.zeros((h, w), int)
    for box in tile_boxes(h, w, Tiling(tile)):
        assert 0 < box.bottom - box.top <= tile and 0 < box.right - box.left <= tile
        count[box.top : box.bottom, box.left : box.right] += 1
    assert (count == 1).all()


@pytest.mark.parametrize("h,w,tile", [(100, 100, 32), (65, 129, 64), (300, 301, 37), (10, 10, 3), (1024, 1024, 256)])
def test_boxes_on_a_grid_cut_at_its_multiples(h, w, tile):
    # The Winograd engine's 4-pixel blocks: every cut on the grid, so each pixel's block is the same in every tiling.
    count = np.zeros((h, w), int)
    for box in tile_boxes(h, w, Tiling(tile), grid=4):
        assert box.top % 4 == 0 and box.left % 4 == 0
        assert 0 < box.bottom - box.top <= max(tile, 4) and 0 < box.right - box.left <= max(tile, 4)
        count[box.top : box.bottom, box.left : box.right] += 1
    assert (count == 1).all()


def test_the_whole_image_is_one_box():
    assert tile_boxes(30, 40, WHOLE_IMAGE) == [(0, 0, 30, 40)]


def test_invalid_sizes_raise():
    with pytest.raises(ValueError):
        tile_boxes(0, 10, Tiling(8))
    with pytest.raises(ValueError):
        Tiling(-3)
    with pytest.raises(ValueError):
        Tiling(0)


def test_the_tile_option_absent_is_the_default_and_zero_the_whole_image():
    assert Tiling.from_option(None) == DEFAULT_TILING
    assert Tiling.from_option(0) == WHOLE_IMAGE
    assert Tiling.from_option(64) == Tiling(64)


def test_a_tile_reads_the_radius_around_it_from_the_padded_image():
    rows, cols = tile_input(TileBox(10, 20, 30, 60), radius=6)
    assert (rows.start, rows.stop, cols.start, cols.stop) == (10, 42, 20, 72)


@pytest.mark.parametrize("bf16", [False, True])
@pytest.mark.parametrize("tile", [37, 100, 255])
def test_tiled_equals_untiled_on_a_real_image(shipped_x3, butterfly, tile, bf16):
    # Tiles run in parallel on the CPU; each output pixel must still come out as from one pass.
    model, info = shipped_x3
    y = imresize(luminance(butterfly), 3.0)
    whole = Upscaler(model, info.scale, device="cpu", tiling=WHOLE_IMAGE, bf16=bf16).enhance_luminance(y)
    tiled_upscaler = Upscaler(model, info.scale, device="cpu", tiling=Tiling(tile), bf16=bf16)
    assert tiled_upscaler.count_tiles(*y.shape) > 1
    tiled = tiled_upscaler.enhance_luminance(y)
    # float32 is exact to 1e-5. In bf16 the inner layer's maps are rounded to 8 significant bits, and
    # on AMX machines oneDNN picks another kernel (another summation order) for small tiles, so a
    # few map values round to the neighbouring bf16 number: measured 1.6e-4 at tile 37 on 0.2% of
    # the pixels. Allowed: a tenth of an 8-bit level, and the 8-bit picture equal almost everywhere.
    tolerance = 0.1 / 255 if bf16 else 1e-5
    assert np.abs(tiled - whole).max() <= tolerance
    assert np.mean(np.round(tiled * 255) != np.round(whole * 255)) <= 1e-3


def _local_sum(patch: np.ndarray, radius: int = 2) -> np.ndarray:
    """A stand-in network: each output pixel is the sum of its (2 radius + 1)^2 neighbourhood ('valid')."""
    side = 2 * radius + 1
    h, w = patch.shape[0] - 2 * radius, patch.shape[1] - 2 * radius
    return sum(patch[i : i + h, j : j + w] for i in range(side) for j in range(side))


@pytest.mark.parametrize("workers", [1, 3])
def test_run_tiled_stitches_every_tile_into_its_place(workers):
    image = np.random.default_rng(0).random((41, 67))
    padded = np.pad(image, 2, mode="edge")
    whole = _local_sum(padded)
    out = np.full(image.shape, np.nan)
    steps = []
    boxes = tile_boxes(*image.shape, Tiling(16))
    run_tiled(_local_sum, padded, out, 2, boxes, workers=workers, progress=lambda done, total: steps.append((done, total)))
    np.testing.assert_allclose(out, whole)
    assert steps[-1] == (len(boxes), len(boxes)) and steps == sorted(steps)


def test_run_tiled_stops_between_tiles_when_cancelled():
    image = np.zeros((40, 40))
    ran = []
    with pytest.raises(CancelledError, match="after 2 of 9 tiles"):
        run_tiled(lambda patch: ran.append(1) or _local_sum(patch), np.pad(image, 2), np.empty(image.shape), 2,
                  tile_boxes(40, 40, Tiling(14)), cancelled=lambda: len(ran) >= 2)
