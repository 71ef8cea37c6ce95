"""The upscaling pipeline: sizes, channel modes, progress, cancel, device choice."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from srcnn_gui.core.errors import CancelledError, DeviceUnavailableError
from srcnn_gui.core.evaluation.metrics import psnr
from srcnn_gui.core.evaluation.protocol import degrade_luminance
from srcnn_gui.core.images.bicubic import imresize
from srcnn_gui.core.images.colour import luminance, luminance_8bit
from srcnn_gui.core.images.pixels import merge_alpha, modcrop, to_uint8
from srcnn_gui.core.inference.device import select_device
from srcnn_gui.core.inference.tiling import WHOLE_IMAGE, Tiling
from srcnn_gui.core.inference.upscaler import Upscaler


@pytest.fixture()
def upscaler(shipped_x3) -> Upscaler:
    model, info = shipped_x3
    return Upscaler(model, info.scale, device="cpu", tiling=Tiling(128))


def test_srcnn_beats_bicubic_on_a_real_photo(upscaler, butterfly):
    hr = modcrop(butterfly, 3)
    low = np.clip(imresize(hr, 1 / 3), 0, 1)
    result = upscaler.upscale(low)
    assert result.srcnn.shape == result.bicubic.shape == hr.shape
    reference = to_uint8(hr)
    gain = psnr(to_uint8(result.srcnn), reference, crop_border=3) - psnr(to_uint8(result.bicubic), reference, crop_border=3)
    assert gain > 0.5


def test_colour_comes_from_bicubic(upscaler, butterfly):
    result = upscaler.upscale(butterfly[:60, :80])
    from srcnn_gui.core.images.colour import rgb_to_ycbcr

    chroma_sr = rgb_to_ycbcr(result.srcnn.astype(np.float64))[..., 1:]
    chroma_bic = rgb_to_ycbcr(result.bicubic.astype(np.float64))[..., 1:]
    inside = [(img > 0.01).all(-1) & (img < 0.99).all(-1) for img in (result.srcnn, result.bicubic)]
    unclipped = inside[0] & inside[1]
    assert np.abs(chroma_sr - chroma_bic)[unclipped].max() < 1e-4
    assert np.abs(luminance(result.srcnn) - luminance(result.bicubic)).max() > 0.02


def test_grey_stays_grey_and_alpha_is_upscaled_separately(shipped_x3, butterfly):
    # float32, so that "far from the alpha edge nothing changes" can be checked to 1e-6
    upscaler = Upscaler(shipped_x3[0], 3, device="cpu", tiling=Tiling(128), bf16=False)
    grey = luminance(butterfly[:50, :70])[..., None]
    out = upscaler.upscale(grey).srcnn
    assert out.shape == (150, 210, 1)

    alpha = np.zeros((50, 70, 1), np.float32)
    alpha[:, 35:] = 1.0
    rgba = upscaler.upscale(merge_alpha(butterfly[:50, :70], alpha)).srcnn
    assert rgba.shape == (150, 210, 4)
    assert np.allclose(rgba[..., 3], np.clip(imresize(alpha, 3.0), 0, 1)[..., 0])

    la_result = upscaler.upscale(merge_alpha(grey, alpha))
    la = la_result.srcnn
    assert la.shape == (150, 210, 2)
    # Colour is resampled premultiplied: beyond bicubic support (6) and the network radius (8) from
    # the alpha edge it equals the plain grey result; invisible pixels take the nearest visible colour.
    assert np.allclose(la[:, 105 + 14 :, :1], out[:, 105 + 14 :], atol=1e-6)
    first_visible = int(np.argmax(la_result.bicubic[0, :, 1] > 0.5 / 255))
    edge = la_result.bicubic[:, first_visible : first_visible + 1, 0]
    assert np.array_equal(la_result.bicubic[:, :first_visible, 0], np.repeat(edge, first_visible, axis=1))


def test_grey_image_is_enhanced_like_its_luminance(upscaler, butterfly):
    grey = luminance(butterfly[:64, :64])[..., None]
    direct = upscaler.upscale(grey).srcnn[..., 0]
    via_y = np.clip(upscaler.enhance_luminance(imresize(grey[..., 0], 3.0)), 0, 1)
    assert np.allclose(direct, via_y, atol=1e-6)


def test_progress_counts_every_tile(upscaler, butterfly):
    calls = []
    upscaler.upscale(butterfly[:100, :100], progress=lambda done, total: calls.append((done, total)))
    total = upscaler.count_tiles(300, 300)
    assert total == 9
    assert calls == [(i, total) for i in range(1, total + 1)]


def test_cancel_stops_within_one_tile(upscaler, butterfly):
    calls = []
    with pytest.raises(CancelledError):
        upscaler.upscale(butterfly, progress=lambda d, t: calls.append(d), cancelled=lambda: len(calls) >= 1)
    assert calls == [1]


def test_device_choice():
    assert select_device("cpu").type == "cpu"
    assert select_device("auto").type == ("cuda" if torch.cuda.is_available() else select_device("auto").type)
    if not torch.cuda.is_available():
        with pytest.raises(DeviceUnavailableError, match="cuda"):
            select_device("cuda")
    with pytest.raises(DeviceUnavailableError, match="tpu"):
        select_device("tpu")


def test_eval_path_and_engine_path_agree(upscaler, butterfly):
    # The benchmark refines the bicubic luminance with the same engine the app uses.
    hr = modcrop(luminance_8bit(to_uint8(butterfly)), 3)
    bic = degrade_luminance(hr, 3)
    assert np.allclose(upscaler.enhance_luminance(bic), Upscaler(upscaler.model, 3, device="cpu", tiling=WHOLE_IMAGE).enhance_luminance(bic), atol=1e-5)
