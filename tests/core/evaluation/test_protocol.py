"""The benchmark protocol at non-integer factors: the mod-crop keeps the low-res size whole, whole factors unchanged."""

from __future__ import annotations

import os
from fractions import Fraction

import numpy as np
import pytest
from PIL import Image

from srcnn_gui.core.errors import ConfigError, DatasetError
from srcnn_gui.core.evaluation.protocol import (
    crop_border,
    crop_multiple,
    degrade_luminance,
    evaluate_folder,
    factor_fraction,
    ground_truth_luminance,
    low_res_size,
    shrink,
    shrink_in_bands,
)
from srcnn_gui.core.images.bicubic import imresize
from srcnn_gui.core.images.pixels import modcrop, samples_to_float, to_uint8
from srcnn_gui.core.images.reading import load_image


@pytest.mark.parametrize("factor,fraction,multiple,border", [
    (1.5, Fraction(3, 2), 3, 2), (2.5, Fraction(5, 2), 5, 3), (3.5, Fraction(7, 2), 7, 4),
    (2.25, Fraction(9, 4), 9, 3), (3, Fraction(3), 3, 3), (6, Fraction(6), 6, 6),
])
def test_the_crop_and_border_of_a_factor(factor, fraction, multiple, border):
    assert factor_fraction(factor) == fraction
    assert (crop_multiple(factor), crop_border(factor)) == (multiple, border)


def test_a_factor_without_a_small_fraction_is_refused():
    with pytest.raises(ConfigError, match="cannot be evaluated honestly"):
        factor_fraction(2.33)


@pytest.mark.parametrize("factor", [1.5, 2.5, 3.5, 6, 8])
def test_the_ground_truth_is_cropped_so_the_low_res_size_is_whole(datasets, factor):
    path = datasets / "Set14" / "baboon.png"
    hr = ground_truth_luminance(path, factor)
    full_h, full_w = load_image(path).shape[:2]
    p = crop_multiple(factor)
    assert hr.shape[0] % p == 0 and hr.shape[1] % p == 0
    assert 0 <= full_h - hr.shape[0] < p and 0 <= full_w - hr.shape[1] < p  # no more cropped than needed
    low = shrink(hr / 255.0, factor)
    assert low.shape == low_res_size(*hr.shape, factor)
    assert low.shape[0] * factor == hr.shape[0] and low.shape[1] * factor == hr.shape[1]
    assert degrade_luminance(hr, factor).shape == hr.shape


@pytest.mark.parametrize("scale", [2, 3, 4])
def test_whole_factors_are_the_literature_protocol_bit_for_bit(datasets, scale):
    hr = ground_truth_luminance(datasets / "Set5" / "butterfly_GT.png", scale)
    literature = imresize(imresize(hr / 255.0, 1.0 / scale), float(scale))  # MATLAB's imresize(imresize(hr, 1/s), s)
    assert np.array_equal(degrade_luminance(hr, scale), literature)


def test_a_named_pipe_and_a_dangling_link_are_failures_of_the_evaluation_not_left_out(tmp_path):
    Image.fromarray(np.random.default_rng(0).integers(0, 256, (48, 48, 3), dtype=np.uint8)).save(tmp_path / "a.png")
    os.mkfifo(tmp_path / "pipe.png")
    (tmp_path / "gone.png").symlink_to(tmp_path / "deleted.png")
    report = evaluate_folder(tmp_path, 2, lambda bicubic: bicubic)
    assert [score.name for score in report.images] == ["a"]
    assert report.failures == [f"{tmp_path / 'gone.png'}: a link to a missing file, not a picture file",
                               f"{tmp_path / 'pipe.png'}: a named pipe (fifo), not a picture file"]
    (tmp_path / "a.png").unlink()
    with pytest.raises(DatasetError, match="not one picture could be evaluated"):
        evaluate_folder(tmp_path, 2, lambda bicubic: bicubic)


@pytest.mark.parametrize("factor", [2, 2.5, 3])
def test_shrinking_in_bands_gives_the_whole_pictures_values(butterfly, factor):
    truth = modcrop(to_uint8(butterfly), crop_multiple(factor))
    whole = shrink(samples_to_float(truth), factor)
    banded = np.concatenate(list(shrink_in_bands(truth, factor, band=17)))
    assert banded.dtype == whole.dtype and np.array_equal(banded, whole)
