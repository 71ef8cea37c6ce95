"""``srcnn-gui train`` under bad settings and runs that go wrong (issue 31): refused with a message and a
non-zero exit code before any training, never a traceback, never a model that is worse than none."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import torch

from srcnn_gui.cli import main
from srcnn_gui.core.atomic import TEMP_PREFIX, TEMP_SUFFIX, _host
from srcnn_gui.core.images.reading import load_image
from srcnn_gui.core.images.writing import save_image
from srcnn_gui.core.models.files import load_model

TINY = ["--epochs", "1", "--steps-per-epoch", "3", "--batch-size", "2", "--label", "16", "--precision", "fp32",
        "--threads", "1"]


@pytest.fixture(scope="module")
def pictures(datasets: Path, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("pictures")
    for name in ("t4", "t5"):
        save_image(folder / f"{name}.png", load_image(datasets / "T91" / f"{name}.png"))
    return folder


def train(pictures: Path, out: Path, *options: str) -> int:
    return main(["train", str(pictures), "--out", str(out), *TINY, *options])


def files(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir()) if path.is_file()}


@pytest.mark.parametrize("option, value, words", [
    ("--lr", "-1", "the learning rate must be a number above 0"),
    ("--lr", "0", "the learning rate must be a number above 0"),
    ("--lr", "nan", "the learning rate must be a number above 0"),
    ("--minutes", "0", "the time budget must be a number of minutes above 0, not 0"),
    ("--minutes", "soon", "'soon' is not a number"),
    ("--holdout", "1", "the held-out share of the pictures must be at least 0 and below 1"),
])
def test_settings_no_run_can_use_are_argument_errors(tmp_path, capsys, option, value, words):
    with pytest.raises(SystemExit) as stopped:
        main(["train", str(tmp_path), "--scale", "3", "--out", str(tmp_path / "m.pt"), option, value])
    err = capsys.readouterr().err
    assert stopped.value.code == 2 and f"error: argument {option}: {words}" in err and "Traceback" not in err
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("changed, setting, hint", [
    (["--scale", "2", "--arch", "9-1-5"], "scale: 3 in the state, 2 asked", "To resume it, use --scale 3;"),
    (["--scale", "3", "--arch", "9-5-5"], "arch: 9-1-5 in the state, 9-5-5 asked", "To resume it, use --arch 9-1-5;"),
])
def test_resuming_with_another_arch_or_scale_says_which_and_how(tmp_path, pictures, capsys, changed, setting, hint):
    out = tmp_path / "m.pt"
    assert train(pictures, out, "--scale", "3", "--arch", "9-1-5", "--epochs", "2", "--minutes", "1e-6") == 0
    before = files(tmp_path)
    capsys.readouterr()
    assert train(pictures, out, "--epochs", "2", *changed) == 2
    err = capsys.readouterr().err
    assert f"error: {out.with_suffix('.state.pt')}: this training state is of another run ({setting}). {hint}" in err
    assert "to start over, add --fresh" in err and "Traceback" not in err
    assert files(tmp_path) == before  # neither the model nor the state was touched
    _, info = load_model(out)
    assert info.scale == 3 and info.arch == "9-1-5"


def test_a_run_that_diverges_fails_and_keeps_the_previous_model(tmp_path, pictures, capsys):
    out = tmp_path / "m.pt"
    assert train(pictures, out, "--scale", "3", "--arch", "9-1-5", "--epochs", "2", "--minutes", "1e-6") == 0
    before = files(tmp_path)
    capsys.readouterr()
    assert train(pictures, out, "--scale", "3", "--arch", "9-1-5", "--epochs", "2", "--lr", "1e6") == 2
    captured = capsys.readouterr()
    assert re.search(r"error: training diverged at step [2-6] of 6: ", captured.err)
    assert "the checkpoint of step 1 is kept as it was. Try a lower learning rate (this run's: 1e+06" in captured.err
    assert "finished" not in captured.out and "Traceback" not in captured.err
    assert files(tmp_path) == before


def test_a_fresh_run_that_diverges_writes_no_model(tmp_path, pictures, capsys):
    out = tmp_path / "m.pt"
    assert train(pictures, out, "--scale", "2", "--arch", "9-1-5", "--lr", "1e6") == 2
    assert "Nothing was saved" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_an_unwritable_out_is_refused_before_training(tmp_path, pictures, capsys):
    blocker = tmp_path / "models"
    blocker.write_text("a file, not a folder")
    assert train(pictures, blocker / "m.pt", "--scale", "3", "--arch", "9-1-5") == 2
    captured = capsys.readouterr()
    assert f"error: {blocker / 'm.pt'}: cannot write the model file there" in captured.err
    assert "training 9-1-5" not in captured.out  # refused before the run began


def test_a_run_removes_what_a_killed_checkpoint_left_and_a_short_budget_still_saves(tmp_path, pictures, capsys):
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    left = tmp_path / f"{TEMP_PREFIX}{_host()}-{int(dead.stdout)}-abcd1234{TEMP_SUFFIX}"
    left.write_bytes(b"half of a state file")
    alive = tmp_path / f"{TEMP_PREFIX}{_host()}-{os.getppid()}-efgh5678{TEMP_SUFFIX}"
    alive.write_bytes(b"another run, still writing")
    out = tmp_path / "m.pt"
    assert train(pictures, out, "--scale", "3", "--arch", "9-1-5", "--minutes", "1e-6") == 0
    assert not left.exists() and alive.exists()
    state = torch.load(out.with_suffix(".state.pt"), weights_only=True)
    assert state["progress"]["step"] == 1 and out.is_file()  # the budget still allows one step


def test_a_finished_run_says_there_is_nothing_to_train(tmp_path, pictures, capsys):
    out = tmp_path / "m.pt"
    assert train(pictures, out, "--scale", "3", "--arch", "9-1-5") == 0
    capsys.readouterr()
    assert train(pictures, out, "--scale", "3", "--arch", "9-1-5") == 0
    assert "nothing to train: the state is at step 3 of a 3-step schedule already" in capsys.readouterr().err
