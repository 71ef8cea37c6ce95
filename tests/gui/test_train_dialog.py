"""Train on folder: a real (short) training run from the dialog ends in the model list."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox

from srcnn_gui.core.imaging import load_image, save_image
from srcnn_gui.core.weights import load_model
from srcnn_gui.gui.main_window import MainWindow


@pytest.fixture()
def my_pictures(tmp_path, datasets):
    folder = tmp_path / "my pictures"
    for name in ("t5", "t6", "t7"):
        save_image(folder / f"{name}.png", load_image(datasets / "T91" / f"{name}.png"))
    return folder


@pytest.fixture()
def window(qtbot, user_models):
    win = MainWindow()
    qtbot.addWidget(win)
    yield win
    win.close()


def test_training_from_the_dialog_adds_a_model(qtbot, window, my_pictures, user_models, tmp_path):
    dialog = window.open_train_dialog()
    dialog.folder_edit.setText(str(my_pictures))
    dialog.start_combo.setCurrentIndex(dialog.start_combo.findData("9-1-5"))
    dialog.scale_combo.setCurrentIndex(dialog.scale_combo.findData(2))
    dialog.epochs_spin.setValue(1)
    dialog.val_edit.setText(str(my_pictures))
    dialog.name_edit.setText("holiday-x2")
    with qtbot.waitSignal(dialog.model_trained, timeout=180_000) as signal:
        dialog.start()
    path = signal.args[0]
    assert path == str(user_models / "holiday-x2.pt")
    _, info = load_model(path)
    assert info.arch == "9-1-5" and info.scale == 2 and info.meta["steps"] == 100
    assert dialog.curve.getData()[1] is not None and len(dialog.curve.getData()[1]) == 1
    qtbot.waitUntil(lambda: not dialog.is_running(), timeout=10_000)
    window.scale_combo.setCurrentIndex(window.scale_combo.findData(2))
    assert "holiday-x2" in [window.model_combo.itemData(i).name for i in range(window.model_combo.count())]


def test_fine_tuning_cancel_keeps_the_app_responsive(qtbot, window, my_pictures):
    dialog = window.open_train_dialog()
    assert dialog.start_combo.currentData() == "finetune"
    dialog.folder_edit.setText(str(my_pictures))
    dialog.epochs_spin.setValue(50)
    with qtbot.waitSignal(dialog.progress.valueChanged, timeout=120_000):  # training has started
        dialog.start()
    dialog.cancel()
    qtbot.waitUntil(lambda: not dialog.is_running(), timeout=60_000)
    assert "cancelled" in dialog.status.text().lower()


def test_a_missing_folder_is_reported_not_started(qtbot, window, tmp_path):
    dialog = window.open_train_dialog()
    dialog.folder_edit.setText(str(tmp_path / "nope"))
    dialog.start()
    assert not dialog.is_running()
    boxes = [b for b in dialog.findChildren(QMessageBox) if b.isVisible()]
    assert boxes and "nope" in boxes[-1].text()
