"""FSRCNN on the CPU: bf16 where it costs under a hundredth of a dB (x3 and up), float32 at x2, tiles on every core."""

from __future__ import annotations

import threading

import numpy as np
import pytest
import torch

from srcnn_gui.core.bench.speed import psnr_difference
from srcnn_gui.core.images.colour import luminance
from srcnn_gui.core.inference import fsrcnn_forward
from srcnn_gui.core.inference.device import native_bf16
from srcnn_gui.core.inference.fsrcnn_forward import FsrcnnForward
from srcnn_gui.core.inference.tiling import FSRCNN_TILE_INPUT_SIDE, Tiling
from srcnn_gui.core.inference.upscaler import Upscaler
from srcnn_gui.core.models.files import load_model
from srcnn_gui.core.models.registry import find_model

NATIVE_BF16 = native_bf16(torch.device("cpu"))
needs_native_bf16 = pytest.mark.skipif(not NATIVE_BF16, reason="this CPU has no native bf16: the engine stays float32")


@pytest.fixture(scope="module")
def fsrcnn_x3():
    return find_model("fsrcnn-x3")


@pytest.mark.parametrize("scale", [2, 3, 4])
def test_bf16_runs_from_x3_up_where_the_cpu_has_it(scale):
    model, info = load_model(find_model(f"fsrcnn-x{scale}").path)
    upscaler = Upscaler(model, info.scale, device="cpu")
    expected = "bf16" if NATIVE_BF16 and scale >= fsrcnn_forward.BF16_MIN_SCALE else "fp32"
    assert upscaler.precision == expected
    assert Upscaler(model, info.scale, device="cpu", bf16=False).precision == "fp32"


@needs_native_bf16
def test_bf16_costs_fsrcnn_x3_at_most_a_hundredth_of_a_db_on_set5(datasets, fsrcnn_x3):
    upscaler = Upscaler.from_info(fsrcnn_x3, device="cpu")
    assert upscaler.precision == "bf16"
    result = psnr_difference(fsrcnn_x3, upscaler, datasets / "Set5")
    assert abs(result["psnr_diff"]) <= 0.01
    assert result["plain_psnr"] > 32.0  # the trained model, so the comparison means something


def test_bf16_output_stays_close_to_fp32(butterfly, fsrcnn_x3):
    model, _ = load_model(fsrcnn_x3.path)
    low = torch.from_numpy(np.ascontiguousarray(luminance(butterfly)[::3, ::3]))
    with torch.inference_mode():
        exact = FsrcnnForward(model)(low)
        fast = FsrcnnForward(model, bf16=True)(low)
    err = (fast - exact).abs() * 255
    # Not exact (bf16 is in use: emulated where the CPU lacks it), yet a fraction of an 8-bit level on average;
    # the butterfly's sharp wings give the largest errors of Set5 (2.1 levels; its PSNR moves 0.006 dB).
    assert err.max() > 0
    assert err.max() < 3.0 and err.mean() < 0.4


def test_fsrcnn_tiles_run_one_at_a_time_on_every_thread(monkeypatch, fsrcnn_x3):
    # oneDNN's single-threaded kernels for FSRCNN's narrow layers are slow: all threads work on each tile in turn.
    model, info = load_model(fsrcnn_x3.path)
    seen: list[tuple[str, int]] = []
    run = FsrcnnForward.__call__

    def recording(self, x):
        seen.append((threading.current_thread().name, torch.get_num_threads()))
        return run(self, x)

    monkeypatch.setattr(FsrcnnForward, "__call__", recording)
    low = np.random.default_rng(0).random((70, 90)).astype(np.float32)
    Upscaler(model, info.scale, device="cpu", tiling=Tiling(60)).upscale_luminance(low)
    assert len(seen) > 1
    assert set(seen) == {(threading.current_thread().name, torch.get_num_threads())}


def test_fsrcnn_default_tiles_are_its_own_and_a_tile_asked_for_is_kept(fsrcnn_x3):
    model, info = load_model(fsrcnn_x3.path)
    assert Upscaler(model, info.scale, device="cpu").tile_side == FSRCNN_TILE_INPUT_SIDE * info.scale
    assert Upscaler(model, info.scale, device="cpu", tiling=Tiling(300)).tile_side == 300
