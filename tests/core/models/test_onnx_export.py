"""ONNX export: the file runs in ONNX Runtime at any picture size and scores what our engine scores."""

from __future__ import annotations

import numpy as np
import onnx
import onnxruntime as ort
import pytest
import torch

from srcnn_gui.core.errors import SrcnnError
from srcnn_gui.core.evaluation.protocol import evaluate_folder
from srcnn_gui.core.inference.tiling import WHOLE_IMAGE
from srcnn_gui.core.inference.upscaler import Upscaler
from srcnn_gui.core.models.files import save_model
from srcnn_gui.core.models.fsrcnn import FSRCNN
from srcnn_gui.core.models.model_info import read_info
from srcnn_gui.core.models.network import build_model
from srcnn_gui.core.models.onnx_export import INPUT_NAME, export_onnx
from srcnn_gui.core.models.registry import find_model


def session(path) -> ort.InferenceSession:
    return ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])


def onnx_enhancer(sess: ort.InferenceSession):
    """Refine a bicubic luminance with the ONNX model, the way eval's enhancers are called."""
    def enhance(luminance: np.ndarray) -> np.ndarray:
        return sess.run(None, {INPUT_NAME: luminance[None, None].astype(np.float32)})[0][0, 0]
    return enhance


def test_the_shipped_x4_model_scores_the_same_in_onnx_runtime(datasets, tmp_path):
    info = find_model("srcnn-9-5-5-x4")
    path = export_onnx(info, tmp_path / "srcnn-x4.onnx")
    dims = onnx.load(str(path)).graph.input[0].type.tensor_type.shape.dim
    assert [d.dim_param or d.dim_value for d in dims] == ["batch", 1, "height", "width"]
    engine = evaluate_folder(datasets / "Set5", 4, Upscaler.from_info(info, device="cpu", tiling=WHOLE_IMAGE, bf16=False).enhance_luminance)
    exported = evaluate_folder(datasets / "Set5", 4, onnx_enhancer(session(path)))
    assert engine.mean("srcnn_psnr") > engine.mean("bicubic_psnr") + 1.5  # a real, trained model
    assert abs(exported.mean("srcnn_psnr") - engine.mean("srcnn_psnr")) <= 0.01
    for ours, theirs in zip(engine.images, exported.images, strict=True):
        assert abs(ours.srcnn_psnr - theirs.srcnn_psnr) < 0.005


@pytest.mark.parametrize(("arch", "residual"), [("9-1-1-5", True), ("9-3-5", False)])
def test_every_configuration_exports_with_free_batch_height_and_width(tmp_path, arch, residual):
    torch.manual_seed(0)
    model = build_model(arch, n1=8, n2=4, residual=residual).eval()
    with torch.no_grad():
        for p in model.parameters():
            p.add_(torch.randn_like(p) * 0.05)  # the last layer starts near zero; make it matter
    info = read_info(save_model(tmp_path / "m.pt", model, 2))
    sess = session(export_onnx(info, tmp_path / "m.onnx"))
    for shape in [(1, 1, 23, 40), (3, 1, 9, 7)]:
        x = torch.rand(shape)
        with torch.no_grad():
            expected = model(x).numpy()
        np.testing.assert_allclose(sess.run(None, {INPUT_NAME: x.numpy()})[0], expected, atol=1e-5)


def test_an_onnx_file_must_be_named_so(tmp_path):
    with pytest.raises(SrcnnError, match="end in .onnx"):
        export_onnx(find_model("srcnn-9-5-5-x3"), tmp_path / "model.pt")
    assert not (tmp_path / "model.pt").exists()


@pytest.mark.parametrize("scale", [2, 3, 4])
def test_fsrcnn_exports_as_the_engine_runs_it_at_any_size(tmp_path, scale):
    torch.manual_seed(scale)
    model = FSRCNN(scale, d=12, s=4, m=2).eval()
    with torch.no_grad():
        model.deconv.weight.normal_(std=0.05)
    info = read_info(save_model(tmp_path / "fast.pt", model, scale))
    path = export_onnx(info, tmp_path / "fast.onnx")
    out_dims = onnx.load(str(path)).graph.output[0].type.tensor_type.shape.dim
    assert [d.dim_param or d.dim_value for d in out_dims] == ["batch", 1, f"{scale}*height", f"{scale}*width"]
    sess = session(path)
    for shape in [(1, 1, 23, 40), (2, 1, 9, 7)]:
        x = torch.rand(shape)
        with torch.no_grad():
            expected = model(x).numpy()
        got = sess.run(None, {INPUT_NAME: x.numpy()})[0]
        assert got.shape == (shape[0], 1, shape[2] * scale, shape[3] * scale)
        np.testing.assert_allclose(got, expected, atol=1e-5)
