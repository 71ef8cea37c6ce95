"""The colour conversions and the rounding to integers, computed a block at a time, give the bits of their
plain whole-picture float64 formulas: the output's pixels may not change with how they are computed."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from srcnn_gui.core.images.bicubic import imresize
from srcnn_gui.core.images.colour import _RGB_TO_YCBCR, _YCBCR_OFFSET, _YCBCR_TO_RGB, rgb_to_ycbcr, ycbcr_to_rgb
from srcnn_gui.core.images.pixels import to_float, to_uint8, to_uint16


def _kodak(datasets, name: str = "kodim05.png") -> np.ndarray:
    return to_float(np.asarray(Image.open(datasets / "Kodak24" / name).convert("RGB")))


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_colour_conversions_give_the_whole_picture_formulas_bits(datasets, dtype):
    # Enlarged (overshooting [0, 1]) and wider than a block, in C order and in the column-major layout an
    # enlargement once returned.
    picture = imresize(_kodak(datasets)[:40], 2.0).astype(dtype)
    for colour in (picture, np.asfortranarray(picture.transpose(1, 0, 2)).transpose(1, 0, 2), picture[:1, :5]):
        ycbcr = rgb_to_ycbcr(colour)
        assert ycbcr.dtype == dtype and ycbcr.flags.c_contiguous
        assert ycbcr.tobytes() == (colour.astype(np.float64) @ _RGB_TO_YCBCR.T + _YCBCR_OFFSET).astype(dtype).tobytes()
        expected = ((ycbcr.astype(np.float64) - _YCBCR_OFFSET) @ _YCBCR_TO_RGB.T).astype(dtype)
        assert ycbcr_to_rgb(ycbcr).tobytes() == expected.tobytes()


@pytest.mark.parametrize(("convert", "top"), [(to_uint8, 255), (to_uint16, 65535)])
def test_rounding_to_integers_gives_the_float64_formulas_bits(datasets, convert, top):
    # Every float32 within 4 steps of each rounding boundary (where a float32 product would round the other
    # way), values outside [0, 1], and an enlarged picture.
    edges = [((np.arange(top + 1) + 0.5) / top).astype(np.float32)]
    for towards in (np.float32(-2), np.float32(2)):
        value = edges[0]
        for _ in range(4):
            value = np.nextafter(value, towards)
            edges.append(value)
    edges = np.concatenate([*edges, np.float32([-0.5, -0.0, 0.0, 1.0, 1.5])])
    picture = imresize(_kodak(datasets)[:30], 2.0)
    for values in (edges, picture, picture.astype(np.float64), picture[:, ::3]):
        expected = np.clip(np.round(values.astype(np.float64) * top), 0, top).astype(convert(values[:0]).dtype)
        assert convert(values).tobytes() == expected.tobytes()
