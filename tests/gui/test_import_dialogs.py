"""Model › Import… in the real window: the file and scale questions, the model selected, bad files in a dialog."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox

from srcnn_gui.gui.main_window import MainWindow
from tests.core.models.test_importing import known_layers, write_state_dict


@pytest.fixture()
def window(qtbot, user_models, tmp_path):
    win = MainWindow(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(win)
    win.show()
    yield win
    win.close()


def answer_dialogs(monkeypatch, path, offered: list) -> None:
    """Answer the file question with ``path`` and the scale question with the offered default."""
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *args, **kwargs: (str(path), "")))

    def pick_default(parent, title, label, items, current, editable):
        offered.append(items[current])
        return items[current], True

    monkeypatch.setattr(QInputDialog, "getItem", staticmethod(pick_default))


def test_import_from_the_model_menu_selects_the_new_model_at_its_scale(window, user_models, tmp_path, monkeypatch):
    model_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Model")
    assert window.window_actions.import_action in model_menu.actions()
    source = write_state_dict(tmp_path / "SRCNN_x4.pth", known_layers((9, 5, 5), 8, 4))
    window.bar.scale_combo.setCurrentIndex(window.bar.scale_combo.findData(2))
    offered: list[str] = []
    answer_dialogs(monkeypatch, source, offered)
    window.window_actions.import_action.trigger()
    assert offered == ["x4"]  # the scale the file's name states, not the window's x2
    assert (user_models / "SRCNN_x4.pt").is_file()
    assert window.bar.scale_combo.currentData() == 4
    assert window.model.model.name == "SRCNN_x4"
    assert "Imported SRCNN_x4" in window.statusBar().currentMessage()


def test_a_bad_file_gets_a_dialog_naming_it_and_adds_nothing(window, user_models, tmp_path, monkeypatch):
    bad = tmp_path / "weights.mat"
    bad.write_bytes(b"MATLAB 5.0 MAT-file, but cut short")
    answer_dialogs(monkeypatch, bad, [])
    before = window.bar.model_combo.count()
    window.window_actions.import_action.trigger()
    [box] = [b for b in window.findChildren(QMessageBox) if b.isVisible()]
    assert box.windowTitle() == "Import model" and str(bad) in box.text()
    assert window.bar.model_combo.count() == before and not list(user_models.glob("*.pt"))


def test_cancelling_the_file_question_imports_nothing(window, user_models, monkeypatch):
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *args, **kwargs: ("", "")))
    window.window_actions.import_action.trigger()
    assert not user_models.exists() or not list(user_models.iterdir())
