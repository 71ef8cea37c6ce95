"""Gathering a batch's inputs: one picture is one file however it is named, and the earlier results found in a
folder the batch writes to are set apart, never taken for pictures and never replaced unless they are ours."""

from __future__ import annotations

import numpy as np
from PIL import Image

from srcnn_gui.core.images.denoise_levels import NO_DENOISE
from srcnn_gui.core.images.output_size import OutputSize
from srcnn_gui.core.inference.model_choice import ModelChooser
from srcnn_gui.core.jobs.batch import run_batch
from srcnn_gui.core.jobs.batch_inputs import BatchItem, collect_items, sort_inputs
from srcnn_gui.core.jobs.batch_plan import plan_batch
from srcnn_gui.core.jobs.control import JobControl

DEFAULT = "{stem}_srcnn_{size}.png"


def _picture(path, seed=0):
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.fromarray(np.random.default_rng(seed).integers(0, 256, (20, 24, 3), dtype=np.uint8)).save(path)
    return path


def _names(items):
    return [item.source.name for item in items]


def test_one_picture_named_three_ways_is_kept_once_with_a_note_for_each_repeat(tmp_path):
    folder = tmp_path / "dir"
    picture = _picture(folder / "a.png")
    (tmp_path / "link.png").symlink_to(picture)
    items, problems = collect_items([picture, folder, tmp_path / "link.png"], tmp_path / "out")
    assert problems == []
    sorted_out = sort_inputs(items, tmp_path / "out", "2", DEFAULT)
    assert sorted_out.pictures == [BatchItem(picture)]
    assert sorted_out.repeats == [f"{picture}: given twice; upscaled once",
                                  f"{tmp_path / 'link.png'}: given twice (also as {picture}); upscaled once"]
    assert sorted_out.results == []


def test_results_named_by_the_pattern_in_the_folder_written_to_are_set_apart_at_any_size(tmp_path):
    folder = tmp_path / "photos"
    for name in ("a.png", "a_srcnn_x4.png", "a_srcnn_1920w.png", "a_srcnn_x2.png", "a_srcnn_x2_srcnn_x2.png", "cat_srcnn_x2.png",
                 "b.jpg", "b.jpg.x.png", "b.png.x.png"):
        _picture(folder / name)
    items, _ = collect_items([folder], folder)
    kept = sort_inputs(items, folder, "2", DEFAULT)
    # cat_srcnn_x2.png is named like a result, but of no picture here: it is a picture.
    assert _names(kept.pictures) == ["a.png", "b.jpg", "b.jpg.x.png", "b.png.x.png", "cat_srcnn_x2.png"]
    assert _names(kept.results) == ["a_srcnn_1920w.png", "a_srcnn_x2.png", "a_srcnn_x2_srcnn_x2.png", "a_srcnn_x4.png"]
    assert kept.results_note() == ("4 earlier results of this command found among the inputs (a_srcnn_1920w.png, "
                                   "a_srcnn_x2.png, a_srcnn_x2_srcnn_x2.png, ...): set apart, not upscaled again")
    with_ext = sort_inputs(items, folder, "2", "{stem}.{ext}.x.png")  # {ext} says which picture: b.jpg's, not a b.png's
    assert _names(with_ext.results) == ["b.jpg.x.png"]
    elsewhere = sort_inputs(items, tmp_path / "out", "2", DEFAULT)  # results go elsewhere: all of them are pictures
    assert elsewhere.results == [] and len(elsewhere.pictures) == len(items)


def test_the_resume_record_tells_this_commands_results_whatever_the_pattern_was(tmp_path):
    folder = tmp_path / "photos"
    _picture(folder / "a.png")
    chooser, size = ModelChooser(2, NO_DENOISE), OutputSize(factor=2)
    items, _ = collect_items([folder], folder)
    run_batch(plan_batch(items, folder, chooser, size, pattern="{stem}_big.png"), JobControl())
    items, _ = collect_items([folder], folder)
    assert _names(items) == ["a.png", "a_big.png"]
    again = sort_inputs(items, folder, "2", DEFAULT)  # another pattern now: the record still says what it is
    assert _names(again.pictures) == ["a.png"] and _names(again.results) == ["a_big.png"]


def test_a_picture_only_its_name_calls_a_result_is_never_replaced(tmp_path):
    folder = tmp_path / "photos"
    _picture(folder / "a.jpg")
    original = _picture(folder / "a.png", seed=1).read_bytes()
    items, _ = collect_items([folder], folder)
    inputs = sort_inputs(items, folder, "2", "{stem}.png")  # a.png is what a.jpg's result would be called
    assert _names(inputs.results) == ["a.png"]
    plan = plan_batch(inputs.pictures, folder, ModelChooser(2, NO_DENOISE), OutputSize(factor=2), pattern="{stem}.png",
                      results=[item.source for item in inputs.results])
    summary = run_batch(plan, JobControl(), overwrite=True)
    assert summary.written == []
    assert summary.failures == [f"{folder / 'a.jpg'}: the output {folder / 'a.png'} would replace an input; not written"]
    assert (folder / "a.png").read_bytes() == original
