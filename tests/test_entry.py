"""The srcnn-gui program: a command runs in the command line, anything else opens the window through the entry."""

from __future__ import annotations

import pytest

from srcnn_gui import cli, entry


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
