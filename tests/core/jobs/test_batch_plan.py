"""Planning a batch: each picture's models by the one rule (JPEG quality included), its output, collisions refused."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from srcnn_gui.cli import main
from srcnn_gui.core.images.denoise_levels import AUTO, NO_DENOISE, level_for_quality
from srcnn_gui.core.images.output_size import OutputSize
from srcnn_gui.core.inference.model_choice import ModelChooser
from srcnn_gui.core.jobs.batch_inputs import BatchItem, collect_items
from srcnn_gui.core.jobs.batch_plan import Remedies, plan_batch, plan_file
from srcnn_gui.core.models.registry import default_model
from srcnn_gui.core.models.scales import serving_passes


def _picture(path, seed=0, **save):
    pixels = np.random.default_rng(seed).integers(0, 256, (24, 30, 3), dtype=np.uint8)
    Image.fromarray(pixels).save(path, **save)
    return path


def test_a_q40_jpeg_gets_the_model_for_its_quality_the_same_as_the_command_line(tmp_path, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    photo = _picture(folder / "photo.jpg", quality=40)
    plan = plan_batch([BatchItem(photo, folder)], tmp_path / "out", ModelChooser(3, AUTO), OutputSize(factor=3),
                      pattern="{stem}_{model}.png")
    planned, = plan.files
    level = level_for_quality(planned.quality)
    # The level's model of the network that runs clean pictures (the scale's default).
    assert level != NO_DENOISE and planned.choice.info == default_model(3, level, default_model(3).arch)
    assert main(["upscale", str(photo), "-o", str(tmp_path / "cli"), "--scale", "3", "--pattern", "{stem}_{model}.png"]) == 0
    assert (tmp_path / "cli" / planned.target.name).is_file()  # the CLI named its output after the same model
    assert f"photo.jpg: {planned.choice.info.name}" in capsys.readouterr().err


def test_denoise_none_and_lossless_pictures_get_the_clean_model(tmp_path):
    photo, scan = _picture(tmp_path / "photo.jpg", quality=40), _picture(tmp_path / "scan.png")
    items = [BatchItem(photo), BatchItem(scan)]
    clean = plan_batch(items, tmp_path / "out", ModelChooser(3, NO_DENOISE), OutputSize(factor=3))
    auto = plan_batch(items, tmp_path / "out", ModelChooser(3, AUTO), OutputSize(factor=3))
    assert [f.choice.info for f in clean.files] == [default_model(3)] * 2
    assert auto.files[1].choice.info == default_model(3) and auto.files[0].choice.info != default_model(3)


def test_pictures_keep_their_place_and_those_that_would_share_an_output_are_both_refused(tmp_path):
    folder = tmp_path / "in"
    (folder / "a").mkdir(parents=True)
    (folder / "b").mkdir()
    for path in (folder / "a" / "x.png", folder / "b" / "x.png", folder / "y.png", folder / "y.bmp"):
        _picture(path)
    items, problems = collect_items([folder], tmp_path / "out")
    assert problems == []
    remedies = Remedies(collision="rename one of them")
    plan = plan_batch(items, tmp_path / "out", ModelChooser(2, AUTO), OutputSize(factor=2), remedies=remedies)
    assert sorted(f.target.relative_to(tmp_path / "out").as_posix() for f in plan.files) == [
        "a/x_srcnn_x2.png", "b/x_srcnn_x2.png"]
    assert sorted(plan.problems) == [
        f"{folder / 'y.bmp'}: its output {tmp_path / 'out' / 'y_srcnn_x2.png'} would also be that of "
        f"{folder / 'y.png'}, so neither is written; rename one of them",
        f"{folder / 'y.png'}: its output {tmp_path / 'out' / 'y_srcnn_x2.png'} would also be that of "
        f"{folder / 'y.bmp'}, so neither is written; rename one of them",
    ]
    assert plan.total == 4


def test_an_output_size_gives_each_picture_its_own_factor_and_bad_pictures_are_named(tmp_path):
    small, empty = _picture(tmp_path / "small.png"), tmp_path / "empty.png"
    empty.touch()
    plan = plan_batch([BatchItem(small), BatchItem(empty)], tmp_path / "out", ModelChooser(None, AUTO),
                      OutputSize(width=30 * 7))
    planned, = plan.files
    assert tuple(upscaler.scale for upscaler in planned.choice.upscaler.passes) == serving_passes(7)
    assert plan.problems == [f"{empty}: empty file (0 bytes)"]


def test_one_picture_to_a_chosen_file_is_planned_like_a_batch_and_kept_out_of_the_resume_record(tmp_path):
    photo = _picture(tmp_path / "photo.jpg", quality=40)
    target = tmp_path / "chosen name.tif"
    plan = plan_file(photo, target, ModelChooser(3, AUTO), OutputSize(factor=3))
    batch = plan_batch([BatchItem(photo)], tmp_path, ModelChooser(3, AUTO), OutputSize(factor=3))
    assert plan.files[0].target == target and plan.files[0].choice.info == batch.files[0].choice.info
    assert plan.record_folder is None and plan.total == 1


@pytest.mark.parametrize("pattern", ["{stem}.png", "{stem}_{model}_x{scale}.tif"])
def test_the_pattern_names_the_outputs(tmp_path, pattern):
    scan = _picture(tmp_path / "scan.png")
    plan = plan_batch([BatchItem(scan)], tmp_path / "out", ModelChooser(2, AUTO), OutputSize(factor=2), pattern=pattern)
    assert plan.files[0].target.name == pattern.format(stem="scan", model=default_model(2).name, scale="2")
