"""The CPU fast path computes the model's own function, in every configuration, and stays accurate in bf16."""

from __future__ import annotations

import threading

import numpy as np
import pytest
import torch

from srcnn_gui.core.bench.speed import psnr_difference
from srcnn_gui.core.images.bicubic import imresize
from srcnn_gui.core.images.colour import luminance
from srcnn_gui.core.inference.cpu_forward import CpuForward
from srcnn_gui.core.inference.device import native_bf16
from srcnn_gui.core.inference.tiling import Tiling
from srcnn_gui.core.inference.upscaler import Upscaler
from srcnn_gui.core.models.border import extend_border_tensor
from srcnn_gui.core.models.files import load_model
from srcnn_gui.core.models.model_info import ModelInfo
from srcnn_gui.core.models.network import build_model
from srcnn_gui.core.models.registry import list_models


@pytest.fixture(scope="module")
def shipped_955_x3() -> ModelInfo:
    """The shipped 9-5-5 x3 model: its 5x5 middle layer is the one that runs in bf16."""
    found = [m for m in list_models() if m.shipped and m.arch == "9-5-5" and m.scale == 3]
    if not found:
        pytest.skip("no shipped 9-5-5 x3 model")
    return found[0]


@pytest.mark.parametrize("arch,residual", [("9-5-5", False), ("9-1-5", False), ("9-3-3-5", False), ("9-5-5", True), ("7-3-3", False)])
def test_fp32_fast_path_equals_the_model(butterfly, arch, residual):
    # Row-stacked first layer and col2im last layer are rearrangements of the same sums.
    torch.manual_seed(0)
    model = build_model(arch, residual=residual).eval()
    y = torch.from_numpy(imresize(luminance(butterfly[:70, :90]), 2.0))
    r = model.radius
    padded = extend_border_tensor(y[None, None], r)[0, 0]
    with torch.no_grad():
        expected = model(y[None, None])[0, 0]
        fast = CpuForward(model, bf16=False)(padded)
    assert fast.shape == expected.shape == y.shape
    assert (fast - expected).abs().max() <= 1e-5


def test_bf16_only_in_inner_spatial_layers():
    fast = CpuForward(build_model("9-5-5"), bf16=True)
    assert [w.dtype for w, _ in fast._inner] == [torch.bfloat16]
    assert fast._first[0].dtype == fast._last_taps.dtype == torch.float32
    one_by_one = CpuForward(build_model("9-1-5"), bf16=True)
    assert [w.dtype for w, _ in one_by_one._inner] == [torch.float32]


def _threads_of_a_new_thread() -> int:
    seen: list[int] = []
    thread = threading.Thread(target=lambda: seen.append(torch.get_num_threads()))
    thread.start()
    thread.join()
    return seen[0]


def test_engine_keeps_the_thread_settings(shipped_x3, butterfly):
    # The tile workers run single-threaded; neither the caller nor threads started later may inherit that.
    model, info = shipped_x3
    before, before_new = torch.get_num_threads(), _threads_of_a_new_thread()
    Upscaler(model, info.scale, device="cpu", tiling=Tiling(64)).enhance_luminance(imresize(luminance(butterfly[:60, :60]), 3.0))
    assert torch.get_num_threads() == before
    assert _threads_of_a_new_thread() == before_new


@pytest.mark.skipif(not native_bf16(torch.device("cpu")), reason="this CPU has no native bf16: the engine stays float32")
def test_bf16_costs_at_most_a_hundredth_of_a_db_on_set5(datasets, shipped_955_x3):
    info = shipped_955_x3
    upscaler = Upscaler.from_info(info, device="cpu")
    assert upscaler.precision == "bf16"
    result = psnr_difference(info, upscaler, datasets / "Set5")
    assert abs(result["psnr_diff"]) <= 0.01
    assert result["plain_psnr"] > 30.0  # a trained model, so the comparison means something


def test_bf16_output_stays_close_to_fp32(shipped_955_x3, butterfly):
    model, info = load_model(shipped_955_x3.path)
    y = imresize(luminance(butterfly), 3.0)
    exact = Upscaler(model, info.scale, device="cpu", bf16=False).enhance_luminance(y)
    fast = Upscaler(model, info.scale, device="cpu", bf16=True).enhance_luminance(y)
    err = np.abs(fast - exact)
    # Not exact (bf16 is in use), yet under one 8-bit level everywhere and a tenth of one on average
    # (the largest error grows with the weights as training goes on: 0.30 then 0.53 levels).
    assert err.max() > 0
    assert err.max() < 1.0 / 255 and err.mean() < 0.1 / 255
