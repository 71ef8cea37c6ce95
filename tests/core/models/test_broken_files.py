"""Broken model files give a clear error naming the file and the problem, never a traceback."""

from __future__ import annotations

import pytest
import torch

from srcnn_gui.core.errors import ModelLoadError
from srcnn_gui.core.models.files import check_scale, load_model, save_model
from srcnn_gui.core.models.model_info import read_info
from srcnn_gui.core.models.network import build_model


def test_truncated_model_file(tmp_path):
    path = save_model(tmp_path / "cut.pt", build_model("9-5-5"), 3)
    path.write_bytes(path.read_bytes()[:5000])
    with pytest.raises(ModelLoadError) as caught:
        load_model(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: not a readable model file: damaged, truncated or not saved by torch (")
    assert "\n" not in message


def test_random_bytes_are_not_a_model(tmp_path):
    path = tmp_path / "noise.pt"
    path.write_bytes(bytes(range(256)) * 8)
    with pytest.raises(ModelLoadError, match=r"noise\.pt: not a readable model file: damaged, truncated"):
        read_info(path)


def test_weights_of_another_architecture(tmp_path):
    path = save_model(tmp_path / "liar.pt", build_model("9-1-5"), 3)
    payload = torch.load(path, weights_only=True)
    payload["config"]["arch"] = "9-5-5"  # says 9-5-5, holds 9-1-5 weights
    torch.save(payload, path)
    with pytest.raises(ModelLoadError) as caught:
        load_model(path)
    assert str(caught.value) == (
        f"{path}: the weights are not those of the 9-5-5 network the file declares "
        "(body.2.weight is (32, 64, 1, 1), 9-5-5 needs (32, 64, 5, 5))"
    )


def test_missing_layers_are_named(tmp_path):
    path = save_model(tmp_path / "short.pt", build_model("9-5-5"), 3)
    payload = torch.load(path, weights_only=True)
    del payload["state_dict"]["body.4.weight"], payload["state_dict"]["body.4.bias"]
    torch.save(payload, path)
    with pytest.raises(ModelLoadError) as caught:
        load_model(path)
    assert str(caught.value) == (
        f"{path}: the weights are not those of the 9-5-5 network the file declares (body.4.weight missing; body.4.bias missing)"
    )


def test_unknown_architecture_and_bad_scale(tmp_path):
    path = save_model(tmp_path / "odd.pt", build_model("9-5-5"), 3)
    payload = torch.load(path, weights_only=True)
    payload["config"]["arch"] = "banana"
    torch.save(payload, path)
    with pytest.raises(ModelLoadError, match=r"odd\.pt: unknown network 'banana'"):
        load_model(path)
    payload["scale"] = "three"
    torch.save(payload, path)
    with pytest.raises(ModelLoadError) as caught:
        read_info(path)
    assert str(caught.value) == f"{path}: the file gives no valid scale ('three')"


def test_a_model_for_another_scale_is_refused(tmp_path):
    info = read_info(save_model(tmp_path / "x2.pt", build_model("9-1-5"), 2))
    check_scale(info, 2)
    with pytest.raises(ModelLoadError) as caught:
        check_scale(info, 3)
    assert str(caught.value) == f"{info.path}: a x2 model cannot upscale x3; choose a x3 model"
