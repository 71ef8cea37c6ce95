"""The command line at any factor and output size: exact pixels, refusals, `eval --scale 2.5`, `card --any-scale`."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from srcnn_gui.cli import main
from srcnn_gui.core.evaluation import any_scale
from srcnn_gui.core.images.writing import save_image
from srcnn_gui.core.models.registry import default_model, find_model


@pytest.fixture()
def picture(tmp_path: Path, butterfly: np.ndarray) -> Path:
    return save_image(tmp_path / "in" / "wings.png", butterfly[:45, :61])


@pytest.mark.parametrize("options,size,name", [
    (["--scale", "2.5"], (153, 113), "wings_srcnn_x2.5.png"),  # 61 x 2.5 = 152.5 and 45 x 2.5 = 112.5: round half up
    (["--scale", "1.5"], (92, 68), "wings_srcnn_x1.5.png"),
    (["--width", "200"], (200, 148), "wings_srcnn_200w.png"),  # 45 * 200 / 61 = 147.5
    (["--height", "100"], (136, 100), "wings_srcnn_100h.png"),
    (["--fit", "300x150"], (203, 150), "wings_srcnn_300x150.png"),  # the height is the tighter side
    (["--scale", "6"], (366, 270), "wings_srcnn_x6.png"),
])
def test_upscale_writes_exactly_the_size_asked_for(picture, tmp_path, options, size, name):
    out = tmp_path / "out"
    assert main(["upscale", str(picture), "-o", str(out), *options]) == 0
    with Image.open(out / name) as written:
        assert written.size == size


@pytest.mark.parametrize("options,message", [
    (["--scale", "2", "--width", "100"], "not --scale and --width"),
    (["--width", "30"], "61 x 45 to 30 x 22: x0.4918 is not an enlargement"),
    (["--width", "1000"], "61 x 45 to 1000 x 738: x16.4 is not an enlargement"),
])
def test_sizes_we_cannot_serve_are_refused_by_name(picture, tmp_path, capsys, options, message):
    assert main(["upscale", str(picture), "-o", str(tmp_path / "out"), *options]) in (1, 2)
    assert message in capsys.readouterr().err
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_scale_out_of_range_is_a_usage_error(picture, tmp_path, capsys):
    with pytest.raises(SystemExit) as stopped:
        main(["upscale", str(picture), "-o", str(tmp_path / "out"), "--scale", "1"])
    assert stopped.value.code == 2 and "above 1 and at most 8" in capsys.readouterr().err


def test_eval_at_a_non_integer_factor(datasets, capsys):
    assert main(["eval", str(datasets / "Set5"), "--scale", "2.5", "--json", "--precision", "fp32"]) == 0
    result = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    # x2.5 runs the x3 default, reduced.
    assert result["scale"] == 2.5 and result["n"] == 5 and result["model"] == default_model(3).name
    assert result["srcnn_psnr"] > result["bicubic_psnr"] + 1.0  # the target on Set5
    assert main(["eval", str(datasets / "Set5"), "--scale", "2.33"]) == 2
    assert "cannot be evaluated honestly" in capsys.readouterr().err


def test_card_any_scale_replaces_its_block_with_what_eval_measures(datasets, tmp_path, monkeypatch, capsys):
    sets = tmp_path / "sets"
    for name, image in (("Set5", "bird_GT.png"), ("Set14", "zebra.png")):
        (sets / name).mkdir(parents=True)
        shutil.copy(datasets / name / image, sets / name / image)
    monkeypatch.setattr(any_scale, "TABLE_FACTORS", (1.5,))
    monkeypatch.setattr(any_scale, "ALTERNATIVES", {1.5: (any_scale.Plan((2,), at_factor=True),)})
    doc = tmp_path / "doc.md"
    doc.write_text(f"before\n{any_scale.BLOCK_START}\nold\n{any_scale.BLOCK_END}\nafter\n", encoding="utf-8")
    assert main(["card", "--any-scale", "--datasets", str(sets), "--update", str(doc)]) == 0
    capsys.readouterr()
    assert main(["eval", str(sets / "Set5"), "--scale", "1.5", "--json", "--precision", "fp32"]) == 0
    measured = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    text = doc.read_text(encoding="utf-8")
    row = next(line for line in text.splitlines() if line.startswith("| x1.5 | x2 model, reduced"))
    assert f"| {measured['bicubic_psnr']:.2f} | {measured['srcnn_psnr']:.2f} (" in row
    assert "**x2 model, reduced to x1.5** (shipped)" in text
    # The alternative refines bicubic with the x2 model: there only where that model refines (an SRCNN).
    assert ("bicubic x1.5, the x2 model" in text) == (default_model(2).arch != "fsrcnn")
    assert text.startswith("before\n") and text.endswith("after\n") and "\nold\n" not in text


def test_card_any_scale_leaves_out_refining_bicubic_with_a_network_that_enlarges(datasets, tmp_path, monkeypatch, capsys):
    """At x2.5 the alternatives refine bicubic with the x2 or the x3 default: an FSRCNN enlarges by its own scale
    itself, so its only plan is the shipped one, while an SRCNN keeps its alternative."""
    # One of each: the x2 SRCNN 9-5-5 (whatever the x2 default), the x3 FSRCNN.
    chosen = {2: find_model("srcnn-9-5-5-x2"), 3: find_model("fsrcnn-x3")}
    monkeypatch.setattr(any_scale, "default_model", lambda scale: chosen.get(scale) or default_model(scale))
    enlarges = {scale: info.arch == "fsrcnn" for scale, info in chosen.items()}
    sets = tmp_path / "sets"
    for name, image in (("Set5", "bird_GT.png"), ("Set14", "zebra.png")):
        (sets / name).mkdir(parents=True)
        shutil.copy(datasets / name / image, sets / name / image)
    monkeypatch.setattr(any_scale, "TABLE_FACTORS", (2.5,))
    doc = tmp_path / "doc.md"
    doc.write_text(f"{any_scale.BLOCK_START}\n{any_scale.BLOCK_END}\n", encoding="utf-8")
    assert main(["card", "--any-scale", "--datasets", str(sets), "--update", str(doc)]) == 0
    plans = [line.split(" | ")[1] for line in doc.read_text(encoding="utf-8").splitlines() if line.startswith("| x2.5 | ")]
    assert "**x3 model, reduced to x2.5** (shipped)" in plans
    for scale in (2, 3):
        assert (f"bicubic x2.5, the x{scale} model" in plans) == (not enlarges[scale])
