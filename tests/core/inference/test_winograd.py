"""The Winograd 5 x 5 layer computes the direct convolution, and the engine with it stays the model's function."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from torch import nn
from torch.nn import functional as F

from srcnn_gui.core.bench.speed import psnr_difference
from srcnn_gui.core.images.bicubic import imresize
from srcnn_gui.core.images.colour import luminance
from srcnn_gui.core.inference import winograd
from srcnn_gui.core.inference.cpu_forward import CpuForward
from srcnn_gui.core.inference.tiling import Tiling
from srcnn_gui.core.inference.upscaler import Upscaler
from srcnn_gui.core.models.border import extend_border_tensor
from srcnn_gui.core.models.files import load_model
from srcnn_gui.core.models.network import build_model
from srcnn_gui.core.models.registry import list_models

pytest.importorskip("numba")

# The tolerance the fast path is held to, in luminance units ([0, 1]): a fortieth of an 8-bit level.
TOLERANCE = 1e-4


def _first_layer_maps(model, y: np.ndarray) -> torch.Tensor:
    """The real feature maps the 5 x 5 layer reads: the model's first layer and ReLU on a picture."""
    first = model.body[0]
    x = torch.from_numpy(y)[None, None].contiguous(memory_format=torch.channels_last)
    with torch.no_grad():
        return F.relu(first(x)).contiguous(memory_format=torch.channels_last)


def test_winograd_layer_equals_the_direct_convolution_on_real_maps(shipped_x3, butterfly):
    model, _ = shipped_x3
    conv = model.body[2]
    assert isinstance(conv, nn.Conv2d) and conv.kernel_size == (5, 5)
    maps = _first_layer_maps(model, luminance(butterfly)[:92, :132])  # 84 x 124 maps: outputs 80 x 120
    with torch.no_grad():
        expected = F.relu(conv(maps))
    got = winograd.Winograd5x5(conv.weight, conv.bias)(maps)
    assert got.shape == expected.shape and got.is_contiguous(memory_format=torch.channels_last)
    err = (got - expected).abs()
    assert err.max() <= 1e-4 * expected.abs().max()
    assert (got == 0).sum() == pytest.approx((expected == 0).sum().item(), rel=0.01)  # the ReLU, fused


def test_winograd_layer_refuses_sizes_that_are_not_whole_blocks():
    conv = nn.Conv2d(8, 4, 5)
    layer = winograd.Winograd5x5(conv.weight, conv.bias)
    with pytest.raises(ValueError):
        layer(torch.zeros(1, 8, 11, 12).contiguous(memory_format=torch.channels_last))
    with pytest.raises(ValueError):
        winograd.Winograd5x5(nn.Conv2d(8, 4, 3).weight, conv.bias)


def test_kernel_transform_interpolates_at_the_points():
    # Row j of G evaluates the kernel polynomial at point j, divided by the Lagrange denominator.
    g = winograd.kernel_transform()
    kernel = np.array([0.3, -1.0, 2.0, 0.5, 0.25])
    values = g[:-1] @ kernel
    points = [float(p) for p in winograd.POINTS]
    for j, p in enumerate(points):
        denominator = np.prod([p - q for q in points if q != p])
        assert values[j] * denominator == pytest.approx(np.polyval(kernel[::-1], p))
    assert g[-1] @ kernel == kernel[-1]  # the point at infinity: the leading coefficient


@pytest.mark.parametrize("residual", [False, True])
@pytest.mark.parametrize("h,w", [(70, 90), (61, 67), (33, 34)])
def test_engine_with_winograd_equals_the_model(butterfly, residual, h, w):
    # Every size: the input is extended to whole blocks and the extra outputs are cut off.
    torch.manual_seed(0)
    model = build_model("9-5-5", residual=residual).eval()
    y = torch.from_numpy(imresize(luminance(butterfly[:h, :w]), 2.0))
    r = model.radius
    padded = extend_border_tensor(y[None, None], r)[0, 0]
    fast = CpuForward(model, bf16=False)
    assert fast.method == "winograd"
    with torch.no_grad():
        expected = model(y[None, None])[0, 0]
        got = fast(padded)
    assert got.shape == expected.shape == y.shape
    assert (got - expected).abs().max() <= TOLERANCE


def test_only_a_single_5x5_middle_layer_runs_by_winograd():
    assert CpuForward(build_model("9-5-5"), bf16=False).method == "winograd"
    assert CpuForward(build_model("9-5-5"), bf16=False, fast_5x5=False).method == "direct"
    assert CpuForward(build_model("9-1-5"), bf16=False).method == "direct"
    assert CpuForward(build_model("9-3-5"), bf16=False).method == "direct"
    assert CpuForward(build_model("9-5-5"), bf16=True).method == "direct"


def test_tiled_winograd_equals_untiled(shipped_x3, butterfly):
    model, info = shipped_x3
    y = imresize(luminance(butterfly[:90, :110]), 3.0)
    whole = Upscaler(model, info.scale, device="cpu", bf16=False, tiling=Tiling(None)).enhance_luminance(y)
    tiled = Upscaler(model, info.scale, device="cpu", bf16=False, tiling=Tiling(77)).enhance_luminance(y)
    assert np.abs(tiled - whole).max() <= TOLERANCE


@pytest.mark.slow
def test_winograd_moves_set5_psnr_by_less_than_a_hundredth_of_a_db(datasets):
    found = [m for m in list_models() if m.shipped and m.arch == "9-5-5" and m.scale == 3 and "jpeg" not in m.name]
    if not found:
        pytest.skip("no shipped 9-5-5 x3 model")
    info = found[0]
    model, _ = load_model(info.path)
    upscaler = Upscaler(model, info.scale, device="cpu", bf16=False)
    assert upscaler.method == "winograd"
    result = psnr_difference(info, upscaler, datasets / "Set5")
    assert abs(result["psnr_diff"]) <= 0.01
    assert result["plain_psnr"] > 30.0


def test_a_packaged_app_runs_the_direct_layer(monkeypatch):
    # srcnn_gui.spec leaves numba out of the bundle (it would compile on every start there).
    monkeypatch.setattr("sys.frozen", True, raising=False)
    assert not winograd.available()
    assert CpuForward(build_model("9-5-5"), bf16=False).method == "direct"
