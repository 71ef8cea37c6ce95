"""Which models a picture gets at any factor: the serving rule's passes, the JPEG level on the first pass."""

from __future__ import annotations

import pytest

from srcnn_gui.core.errors import ConfigError, ModelLoadError
from srcnn_gui.core.images.denoise_levels import DENOISE_LEVELS
from srcnn_gui.core.inference.model_choice import ModelChooser
from srcnn_gui.core.models.files import check_scale
from srcnn_gui.core.models.registry import default_model, ranked_models


def _scales(choice) -> list[int]:
    return [upscaler.scale for upscaler in choice.upscaler.passes]


@pytest.mark.parametrize("factor,scales", [(1.5, [2]), (2.5, [3]), (3, [3]), (3.5, [4]), (5, [3, 2]), (8, [4, 2])])
def test_a_factor_gets_the_best_clean_models_of_its_passes(user_models, factor, scales):
    choice = ModelChooser(3, "none", device="cpu").choose(None, factor)
    assert _scales(choice) == scales and choice.info == default_model(scales[0])
    assert choice.upscaler.scale >= factor


def test_the_jpeg_level_picks_the_first_pass_and_later_passes_stay_clean(medium_model):
    levels = {level.name: level for level in DENOISE_LEVELS}
    chooser = ModelChooser(2.5, "auto", device="cpu")
    for factor in (2.5, 6):  # x3 alone; x3 then x2
        choice = chooser.choose(levels["medium"].auto_from, factor)
        assert choice.info.path == medium_model.path and "medium" in choice.reason
        assert _scales(choice)[1:] == ([] if factor == 2.5 else [2])
        assert all(u is chooser._upscaler(default_model(2)) for u in choice.upscaler.passes[1:])
    x2 = chooser.choose(levels["medium"].auto_from, 1.5)  # the level asks for the x2 first pass's model
    assert x2.info == default_model(2) and "no medium model for x2" in x2.reason
    fallback = chooser.choose(levels["high"].auto_from, 2.5)  # no high x3 model: the clean one, said
    assert fallback.info == default_model(3) and "no high model for x3" in fallback.reason
    assert chooser.choose(None, 2.5).info == default_model(3)  # a lossless picture: clean


def test_the_clean_model_chosen_in_the_window_runs_the_first_pass_of_its_scale(user_models):
    x3_small = next(m for m in ranked_models(3, "none") if m.arch == "9-1-5")
    chooser = ModelChooser(2.5, "none", clean=x3_small, device="cpu")
    assert chooser.choose(None).info == x3_small
    assert chooser.choose(None, 6).info == x3_small and _scales(chooser.choose(None, 6)) == [3, 2]
    assert chooser.choose(None, 1.5).info == default_model(2)  # another first pass: the best for it


def test_a_model_named_by_hand_runs_the_first_pass(user_models):
    x3 = default_model(3)
    check_scale(x3, 2.5)
    check_scale(x3, 6)
    with pytest.raises(ModelLoadError, match="cannot upscale x1.5; choose a x2 model"):
        check_scale(x3, 1.5)
    choice = ModelChooser(6, "none", model=x3, device="cpu").choose(None)
    assert _scales(choice) == [3, 2] and choice.info == x3


def test_an_impossible_factor_stops_before_any_picture(user_models):
    with pytest.raises(ConfigError, match="above 1 and at most 8"):
        ModelChooser(9, "none")
    with pytest.raises(ConfigError, match="x0.5 is not an enlargement"):
        ModelChooser(2, "none").choose(None, 0.5)


def test_jpeg_pictures_get_the_level_model_of_the_network_that_runs_clean_ones(medium_model, user_models):
    """The network chosen for clean pictures, or with none chosen the scale's default, runs JPEG ones too where it has
    a model for the level; a network with none (9-1-5) gets the level's best."""
    from srcnn_gui.core.models.files import load_model, save_model
    from srcnn_gui.core.models.model_info import read_info

    fast, slow, default = default_model(3, "none", "fsrcnn"), default_model(3, "none", "9-5-5"), default_model(3)
    model, info = load_model(fast.path)
    # Unmeasured, as the 9-5-5 one, and ranked after it by name: only its network picks it.
    fast_medium = read_info(save_model(user_models / "z-fast-medium.pt", model, 3, {**info.meta, "denoise": "medium", "metrics": {}}))
    quality = next(level for level in DENOISE_LEVELS if level.name == "medium").auto_from
    assert fast.arch == fast_medium.arch != medium_model.arch and default_model(3, "medium") == medium_model

    def chosen(clean=None):
        return ModelChooser(3, "auto", clean=clean, device="cpu").choose(quality).info

    assert chosen(fast) == fast_medium and chosen(slow) == medium_model
    assert chosen() == chosen(default) == (fast_medium if default == fast else medium_model)
    small = next(m for m in ranked_models(3, "none") if m.arch == "9-1-5")  # no 9-1-5 model for JPEGs: the best one
    assert chosen(small) == medium_model
