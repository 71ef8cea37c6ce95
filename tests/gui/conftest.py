"""Fixtures of the window tests: a window on its own settings file, closed idle."""

import pytest
from PySide6.QtCore import QSettings

from srcnn_gui.gui.main_window import MainWindow


@pytest.fixture()
def settings(tmp_path):
    """Settings in a file of the test's own, so no test sees another's (or the user's) choices."""
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture()
def window(qtbot, user_models, settings):
    """A shown main window; after the test it must have no work left running."""
    win = MainWindow(settings)
    qtbot.addWidget(win)
    win.show()
    yield win
    win.close()
    assert not win.is_busy()
