"""SRCNN configurations, sizes, and pixel alignment of the output with the input."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from srcnn_gui.core.inference.tiling import WHOLE_IMAGE
from srcnn_gui.core.inference.upscaler import Upscaler
from srcnn_gui.core.models.network import SRCNN, build_model, parse_arch


@pytest.mark.parametrize("name,convs,radius", [("9-1-5", 3, 6), ("9-3-5", 3, 7), ("9-5-5", 3, 8), ("9-1-1-5", 4, 6)])
def test_named_configurations(name, convs, radius):
    model = build_model(name)
    assert model.name == name
    assert sum(isinstance(m, torch.nn.Conv2d) for m in model.body) == convs
    assert model.radius == radius
    x = torch.rand(2, 1, 30, 41)
    assert model(x).shape == x.shape
    assert model.forward_valid(x).shape == (2, 1, 30 - 2 * radius, 41 - 2 * radius)


def test_paper_widths_and_parameter_count():
    model = SRCNN(9, 5, 5, 64, 32)
    weights = sum(p.numel() for n, p in model.named_parameters() if n.endswith("weight"))
    assert weights == 9 * 9 * 64 + 5 * 5 * 64 * 32 + 5 * 5 * 32  # 57,184 as in the paper


@pytest.mark.parametrize("bad", ["9-5", "9-x-5", "9-4-5", "9-5-5-5-5", ""])
def test_bad_names_are_rejected(bad):
    with pytest.raises(ValueError):
        build_model(bad)


def test_parse_arch_four_layers():
    assert parse_arch("9-3-3-5") == {"f1": 9, "f2": 3, "f3": 5, "extra_kernel": 3}


def symmetric_model() -> SRCNN:
    """A 9-5-5 network whose kernels are all centred, symmetric blobs with positive weights."""
    model = SRCNN(9, 5, 5)
    for conv in (m for m in model.body if isinstance(m, torch.nn.Conv2d)):
        k = conv.kernel_size[0]
        axis = torch.arange(k, dtype=torch.float32) - k // 2
        blob = torch.exp(-(axis[:, None] ** 2 + axis[None, :] ** 2) / 4.0)
        with torch.no_grad():
            conv.weight.copy_(blob.expand_as(conv.weight) / blob.sum() / conv.in_channels)
            conv.bias.zero_()
    return model.eval()


def test_impulse_response_is_centred_on_the_impulse():
    model = symmetric_model()
    for row, col in ((20, 31), (3, 4), (44, 60)):  # also near the borders
        x = torch.zeros(1, 1, 48, 64)
        x[0, 0, row, col] = 1.0
        out = model(x)[0, 0].detach().numpy()
        assert np.unravel_index(out.argmax(), out.shape) == (row, col)
        if 8 < row < 40 and 8 < col < 56:  # away from the extended border the blob is whole
            ys, xs = np.mgrid[0:48, 0:64]
            assert (out * ys).sum() / out.sum() == pytest.approx(row, abs=1e-4)
            assert (out * xs).sum() / out.sum() == pytest.approx(col, abs=1e-4)


def test_shifting_the_input_shifts_the_output_by_the_same_amount():
    torch.manual_seed(0)
    model = build_model("9-5-5").eval()
    x = torch.rand(1, 1, 60, 60)
    shifted = torch.roll(x, shifts=(3, 5), dims=(2, 3))
    a = model(x)[0, 0, 20:40, 20:40]
    b = model(shifted)[0, 0, 23:43, 25:45]
    assert torch.allclose(a, b, atol=1e-6)


def test_trained_model_keeps_an_edge_where_it_was(shipped_x3):
    model, _ = shipped_x3
    step = np.zeros((40, 90, 1), np.float32)
    step[:, 45:] = 1.0
    result = Upscaler(model, 3, device="cpu", tiling=WHOLE_IMAGE).upscale(step * 0.6 + 0.2)

    def crossing(img: np.ndarray) -> float:
        row = img[60, :, 0]
        i = int(np.argmax(row > 0.5))
        return i - 1 + (0.5 - row[i - 1]) / (row[i] - row[i - 1])

    assert crossing(result.srcnn) == pytest.approx(crossing(result.bicubic), abs=0.25)  # half an LR pixel is 1.5
    assert crossing(result.bicubic) == pytest.approx(134.5, abs=0.1)  # 45 * 3 - 0.5: the LR edge, scaled
