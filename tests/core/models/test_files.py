"""Model files: safe loading, metadata, clear errors for foreign or corrupt files."""

from __future__ import annotations

import pytest
import torch

from srcnn_gui.core.errors import ModelLoadError
from srcnn_gui.core.models.files import load_model, save_model
from srcnn_gui.core.models.network import build_model


def test_round_trip_keeps_weights_and_metadata(tmp_path):
    model = build_model("9-1-5", residual=True)
    path = save_model(tmp_path / "m.pt", model, 2, {"data": ["T91"], "metrics": {"Set5": {"psnr": 36.1}}})
    loaded, info = load_model(path)
    x = torch.rand(1, 1, 20, 20)
    assert torch.equal(loaded(x), model.eval()(x))
    assert (info.arch, info.scale, info.config["residual"], info.set5_psnr) == ("9-1-5", 2, True, 36.1)


def test_files_load_with_weights_only(tmp_path, monkeypatch):
    seen = {}
    real_load = torch.load

    def spy(*args, **kwargs):
        seen.update(kwargs)
        return real_load(*args, **kwargs)

    monkeypatch.setattr(torch, "load", spy)
    load_model(save_model(tmp_path / "m.pt", build_model("9-5-5"), 3))
    assert seen.get("weights_only") is True


def test_foreign_and_corrupt_files_give_a_clear_error(tmp_path):
    junk = tmp_path / "junk.pt"
    junk.write_bytes(b"\x00not a torch file")
    with pytest.raises(ModelLoadError, match="junk.pt"):
        load_model(junk)
    other = tmp_path / "other.pt"
    torch.save({"something": torch.zeros(2)}, other)
    with pytest.raises(ModelLoadError, match="not an srcnn-gui model"):
        load_model(other)
    with pytest.raises(ModelLoadError, match="no such model"):
        load_model(tmp_path / "absent.pt")
