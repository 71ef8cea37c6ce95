"""The ``srcnn-gui`` program's way to the window: a scripted screenshot run where no window can open fails
(exit 1, no file) instead of running the self-test and exiting 0."""

from __future__ import annotations

import os
import subprocess
import sys

from srcnn_gui import entry
from srcnn_gui.cli import parse_command_line
from srcnn_gui.gui import qt_platform


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
