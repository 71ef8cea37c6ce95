"""Folder scanning and ``eval`` as issue 31 found them: nothing skipped without a word, a batch writing into its
input folder does not take its results for pictures, a picture named twice is upscaled once, no command waits
forever on a named pipe.

Each command runs in a fresh process with a time limit: a command stuck opening a named pipe fails the test
instead of hanging the run. Pictures are made by the tests; the shipped models do the upscaling.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from srcnn_gui.core.jobs.run_record import RECORD_NAME

REPO = Path(__file__).resolve().parents[2]
LIMIT_S = 300  # a command blocked on a pipe never ends; a working one takes seconds


def checkout_env() -> dict[str, str]:
    """This environment with this checkout first on PYTHONPATH: a fresh process started in another folder runs
    the code under test, not an installed copy."""
    return {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))}


def _run(*argv: str, cwd: Path) -> subprocess.CompletedProcess:
    """``srcnn-gui ARGV`` in a fresh process of this checkout's code, its output captured."""
    return subprocess.run([sys.executable, "-m", "srcnn_gui", *argv], capture_output=True, text=True, cwd=cwd,
                          env=checkout_env(), timeout=LIMIT_S)


def _picture(path: Path, seed: int = 0, side: int = 24) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.fromarray(np.random.default_rng(seed).integers(0, 256, (side, side + 4, 3), dtype=np.uint8)).save(path)
    return path


def _problems(err: str) -> list[str]:
    """The list the CLI prints at the end, under its heading."""
    return [line.strip() for line in err.splitlines() if line.startswith("  ") and line.strip()]


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and p.name != RECORD_NAME}


def test_a_dangling_link_and_a_named_pipe_in_a_folder_are_listed_and_the_rest_is_upscaled(tmp_path):
    folder = tmp_path / "in"
    _picture(folder / "a.png")
    (folder / "gone.png").symlink_to(folder / "deleted.png")
    os.mkfifo(folder / "pipe.png")
    done = _run("upscale", str(folder), "-o", str(tmp_path / "out"), "--scale", "2", cwd=tmp_path)
    assert done.returncode == 1
    assert _problems(done.stderr) == [f"{folder / 'gone.png'}: a link to a missing file, not a picture file",
                                      f"{folder / 'pipe.png'}: a named pipe (fifo), not a picture file"]
    assert list(_files(tmp_path / "out")) == ["a_srcnn_x2.png"]


def test_o_the_input_folder_run_again_writes_nothing_new_and_reports_no_problem(tmp_path):
    folder = tmp_path / "photos"
    _picture(folder / "a.png")
    _picture(folder / "b.png", seed=1)
    first = _run("upscale", str(folder), "-o", str(folder), "--scale", "2", cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    after_first = _files(folder)
    assert sorted(after_first) == ["a.png", "a_srcnn_x2.png", "b.png", "b_srcnn_x2.png"]
    again = _run("upscale", str(folder), "-o", str(folder), "--scale", "2", cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert _files(folder) == after_first  # nothing new, nothing replaced
    assert _problems(again.stderr) == []
    assert "note: 2 earlier results of this command found among the inputs (a_srcnn_x2.png, b_srcnn_x2.png): " \
           "set apart, not upscaled again" in again.stderr
    assert "wrote 0 of 2 images" in again.stdout and "2 more already done" in again.stdout
    # Another size: the pictures are upscaled again, their x2 results are still no pictures.
    other = _run("upscale", str(folder), "-o", str(folder), "--scale", "3", cwd=tmp_path)
    assert other.returncode == 0, other.stderr
    assert sorted(_files(folder)) == ["a.png", "a_srcnn_x2.png", "a_srcnn_x3.png", "b.png", "b_srcnn_x2.png",
                                      "b_srcnn_x3.png"]


def test_a_picture_named_as_a_file_and_through_its_folder_is_upscaled_once(tmp_path):
    folder = tmp_path / "dir"
    picture = _picture(folder / "a.png")
    _picture(folder / "b.png", seed=1)
    out = tmp_path / "out"
    done = _run("upscale", "dir/a.png", "dir", "-o", "out", "--scale", "2", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "note: dir/a.png: given twice; upscaled once" in done.stderr
    assert "wrote 2 of 2 images" in done.stdout
    assert sorted(_files(out)) == ["a_srcnn_x2.png", "b_srcnn_x2.png"]
    assert picture.is_file()


def test_eval_lists_a_named_pipe_and_a_dangling_link_and_exits_1(tmp_path):
    folder = tmp_path / "truth"
    _picture(folder / "a.png", side=48)
    os.mkfifo(folder / "pipe.png")
    (folder / "gone.png").symlink_to(folder / "deleted.png")
    done = _run("eval", str(folder), "--scale", "2", cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    assert "2 pictures not evaluated:" in done.stderr
    assert _problems(done.stderr) == [f"{folder / 'gone.png'}: a link to a missing file, not a picture file",
                                      f"{folder / 'pipe.png'}: a named pipe (fifo), not a picture file"]
    assert [line.split()[0] for line in done.stdout.splitlines()[1:]] == ["a", "mean"]  # the picture was measured


@pytest.mark.parametrize("command", [["upscale", "{fifo}", "-o", "out"], ["benchmark", "--file", "{fifo}", "--no-onnxruntime"]])
def test_no_command_waits_on_a_named_pipe(tmp_path, command):
    fifo = tmp_path / "pipe.png"
    os.mkfifo(fifo)
    done = _run(*[part.format(fifo=fifo) for part in command], cwd=tmp_path)  # a hang is a TimeoutExpired
    assert done.returncode != 0
    assert f"{fifo}: a named pipe (fifo), not a picture file" in done.stderr
