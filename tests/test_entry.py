"""The srcnn-gui program: a command runs in the command line, anything else opens the window through the entry;
a scripted screenshot run where no window can open fails (exit 1, no file) instead of running the self-test."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from srcnn_gui import cli, entry
from srcnn_gui.cli import parse_command_line
from srcnn_gui.gui import qt_platform


@pytest.fixture()
def opened(monkeypatch: pytest.MonkeyPatch) -> list[dict]:
    """The window options the entry would open the window with, instead of opening it."""
    calls: list[dict] = []
    monkeypatch.setattr(entry, "open_window", lambda args, options: calls.append(options) or 0)
    return calls


def test_pictures_where_a_command_would_be_open_the_window_with_the_options_asked_for(opened, tmp_path):
    picture = tmp_path / "photo.png"
    assert entry.main([str(picture), "--scale", "w1920"]) == 0
    assert opened == [{"files": [str(picture)], "view": None, "mode": None, "scale": "w1920", "model": None}]
    assert entry.main([]) == 0 and opened[-1] == {}  # no command: the window as it was left


def test_a_command_never_asks_for_the_window(opened, capsys):
    assert entry.main(["models"]) == 0
    assert opened == [] and capsys.readouterr().out


def test_the_command_line_alone_cannot_open_the_window(capsys):
    assert cli.main(["gui"]) == 2
    assert "the window opens from the srcnn-gui program" in capsys.readouterr().err


def test_a_screenshot_without_a_display_exits_non_zero(tmp_path):
    shot = tmp_path / "shot.png"
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    done = subprocess.run([sys.executable, "-m", "srcnn_gui", "gui", "--screenshot", str(shot)], env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 1 and "no display" in done.stderr
    assert not shot.exists()


def test_a_screenshot_where_qt_cannot_load_its_platform_exits_non_zero(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(qt_platform, "platform_problem", lambda: "Qt's xcb plugin lacks libxcb-cursor.so.0")
    args = parse_command_line(["gui", "--screenshot", str(tmp_path / "shot.png")])
    assert entry.open_window(args, {"files": []}) == 1
    err = capsys.readouterr().err
    assert "libxcb-cursor.so.0" in err and "the window could not open" in err
    assert not (tmp_path / "shot.png").exists()
