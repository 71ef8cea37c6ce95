"""Starting the application: `srcnn-gui [gui] PICTURES` opens them with the scale and model asked for, and can
save a screenshot of itself."""

from __future__ import annotations

import os
import subprocess
import sys

import numpy as np
import pytest
from PIL import Image

from srcnn_gui.cli import main, parse_command_line, window_options
from srcnn_gui.core.images.writing import save_image
from srcnn_gui.core.window.picture_queue import DONE
from srcnn_gui.gui.app import build_window


def test_screenshot_after_the_queue_is_done(tmp_path, butterfly, user_models):
    picture = save_image(tmp_path / "wings.png", butterfly[:64, :80])
    shot = tmp_path / "shot.png"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(tmp_path / "config")}
    command = [sys.executable, "-m", "srcnn_gui", "gui", str(picture), "--view", "difference", "--mode", "evaluate",
               "--screenshot", str(shot)]
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-1000:]
    assert f"wrote {shot}" in done.stdout
    with Image.open(shot) as image:
        assert image.width > 600 and image.height > 400
        colours = np.unique(np.asarray(image.convert("RGB")).reshape(-1, 3), axis=0)
        assert len(colours) > 50  # a real picture, not an empty window
    assert not (tmp_path / "config").exists()  # a screenshot run leaves the user's settings alone


def test_pictures_where_a_command_would_be_open_in_the_window_with_scale_and_model(qtbot, tmp_path, butterfly,
                                                                                  user_models, settings):
    """`srcnn-gui a.png b.jpg --scale 2 --model srcnn-9-1-5-x2` (refused before as "invalid choice")."""
    pictures = [save_image(tmp_path / "a.png", butterfly[:40, :48]), save_image(tmp_path / "b.jpg", butterfly[60:100, :56])]
    args = parse_command_line([str(p) for p in pictures] + ["--scale", "2", "--model", "srcnn-9-1-5-x2"])
    assert args.command == "gui"
    idle = []
    window = build_window(**window_options(args), settings=settings, on_idle=idle.append)
    qtbot.addWidget(window)
    assert [e.path for e in window.model.entries] == pictures
    assert window.bar.scale_combo.currentText() == "2" and window.model.model.name == "srcnn-9-1-5-x2"
    qtbot.waitUntil(lambda: idle == [window], timeout=120_000)
    assert [e.status for e in window.model.entries] == [DONE, DONE]
    assert {e.outcome.model.name for e in window.model.entries} == {"srcnn-9-1-5-x2"}
    assert window.model.entries[0].outcome.result.srcnn.shape == (80, 96, 3)


def test_a_model_without_a_scale_brings_its_own(qtbot, tmp_path, butterfly, user_models, settings):
    picture = save_image(tmp_path / "small.png", butterfly[:24, :24])
    options = window_options(parse_command_line(["gui", str(picture), "--model", "srcnn-9-5-5-x4"]))
    assert options["scale"] == "x4"
    window = build_window(**options, settings=settings)
    qtbot.addWidget(window)
    assert window.model.model.name == "srcnn-9-5-5-x4"
    qtbot.waitUntil(lambda: not window.is_busy(), timeout=120_000)


@pytest.mark.parametrize(("argv", "message"), [
    (["gui", "--scale", "3", "--model", "srcnn-9-1-5-x2"], "a x2 model cannot upscale x3; choose a x3 model"),
    (["gui", "--scale", "1920x1080", "--model", "srcnn-9-1-5-x2"], "goes with a factor"),
    (["gui", "--model", "no-such-model"], "no model named 'no-such-model'"),
])
def test_a_model_that_cannot_serve_is_a_message_before_any_window(argv, message, capsys):
    assert main(argv) == 2
    assert message in capsys.readouterr().err


@pytest.mark.parametrize(("argv", "message"), [(["upscal", "x.png"], "invalid choice: 'upscal'"),
                                             (["gui", "--scale", "0.5"], "x0.5 is not an enlargement we offer")])
def test_a_mistyped_command_or_scale_is_an_argument_error(argv, message, capsys):
    with pytest.raises(SystemExit) as stopped:
        parse_command_line(argv)
    assert stopped.value.code == 2 and message in capsys.readouterr().err
