"""The window's output settings (folder, format, JPEG quality, remembered) and its Help menu."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QDesktopServices, QKeySequence

from srcnn_gui.core.images.jpeg import file_quality
from srcnn_gui.core.images.reading import load_image
from srcnn_gui.core.images.writing import save_image
from srcnn_gui.core.window.output_settings import OutputSettings
from srcnn_gui.core.window.picture_queue import DONE
from srcnn_gui.gui.help_dialogs import CANVAS_KEYS
from srcnn_gui.gui.main_window import MainWindow
from srcnn_gui.gui.output_settings import OutputSettingsDialog

TIMEOUT = 90_000


@pytest.fixture()
def wings(tmp_path, butterfly) -> Path:
    return save_image(tmp_path / "pictures" / "wings.png", butterfly[:64, :80])


def test_results_go_to_the_chosen_folder_format_and_quality_and_the_choice_is_remembered(
        qtbot, window, settings, wings, tmp_path, user_models):
    out = tmp_path / "results"
    window.files.set_output(OutputSettings(str(out), ".jpg", 40))
    window.add_paths([wings])
    qtbot.waitUntil(lambda: window.model.entries[0].status == DONE and not window.is_busy(), timeout=TIMEOUT)
    target = window.model.save_path(window.model.entries[0])
    assert target == out / "wings_srcnn_x3.jpg"
    assert window.files.save_result(window.model.entries[0], target)
    assert file_quality(target) == 40 and load_image(target).shape == (192, 240, 3)
    assert window.files.start_batch(wings.parent, tmp_path / "batch")
    qtbot.waitUntil(lambda: not window.file_work.runner.is_busy(), timeout=TIMEOUT)
    assert file_quality(tmp_path / "batch" / "wings_srcnn_x3.jpg") == 40
    window.close()
    again = MainWindow(settings)
    qtbot.addWidget(again)
    assert again.model.output == OutputSettings(str(out), ".jpg", 40)


def test_the_output_dialog_offers_quality_only_for_lossy_formats(qtbot, window, tmp_path):
    dialog = window.files.choose_output_settings()
    assert dialog.value() == OutputSettings()  # by default: PNG beside each original
    assert not dialog.quality_spin.isEnabled()
    dialog.format_combo.setCurrentIndex(dialog.format_combo.findData(".webp"))
    dialog.quality_spin.setValue(70)
    dialog.folder_edit.setText(str(tmp_path))
    assert dialog.quality_spin.isEnabled()
    dialog.accept()
    assert window.model.output == OutputSettings(str(tmp_path), ".webp", 70)
    assert isinstance(OutputSettingsDialog(window.model.output).value(), OutputSettings)


def test_help_lists_the_keyboard_shortcuts_from_the_window_itself(qtbot, window):
    rows = window.window_actions.help_menu.show_shortcuts().rows()
    native = QKeySequence.SequenceFormat.NativeText
    assert (window.window_actions.open_action.shortcut().toString(native), "Open…") in rows
    assert ("1", "Compare slider") in rows and ("Ctrl+0", "Fit to window") in rows
    assert (window.window_actions.help_menu.shortcuts_action.shortcut().toString(native), "Keyboard shortcuts") in rows
    assert all(row in rows for row in CANVAS_KEYS)
    assert len(rows) == len(set(rows))


def test_help_opens_the_readme(qtbot, window, monkeypatch):
    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    assert window.window_actions.help_menu.open_readme()
    readme = Path(opened[0].toLocalFile())
    assert readme.name == "README.md" and "SRCNN Studio" in readme.read_text(encoding="utf-8")
    assert window.window_actions.help_menu.readme_action in window.menuBar().actions()[-1].menu().actions()
