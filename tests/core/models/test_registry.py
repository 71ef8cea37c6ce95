"""The registry: which models are on offer, and the one ranking that picks the default and orders the lists."""

from __future__ import annotations

import pytest

from srcnn_gui.core.errors import ModelLoadError
from srcnn_gui.core.models.files import save_model
from srcnn_gui.core.models.model_info import read_info
from srcnn_gui.core.models.network import build_model
from srcnn_gui.core.models.registry import default_model, find_model, list_models, ranked_models


def test_registry_lists_user_models_and_prefers_the_best_measured(user_models, no_shipped_models):
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


def test_a_model_still_in_training_ranks_by_its_set5_validation(user_models, no_shipped_models):
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


def test_the_default_is_the_first_of_the_ranking_and_ties_go_by_name(user_models):
    for name in ("b-tied", "a-tied", "unmeasured"):
        meta = {} if name == "unmeasured" else {"metrics": {"Set5": {"psnr": 50.0}}}
        save_model(user_models / f"{name}.pt", build_model("9-1-5"), 4, meta)
    names = [m.name for m in ranked_models(4)]
    assert names.index("a-tied") < names.index("b-tied") < names.index("unmeasured")
    assert default_model(4) == ranked_models(4)[0]


def test_of_models_equal_in_held_out_quality_the_fastest_leads_and_a_clearly_better_one_beats_it(user_models):
    from srcnn_gui.core.models.fsrcnn import FSRCNN
    from srcnn_gui.core.models.model_info import RANKING_SET
    from srcnn_gui.core.models.registry import EQUAL_QUALITY_DB, rank

    def held_out(psnr: float) -> dict:
        return {"metrics": {RANKING_SET: {"psnr": psnr}, "Set5": {"psnr": psnr + 2}}}

    slow = read_info(save_model(user_models / "slow.pt", build_model("9-5-5"), 3, held_out(40.0)))
    fast = read_info(save_model(user_models / "fast.pt", FSRCNN(3), 3, held_out(40.0 - EQUAL_QUALITY_DB / 2)))
    assert fast.multiply_adds * 20 < slow.multiply_adds
    assert [m.name for m in rank([slow, fast])] == ["fast", "slow"]
    worse = read_info(save_model(user_models / "worse.pt", FSRCNN(3), 3, held_out(40.0 - 2 * EQUAL_QUALITY_DB)))
    assert [m.name for m in rank([worse, slow])] == ["slow", "worse"]
    set5_only = read_info(save_model(user_models / "set5.pt", build_model("9-1-5"), 3, {"metrics": {"Set5": {"psnr": 99.0}}}))
    assert rank([set5_only, worse])[0].name == "worse"  # a held-out figure outranks any Set5 one
