"""PSNR and SSIM follow the literature protocol and agree with a reference implementation."""

from __future__ import annotations

import math

import numpy as np
import pytest
from skimage.metrics import structural_similarity

from srcnn_gui.core.evaluation.metrics import ScoreInBands, psnr, ssim
from srcnn_gui.core.evaluation.protocol import degrade_luminance, ground_truth_luminance
from srcnn_gui.core.images.colour import luminance_8bit
from srcnn_gui.core.images.pixels import to_uint8


def test_identical_images_have_infinite_psnr_and_unit_ssim(butterfly):
    img = to_uint8(butterfly)
    assert psnr(img, img, crop_border=3) == math.inf
    assert ssim(img, img, crop_border=3) == pytest.approx(1.0)


def test_psnr_of_a_known_error():
    ref = np.full((20, 20), 100.0)
    noisy = ref.copy()
    noisy[5:15, 5:15] += 4.0  # inside the shaved border: 100 of 196 pixels off by 4
    mse = 100 * 16 / 196
    assert psnr(noisy, ref, crop_border=3) == pytest.approx(10 * math.log10(255**2 / mse))


def test_border_is_shaved():
    ref = np.full((20, 20), 50.0)
    damaged = ref.copy()
    damaged[:2, :] = 0.0
    assert psnr(damaged, ref, crop_border=2) == math.inf
    assert psnr(damaged, ref, crop_border=1) < 30


def test_colour_images_are_scored_on_studio_range_y(butterfly):
    rgb = to_uint8(butterfly)
    shifted = np.clip(rgb.astype(np.int16) + 3, 0, 255).astype(np.uint8)
    by_hand = psnr(luminance_8bit(shifted), luminance_8bit(rgb), crop_border=2)
    assert psnr(shifted, rgb, crop_border=2) == pytest.approx(by_hand)
    y = luminance_8bit(rgb)
    assert 16 <= y.min() and y.max() <= 235


def test_mismatched_shapes_raise():
    with pytest.raises(ValueError, match="shape"):
        psnr(np.zeros((8, 8)), np.zeros((8, 9)), crop_border=0)


@pytest.mark.parametrize("scale", [2, 4])
def test_ssim_matches_scikit_image(datasets, scale):
    for name in ("baby_GT", "butterfly_GT"):
        hr = ground_truth_luminance(datasets / "Set5" / f"{name}.png", scale)
        bic = to_uint8(degrade_luminance(hr, scale)).astype(np.float64)
        reference = structural_similarity(
            bic[scale:-scale, scale:-scale], hr[scale:-scale, scale:-scale],
            gaussian_weights=True, sigma=1.5, use_sample_covariance=False, data_range=255,
        )
        assert ssim(bic, hr, crop_border=scale) == pytest.approx(reference, abs=1e-6)
        assert reference < 0.99  # a real degradation, not a trivial pair


def test_ssim_refuses_images_smaller_than_its_window():
    with pytest.raises(ValueError, match="too small"):
        ssim(np.zeros((12, 12)), np.zeros((12, 12)), crop_border=1)


def _generated_pair(height: int, width: int, channels: int) -> tuple[np.ndarray, np.ndarray]:
    """A smooth picture with edges (a reference) and a noisy, blurred copy of it (an image to score)."""
    rng = np.random.default_rng(7)
    coarse = rng.random((height // 16 + 2, width // 16 + 2, channels))
    ramp = np.linspace(0, 1, width)[None, :, None]
    smooth = np.stack([np.kron(coarse[..., c], np.ones((16, 16)))[:height, :width] for c in range(channels)], axis=2)
    reference = to_uint8(0.6 * smooth + 0.4 * ramp)
    blurred = (reference.astype(float) + np.roll(reference, 1, axis=0) + np.roll(reference, 1, axis=1)) / 3
    image = to_uint8((blurred + rng.normal(0, 4, blurred.shape)) / 255)
    return image, reference


@pytest.mark.parametrize("channels,band,border", [(3, 256, 3), (3, 37, 4), (1, 11, 2), (3, 5, 0)])
def test_scores_in_bands_equal_the_whole_pictures(channels, band, border):
    """Bands of any height, even thinner than SSIM's window, give the whole picture's PSNR and SSIM: the
    windows that cross a band's edge are scored once, on both bands' rows."""
    image, reference = _generated_pair(517, 389, channels)
    banded = ScoreInBands(517, 389, crop_border=border)
    for top in range(0, 517, band):
        banded.add(image[top : top + band], reference[top : top + band])
    assert banded.psnr() == pytest.approx(psnr(image, reference, crop_border=border), abs=1e-9)
    assert banded.ssim() == pytest.approx(ssim(image, reference, crop_border=border), abs=1e-6)
    assert banded.ssim() < 0.99  # the pictures do differ: the equality is not 1 == 1


def test_scores_in_bands_need_every_row():
    image, reference = _generated_pair(64, 64, 1)
    banded = ScoreInBands(64, 64, crop_border=2)
    banded.add(image[:40], reference[:40])
    with pytest.raises(ValueError, match="40 of 64 rows"):
        banded.psnr()
