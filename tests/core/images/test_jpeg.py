"""JPEG: the quality read back from files, the denoise levels, and JPEG-degraded evaluation and training."""

from __future__ import annotations

import io
from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image

from srcnn_gui.core.evaluation.metrics import psnr
from srcnn_gui.core.evaluation.protocol import degrade_jpeg_luminance, degrade_luminance, ground_truth_colour, score_truth
from srcnn_gui.core.images.colour import luminance_8bit
from srcnn_gui.core.images.denoise_levels import CLEAN_FROM_QUALITY, DENOISE_LEVELS, NO_DENOISE, denoise_level, level_for_quality
from srcnn_gui.core.images.jpeg import compress, estimate_quality
from srcnn_gui.core.training.patches import PatchSource


@pytest.fixture(scope="module")
def bird(datasets: Path) -> np.ndarray:
    return ground_truth_colour(datasets / "Set5" / "bird_GT.png", 3)


def _pillow_jpeg(pixels: np.ndarray, quality: int, **options) -> Image.Image:
    buffer = io.BytesIO()
    Image.fromarray(pixels).save(buffer, "JPEG", quality=quality, **options)
    buffer.seek(0)
    return Image.open(buffer)


@pytest.mark.parametrize("quality", [10, 30, 50, 62, 75, 90, 95, 100])
def test_quality_is_read_back_from_files_pillow_and_opencv_write(bird: np.ndarray, quality: int):
    assert abs(estimate_quality(_pillow_jpeg(bird, quality)) - quality) <= 10
    assert abs(estimate_quality(_pillow_jpeg(bird, quality, subsampling=0)) - quality) <= 10
    ok, encoded = cv2.imencode(".jpg", bird[..., ::-1], [cv2.IMWRITE_JPEG_QUALITY, quality])
    assert ok
    assert abs(estimate_quality(Image.open(io.BytesIO(encoded.tobytes()))) - quality) <= 10


def test_lossless_files_have_no_quality(bird: np.ndarray):
    buffer = io.BytesIO()
    Image.fromarray(bird).save(buffer, "PNG")
    buffer.seek(0)
    assert estimate_quality(Image.open(buffer)) is None
    assert level_for_quality(None) == NO_DENOISE


def test_auto_goes_stronger_as_quality_falls_and_clean_at_the_top():
    order = [NO_DENOISE] + [level.name for level in DENOISE_LEVELS]
    picks = [level_for_quality(q) for q in range(100, 0, -1)]
    assert [order.index(p) for p in picks] == sorted(order.index(p) for p in picks)  # never weaker as q falls
    assert set(picks) == set(order)
    assert level_for_quality(CLEAN_FROM_QUALITY) == NO_DENOISE
    for level in DENOISE_LEVELS:  # chosen for qualities its models were trained on (the strongest: and below)
        chosen = [q for q in range(1, 101) if level_for_quality(q) == level.name]
        assert max(chosen) <= level.train_qualities[1]
        if level != DENOISE_LEVELS[-1]:
            assert min(chosen) >= level.train_qualities[0]
    with pytest.raises(ValueError, match="low, medium, high"):
        denoise_level("extreme")


def test_compression_keeps_shape_and_grey_stays_grey(bird: np.ndarray):
    grey = luminance_8bit(bird).astype(np.uint8)[..., None]
    assert compress(grey, 50).shape == grey.shape
    assert compress(bird, 50).shape == bird.shape
    assert not np.array_equal(compress(bird, 30), bird)


def test_jpeg_inputs_score_lower_as_quality_falls_and_near_clean_at_the_top(bird: np.ndarray):
    hr_y = luminance_8bit(bird)
    clean = psnr(np.round(np.clip(degrade_luminance(hr_y, 3), 0, 1) * 255), hr_y, crop_border=3)
    scores = [score_truth("bird", bird, 3, lambda y: y, q).bicubic_psnr for q in (30, 50, 75, 95)]
    assert scores == sorted(scores)
    assert abs(scores[-1] - clean) < 0.5  # q95 is almost the clean protocol
    assert scores[0] < clean - 1.0
    assert degrade_jpeg_luminance(bird, 3, 50).shape == hr_y.shape


def test_training_pairs_with_a_denoise_level_are_jpeg_degraded_and_reproducible(bird: np.ndarray):
    colour = bird.astype(np.float64) / 255.0
    clean = PatchSource(3)
    clean.add_image(colour, (1.0,), 16)
    made = []
    for _ in range(2):
        source = PatchSource(3, denoise_level("high").train_qualities, np.random.default_rng(5))
        source.add_image(colour, (1.0, 0.8), 16)
        made.append(source)
    np.testing.assert_array_equal(made[0].inputs[0], made[1].inputs[0])  # same seed, same qualities
    np.testing.assert_array_equal(made[0].targets[0], clean.targets[0])  # targets are the clean picture
    truth = clean.targets[0].astype(np.float64) * 255
    jpeg_psnr = psnr(np.clip(made[0].inputs[0], 0, 1) * 255, truth, crop_border=3)
    clean_psnr = psnr(np.clip(clean.inputs[0], 0, 1) * 255, truth, crop_border=3)
    assert jpeg_psnr < clean_psnr - 0.5
