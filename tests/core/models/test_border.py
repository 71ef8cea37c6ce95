"""The picture's extension beyond its border: a mirror with the edge pixel, the same in every path, and better
near the border than the edge repeated."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from srcnn_gui.core.evaluation.protocol import evaluate_folder
from srcnn_gui.core.models.border import extend_border, extend_border_tensor
from srcnn_gui.core.models.files import load_model
from srcnn_gui.core.models.registry import find_model


def test_the_mirror_repeats_the_edge_pixel_then_goes_inward():
    row = np.array([[1.0, 2.0, 3.0, 4.0]])
    assert extend_border(row, ((0, 0), (2, 3))).tolist() == [[2.0, 1.0, 1.0, 2.0, 3.0, 4.0, 4.0, 3.0, 2.0]]


@pytest.mark.parametrize(("height", "width"), [(1, 1), (3, 20), (8, 9), (17, 5)])
def test_the_tensor_extension_is_the_arrays_at_any_size(height, width):
    picture = torch.rand(2, 1, height, width)
    extended = extend_border_tensor(picture, 8)
    assert extended.shape == (2, 1, height + 16, width + 16)
    for n in range(2):
        assert np.array_equal(extended[n, 0].numpy(), extend_border(picture[n, 0].numpy(), 8))


def test_the_shipped_fsrcnn_scores_higher_with_the_mirror_than_with_the_edge_repeated(datasets):
    """Only the pixels within the network's reach of the border differ; there the mirror is the better guess."""
    model, info = load_model(find_model("fsrcnn-x3").path)
    r = model.radius

    def upscale(low: np.ndarray, extend) -> np.ndarray:
        with torch.inference_mode():
            return model.forward_valid(torch.from_numpy(extend(low.astype(np.float32)))[None, None])[0, 0].numpy()

    mirrored = evaluate_folder(datasets / "Set5", 3, None, upscale=lambda low, _: upscale(low, lambda a: extend_border(a, r)))
    repeated = evaluate_folder(datasets / "Set5", 3, None, upscale=lambda low, _: upscale(low, lambda a: np.pad(a, r, mode="edge")))
    with torch.inference_mode():
        forward = evaluate_folder(datasets / "Set5", 3, None, upscale=lambda low, _: model(torch.from_numpy(low.astype(np.float32))[None, None])[0, 0].numpy())
    assert forward.mean("srcnn_psnr") == pytest.approx(mirrored.mean("srcnn_psnr"), abs=1e-4)  # forward mirrors
    assert mirrored.mean("srcnn_psnr") > repeated.mean("srcnn_psnr") + 0.02
