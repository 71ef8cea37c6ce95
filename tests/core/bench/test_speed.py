"""The benchmark's own measuring instruments: work counts, memory peaks, the side-by-side rows."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from torch.utils.flop_counter import FlopCounterMode

from srcnn_gui.core.bench import onnx_peer
from srcnn_gui.core.bench.speed import (
    SIZES,
    PeakMemory,
    benchmark_luminance,
    macs_per_pixel,
    measure_speed,
    plain_refine,
    render_report,
    run_benchmark,
)
from srcnn_gui.core.inference.upscaler import Upscaler
from srcnn_gui.core.models.files import load_model
from srcnn_gui.core.models.network import build_model
from srcnn_gui.core.models.registry import list_models


@pytest.mark.parametrize("arch,expected", [("9-5-5", 57_184), ("9-1-5", 8_032), ("9-1-1-5", 8_144)])
def test_work_per_pixel_matches_torchs_own_count(arch, expected):
    model = build_model(arch)
    assert macs_per_pixel(model) == expected
    side = 300
    with FlopCounterMode(display=False) as counter, torch.no_grad():
        model.forward_valid(torch.zeros(1, 1, side + 2 * model.radius, side + 2 * model.radius))
    # torch counts the border context too (a few per cent at this size), and 2 FLOPs per multiply-add.
    per_pixel = counter.get_total_flops() / 2 / side**2
    assert expected <= per_pixel <= 1.05 * expected


def test_peak_memory_sees_an_allocation():
    if not PeakMemory._resident():
        pytest.skip("no /proc on this system")
    with PeakMemory(torch.device("cpu")) as memory:
        block = np.ones(200 * 2**20 // 8)  # 200 MB, every page touched
        del block
    assert memory.peak_bytes is not None and memory.peak_bytes >= 150 * 2**20


def test_benchmark_input_is_a_real_picture_of_the_asked_size():
    y = benchmark_luminance(*SIZES["1MP"])
    assert y.shape == (1024, 1024) and y.dtype == np.float32
    assert 0.0 <= y.min() and y.max() <= 1.0 and y.std() > 0.05


def test_plain_path_is_the_model_itself(shipped_x3):
    model, info = shipped_x3
    y = benchmark_luminance(90, 70)
    with torch.no_grad():
        expected = model(torch.from_numpy(y)[None, None])[0, 0].numpy()
    assert np.array_equal(plain_refine(model, torch.device("cpu"))(y), expected)


def test_speed_row_holds_both_paths_and_skips_plain_when_too_large(shipped_x3):
    model, info = shipped_x3
    shipped = next(m for m in list_models() if m.name == info.name)
    upscaler = Upscaler(load_model(shipped.path)[0], info.scale, device="cpu")
    row = measure_speed(shipped, "1MP", upscaler=upscaler, repeats=1)
    assert row.plain is not None and row.plain.repeats == row.engine.repeats == 1
    assert row.ratio == pytest.approx(row.plain.seconds / row.engine.seconds)
    assert row.engine.mp_per_s == pytest.approx(1.048576 / row.engine.seconds)
    assert row.engine.gflop_per_s == pytest.approx(2 * macs_per_pixel(model) * row.engine.mp_per_s / 1e3)
    assert row.precision == upscaler.precision and row.tile == upscaler.tiling.side and row.method == upscaler.method
    if onnx_peer.available():
        assert row.onnxruntime is not None and row.ort_configuration in onnx_peer.CONFIGURATIONS
        assert row.ort_ratio == pytest.approx(row.onnxruntime.seconds / row.engine.seconds)
    skipped = measure_speed(shipped, "1MP", upscaler=upscaler, repeats=1, plain_max_mp=0.5, onnxruntime=False)
    assert skipped.plain is None and skipped.ratio is None and skipped.engine.seconds > 0
    assert skipped.onnxruntime is None and skipped.ort_ratio is None


def test_report_renders_every_row_and_the_psnr_table(shipped_x3, datasets):
    _, info = shipped_x3
    shipped = next(m for m in list_models() if m.name == info.name)
    report = run_benchmark([shipped], ["1MP"], device="cpu", repeats=1, psnr_folder=datasets / "Set5")
    text = render_report(report)
    assert f"| {shipped.name} | 1MP |" in text
    assert "| engine/ORT |" in text and "GFLOP/s plain / ORT / engine" in text
    assert report["psnr"][shipped.name]["plain_psnr"] > 25.0
    assert abs(report["psnr"][shipped.name]["psnr_diff"]) <= 0.01
    assert report["startup"]["first_1mp_s"] > 0
