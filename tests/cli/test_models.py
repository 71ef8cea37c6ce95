"""``import``, ``export`` and ``card --versus`` on the command line, with the authors' published model."""

from __future__ import annotations

import json
import re

import pytest

from srcnn_gui.cli import main
from srcnn_gui.core.evaluation.model_card import BLOCK_END, BLOCK_START
from srcnn_gui.core.evaluation.side_by_side import VERSUS_END, VERSUS_START
from srcnn_gui.core.images.reading import load_image
from srcnn_gui.core.images.writing import save_image
from srcnn_gui.core.models.registry import default_model, find_model

AUTHORS_SET5_X4 = 30.43  # the figure issue #19 gives for the authors' x4 model through our protocol


def last_json(out: str) -> dict:
    return json.loads(out.strip().splitlines()[-1])


def test_the_authors_x4_model_imports_and_scores_its_published_figure_through_eval(
        user_models, datasets, authors_x4_dump, capsys):
    assert main(["import", str(authors_x4_dump), "--scale", "4", "--data", "ImageNet"]) == 0
    assert "matlab-text-dump" in capsys.readouterr().out
    assert main(["models"]) == 0
    assert "* authors-9-5-5-imagenet-x4: SRCNN 9-5-5 x4" in capsys.readouterr().out
    assert main(["eval", str(datasets / "Set5"), "--scale", "4", "--model", "authors-9-5-5-imagenet-x4",
                 "--precision", "fp32", "--json"]) == 0
    result = last_json(capsys.readouterr().out)
    assert result["n"] == 5
    assert result["srcnn_psnr"] == pytest.approx(AUTHORS_SET5_X4, abs=0.01)


def test_models_marks_the_model_each_scale_runs_by_default(user_models, capsys):
    assert main(["models"]) == 0
    marked = {int(m.group(2)): m.group(1) for m in re.finditer(r"^[ *] (\S+): .*<- default at x(\d)$", capsys.readouterr().out, re.M)}
    assert marked == {scale: default_model(scale).name for scale in (2, 3, 4)}


def test_import_refuses_a_foreign_file_by_name(user_models, tmp_path, capsys):
    foreign = tmp_path / "notes.mat"
    foreign.write_text("these are my notes, not a model")
    assert main(["import", str(foreign), "--scale", "3"]) == 2
    err = capsys.readouterr().err
    assert str(foreign) in err and "not a readable MATLAB .mat file" in err
    assert not user_models.exists() or not list(user_models.iterdir())


def test_export_writes_an_onnx_file_and_names_a_missing_model(tmp_path, capsys):
    out = tmp_path / "x3.onnx"
    assert main(["export", "srcnn-9-5-5-x3", "--onnx", str(out)]) == 0
    assert out.stat().st_size > 50_000  # 9-5-5 holds 57k float32 weights
    assert main(["export", "no-such-model", "--onnx", str(out)]) == 2
    assert "no model named 'no-such-model'" in capsys.readouterr().err


def test_card_versus_sets_the_authors_model_beside_ours_and_updates_only_its_block(
        user_models, datasets, authors_x4_dump, tmp_path, capsys):
    sets = tmp_path / "sets"
    for name, file in (("Set5", "bird_GT.png"), ("Set14", "barbara.png")):
        save_image(sets / name / file, load_image(datasets / name / file)[20:140, 32:152])
    theirs = tmp_path / "theirs.pt"
    assert main(["import", str(authors_x4_dump), "--scale", "4", "--out", str(theirs), "--data", "ImageNet"]) == 0
    capsys.readouterr()
    doc = tmp_path / "card.md"
    measured = f"{BLOCK_START}\nthe measured table\n{BLOCK_END}"
    doc.write_text(f"# Card\n{measured}\n\nmore text\n")
    assert main(["card", "--datasets", str(sets), "--versus", str(theirs), "--update", str(doc)]) == 0
    printed = capsys.readouterr().out
    text = doc.read_text()
    assert text.startswith(f"# Card\n{measured}\n\n{VERSUS_START}\n") and text.endswith(f"{VERSUS_END}\n\nmore text\n")
    rows = [[cell.strip() for cell in line.split("|")[1:-1]] for line in printed.splitlines() if line.startswith("| `")]
    ours = ["fsrcnn-x4", "srcnn-9-1-5-x4", "srcnn-9-5-5-x4"]  # every network of ours at x4, the fast one too
    # What each shipped file says it saw.
    expected = [(f"`{name}`", ", ".join(find_model(name).meta["data"])) for name in ours]
    assert [(row[0], row[3]) for row in rows] == [("`theirs`", "ImageNet"), *expected]
    for row in rows[1:]:
        for column in (5, 6):  # Set5, Set14: "PSNR / SSIM", ours with "(ours - theirs)"
            their_psnr = float(rows[0][column].split(" / ")[0])
            our_psnr, difference = re.fullmatch(r"(\d+\.\d\d) \(([+-]\d+\.\d\d)\) / 0\.\d{4}", row[column]).groups()
            assert float(difference) == pytest.approx(float(our_psnr) - their_psnr, abs=1e-9)
    assert printed.strip() in text
