"""Model files: safe loading, metadata, and the registry's choice of default."""

from __future__ import annotations

import pytest
import torch

from srcnn_gui.core.errors import ModelLoadError
from srcnn_gui.core.models.network import build_model
from srcnn_gui.core.models.files import default_model, find_model, list_models, load_model, read_info, save_model


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


def test_registry_lists_user_models_and_prefers_the_best_measured(user_models):
    save_model(user_models / "mine-weak.pt", build_model("9-1-5"), 4, {"metrics": {"Set5": {"psnr": 1.0}}})
    save_model(user_models / "mine-strong.pt", build_model("9-1-5"), 4, {"metrics": {"Set5": {"psnr": 99.0}}})
    (user_models / "broken.pt").write_bytes(b"garbage")
    names = [m.name for m in list_models()]
    assert "mine-weak" in names and "mine-strong" in names and "broken" not in names
    assert default_model(4).name == "mine-strong"
    assert find_model("mine-weak").scale == 4
    assert find_model(str(user_models / "mine-weak.pt")).name == "mine-weak"
    with pytest.raises(ModelLoadError, match="no model named"):
        find_model("does-not-exist")


def test_a_model_still_in_training_ranks_by_its_set5_validation(user_models):
    def training_meta(folder: str, psnr: float) -> dict:
        return {"validation_set": f"/data/{folder}", "validation": {"step": 500, "psnr": psnr}}

    save_model(user_models / "on-set5.pt", build_model("9-1-5"), 4, training_meta("Set5", 98.0))
    save_model(user_models / "on-holiday.pt", build_model("9-1-5"), 4, training_meta("holiday", 99.5))
    assert find_model("on-holiday").set5_psnr is None  # another folder's score is not a Set5 figure
    assert default_model(4).name == "on-set5"


def test_shipped_models_describe_how_they_were_made():
    shipped = [m for m in list_models() if m.shipped]
    assert {2, 3, 4} <= {m.scale for m in shipped}
    for info in shipped:
        meta = read_info(info.path).meta
        assert meta["command"].startswith("srcnn-gui train")
        assert "T91" in meta["data"]
