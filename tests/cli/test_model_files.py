"""``models``, ``upscale``, ``import`` and ``export`` with special model files and places that cannot take a file
(issue 31), each run as a user would, in its own process: never a wait, never a traceback; one line naming the
file and why, and a non-zero exit code. Every run has a timeout, and the ``fifos`` fixture lets a process that
waits on a pipe go after a while, so no test can hang the suite."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
from PIL import Image

from tests.core.models.test_importing import known_layers, write_state_dict


def srcnn_gui(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "srcnn_gui", *args], capture_output=True, text=True, timeout=120)


def test_special_files_in_the_model_folder_are_listed_and_upscale_goes_on_but_not_with_a_pipe_as_model(
        user_models, tmp_path, fifos):
    user_models.mkdir()
    pipe = fifos.make(user_models / "pipe.pt")
    dangling = user_models / "gone.pt"
    dangling.symlink_to(tmp_path / "deleted.pt")
    listed = srcnn_gui("models")
    assert listed.returncode == 0, listed.stderr
    lines = listed.stdout.splitlines()
    assert f"! unusable: {pipe}: a named pipe (fifo), not a model file" in lines
    assert f"! unusable: {dangling}: a link to a missing file, not a model file" in lines
    assert any(line.startswith("  srcnn-9-5-5-x3: ") for line in lines)  # the models themselves are still offered

    source = tmp_path / "a.png"
    Image.fromarray(np.random.default_rng(0).integers(0, 256, (16, 20, 3), dtype=np.uint8)).save(source)
    done = srcnn_gui("upscale", str(source), "-o", str(tmp_path / "out"), "--scale", "3")
    assert done.returncode == 0, done.stderr
    assert f"wrote 1 of 1 image to {tmp_path / 'out'}" in done.stdout
    refused = srcnn_gui("upscale", str(source), "-o", str(tmp_path / "out2"), "--scale", "3", "--model", str(pipe))
    assert refused.returncode == 2
    assert refused.stderr.strip() == f"error: {pipe}: a named pipe (fifo), not a model file"
    assert not (tmp_path / "out2").exists()
    assert not fifos.waited_on


def test_import_and_export_to_a_place_that_cannot_take_a_file_end_in_one_line_naming_it(tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    source = write_state_dict(tmp_path / "theirs.pth", known_layers((9, 5, 5), 8, 4))
    monkeypatch.setenv("SRCNN_USER_WEIGHTS_DIR", str(blocker / "models"))  # the default place of an import
    attempts = [
        (("import", str(source), "--scale", "3", "--out", str(blocker / "theirs.pt")), blocker / "theirs.pt"),
        (("import", str(source), "--scale", "3"), blocker / "models" / "theirs.pt"),
        (("export", "srcnn-9-1-5-x3", "--onnx", str(blocker / "x3.onnx")), blocker / "x3.onnx"),
    ]
    for args, target in attempts:
        refused = srcnn_gui(*args)
        assert refused.returncode == 2
        assert refused.stderr.splitlines() == [f"error: {target}: cannot write: {blocker} is not a folder"]
    folder = tmp_path / "x3.onnx"
    folder.mkdir()
    refused = srcnn_gui("export", "srcnn-9-1-5-x3", "--onnx", str(folder))
    assert (refused.returncode, refused.stderr.splitlines()) == (2, [f"error: {folder}: cannot write: it is a folder, not a file"])
    assert list(folder.iterdir()) == [] and blocker.read_text() == "not a folder"
