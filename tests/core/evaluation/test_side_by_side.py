"""The side-by-side block: which of our models stand beside an imported one, and where the block goes."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from srcnn_gui.core.evaluation.model_card import BLOCK_END, BLOCK_START
from srcnn_gui.core.evaluation.side_by_side import VERSUS_END, VERSUS_START, pair_up, put_side_by_side
from srcnn_gui.core.models.model_info import ModelInfo
from srcnn_gui.core.models.registry import list_models


def test_an_imported_model_is_set_beside_our_shipped_models_of_its_scale_of_every_network():
    shipped = list_models()
    theirs = ModelInfo("theirs", Path("theirs.pt"), 4, {"arch": "9-5-5"}, {"imported": {"format": "matlab-mat"}})
    user_copy = replace(next(m for m in shipped if m.name == "srcnn-9-5-5-x4"), name="my-copy", shipped=False)
    [(paired, ours)] = pair_up([theirs], [*shipped, user_copy])
    assert paired is theirs
    # Our fast FSRCNN is measured against the authors' 9-5-5 too; JPEG models and the user's own are not.
    assert sorted(m.name for m in ours) == ["fsrcnn-x4", "srcnn-9-1-5-x4", "srcnn-9-5-5-x4"]


def test_the_block_is_added_after_the_measured_one_then_replaced_in_place():
    doc = f"intro\n{BLOCK_START}\ntable\n{BLOCK_END}\noutro\n"
    first = put_side_by_side(doc, "one")
    assert first == f"intro\n{BLOCK_START}\ntable\n{BLOCK_END}\n\n{VERSUS_START}\none\n{VERSUS_END}\noutro\n"
    assert put_side_by_side(first, "two") == first.replace("\none\n", "\ntwo\n")
    with pytest.raises(ValueError, match="versus:start"):
        put_side_by_side("no markers at all", "one")
