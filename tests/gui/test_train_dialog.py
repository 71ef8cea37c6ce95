"""Train on folder: real (short) runs from the dialog; live curves, metadata, cancel, pause, bad folders."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from srcnn_gui.core.images.reading import load_image
from srcnn_gui.core.images.writing import save_image
from srcnn_gui.core.models.files import load_model, save_model
from srcnn_gui.core.models.labels import model_label
from srcnn_gui.core.models.model_info import read_info
from srcnn_gui.gui import training_form
from srcnn_gui.gui.main_window import MainWindow

LONG = 300_000  # ms: the CPU may be shared with other work


@pytest.fixture()
def my_pictures(tmp_path, datasets):
    """Five T91 pictures copied to a folder with a space in its name (the shared set is read-only)."""
    folder = tmp_path / "my pictures"
    for name in ("t5", "t6", "t7", "t8", "t9"):
        save_image(folder / f"{name}.png", load_image(datasets / "T91" / f"{name}.png"))
    return folder


@pytest.fixture()
def short_epochs(monkeypatch):
    """Epochs of 10 steps of 16 patches, so a test trains for seconds, not minutes."""
    for name in ("FINE_TUNE", "FROM_SCRATCH"):
        preset = getattr(training_form, name)
        monkeypatch.setattr(training_form, name, replace(preset, steps_per_epoch=10, batch_size=16))


@pytest.fixture()
def window(qtbot, user_models):
    win = MainWindow()
    qtbot.addWidget(win)
    yield win
    if win.train_dialog is not None:
        win.train_dialog.wait_until_stopped()
    win.close()


def points(curve) -> int:
    return 0 if curve.xData is None else len(curve.xData)


def visible_warning(dialog) -> str:
    boxes = [b for b in dialog.findChildren(QMessageBox) if b.isVisible()]
    return boxes[-1].text() if boxes else ""


def test_fine_tuning_plots_curves_and_saves_a_listed_model_with_metadata(
        qtbot, window, my_pictures, user_models, short_epochs):
    dialog = window.open_train_dialog()
    base = dialog.form.base_model
    assert dialog.form.start_combo.currentData() == "finetune" and base.shipped
    assert dialog.form.start_combo.currentText() == f"Fine-tune {model_label(base)}"  # in the Model box's words
    dialog.form.add_folder(my_pictures)
    dialog.form.epochs_spin.setValue(2)
    dialog.form.name_edit.setText("holiday")
    assert dialog.form.val_combo.currentData() == "holdout"  # the default: no second folder needed

    with qtbot.waitSignal(dialog.preview_ready, timeout=LONG) as checked:
        dialog.check()
    preview = checked.args[0]
    assert (len(preview.scan.usable), preview.train_images, preview.val_images) == (5, 4, 1)
    assert preview.step_seconds > 0 and "5 usable pictures: 4 to train on, 1 held out" in dialog.form.scan_label.text()
    qtbot.waitUntil(lambda: not dialog.is_busy(), timeout=10_000)

    with qtbot.waitSignal(dialog.model_trained, timeout=LONG) as signal:
        dialog.start()
    path = signal.args[0]
    assert path == str(user_models / "holiday.pt")

    losses = dialog.plots.loss_curve.yData
    steps, psnrs = dialog.plots.psnr_curve.getData()
    assert len(losses) == 2 and all(v > 0 for v in losses)  # one point per 10 steps
    assert list(steps) == [0, 10, 20]  # the starting model, then each epoch
    _, info = load_model(path)
    meta = info.meta
    assert info.scale == base.scale and info.arch == base.arch
    assert meta["base_model"] == base.name and meta["folders"] == [str(my_pictures.resolve())]
    assert meta["epochs"] == 2 and meta["steps"] == 20 and meta["weights"] == "best on validation"
    assert meta["psnr_before"] == pytest.approx(psnrs[0]) and meta["psnr_after"] == pytest.approx(max(psnrs))
    assert dialog.plots.bicubic_line.isVisible() and dialog.plots.bicubic_line.value() == pytest.approx(meta["bicubic_psnr"])
    assert dialog.plots.bicubic_line.label.toPlainText() == f"bicubic {meta['bicubic_psnr']:.2f} dB"
    assert (user_models / "checkpoints" / "holiday.best.pt").is_file()
    assert [p.name for p in user_models.glob("*.pt")] == ["holiday.pt"]  # checkpoints are not models
    qtbot.waitUntil(lambda: not dialog.is_running(), timeout=10_000)
    assert window.model.model.path == base.path  # listed, not switched to unasked
    combo = window.bar.model_combo
    listed = {combo.itemData(i).name: (combo.itemText(i), combo.itemData(i, Qt.ItemDataRole.ToolTipRole))
              for i in range(combo.count())}
    assert listed["holiday"][0] == model_label(info) == f"holiday — yours, {model_label(base)}"  # the score: in the tooltip
    assert f"validation {meta['psnr_after']:.2f} dB (started at {meta['psnr_before']:.2f})" in listed["holiday"][1]
    assert dialog.user_models.combo.currentData().name == "holiday"
    assert dialog.use_button.isVisible() and f"{meta['psnr_before']:.2f} dB" in dialog.status.text()
    dialog.use_button.click()
    assert window.model.model.name == "holiday"


def test_pause_resume_then_cancel_keeps_the_best_checkpoint(
        qtbot, window, my_pictures, user_models, short_epochs, monkeypatch):
    # A new 9-1-5 from random weights at a brisk rate: validation soon beats the start.
    monkeypatch.setattr(training_form, "FROM_SCRATCH", replace(training_form.FROM_SCRATCH, lr=1e-3, warmup_steps=0))
    dialog = window.open_train_dialog()
    dialog.form.start_combo.setCurrentIndex(dialog.form.start_combo.findData("9-1-5"))
    dialog.form.add_folder(my_pictures)
    dialog.form.epochs_spin.setValue(500)
    dialog.form.name_edit.setText("cancelled")
    dialog.start()
    worker = dialog.runner.worker
    assert worker.kind == "train" and dialog.is_running()

    def improved() -> bool:
        psnrs = dialog.plots.psnr_points[1]
        return len(psnrs) >= 2 and max(psnrs[1:]) > psnrs[0]

    qtbot.waitUntil(improved, timeout=LONG)
    with qtbot.waitSignal(worker.paused, timeout=LONG, check_params_cb=lambda paused: paused):
        dialog.toggle_pause()
    assert dialog.pause_button.text() == "Resume"
    with qtbot.assertNotEmitted(worker.yielded, wait=1500):  # nothing trains while paused
        pass
    with qtbot.waitSignal(worker.yielded, timeout=LONG):
        dialog.toggle_pause()
    with qtbot.waitSignal(dialog.model_trained, timeout=LONG) as signal:
        dialog.cancel()
    qtbot.waitUntil(lambda: not dialog.is_running(), timeout=LONG)
    assert "cancelled" in dialog.status.text().lower() and signal.args[0] == str(user_models / "cancelled.pt")
    info = read_info(signal.args[0])
    best = user_models / "checkpoints" / "cancelled.best.pt"
    assert best.is_file() and info.meta["weights"] == "best on validation"
    assert info.meta["psnr_after"] == pytest.approx(max(dialog.plots.psnr_curve.getData()[1]))
    assert info.meta["steps"] < 500 * 10
    assert window.model.model.path == dialog.form.base_model.path  # listed, not switched to unasked


def test_cancelling_when_nothing_beat_the_start_saves_nothing_and_says_so(
        qtbot, window, my_pictures, user_models, short_epochs, monkeypatch):
    # Steps far below float32's resolution leave the weights as they started, so no validation can beat the start.
    monkeypatch.setattr(training_form, "FINE_TUNE", replace(training_form.FINE_TUNE, lr=1e-20))
    dialog = window.open_train_dialog()
    dialog.form.add_folder(my_pictures)
    dialog.form.epochs_spin.setValue(500)
    dialog.form.name_edit.setText("unchanged")
    trained = []
    dialog.model_trained.connect(trained.append)
    dialog.start()
    qtbot.waitUntil(lambda: points(dialog.plots.psnr_curve) >= 2, timeout=LONG)  # the start and one epoch validated
    psnrs = dialog.plots.psnr_curve.getData()[1]
    assert psnrs[1] == pytest.approx(psnrs[0], abs=1e-9)
    dialog.cancel()
    qtbot.waitUntil(lambda: not dialog.is_running(), timeout=LONG)
    assert trained == [] and list(user_models.rglob("unchanged*")) == []
    assert "nothing was saved" in dialog.status.text() and f"{psnrs[0]:.2f} dB" in dialog.status.text()
    assert not dialog.use_button.isVisible() and window.model.model.path == dialog.form.base_model.path


def test_a_run_that_diverges_is_refused_with_what_to_try_and_leaves_no_files(
        qtbot, window, my_pictures, user_models, short_epochs, monkeypatch):
    monkeypatch.setattr(training_form, "FROM_SCRATCH", replace(training_form.FROM_SCRATCH, lr=1e6, warmup_steps=0))
    dialog = window.open_train_dialog()
    dialog.form.start_combo.setCurrentIndex(dialog.form.start_combo.findData("9-1-5"))
    dialog.form.add_folder(my_pictures)
    dialog.form.name_edit.setText("diverged")
    trained = []
    dialog.model_trained.connect(trained.append)
    dialog.start()
    qtbot.waitUntil(lambda: not dialog.is_running(), timeout=LONG)
    warning = visible_warning(dialog)
    assert warning.startswith("training diverged at step ") and "Nothing was saved" in warning
    assert "Try a lower learning rate" in warning and "Traceback" not in warning
    assert dialog.status.text() == "Training failed." and trained == [] and not dialog.use_button.isVisible()
    assert list(user_models.rglob("diverged*")) == []


def make_unusable_folder(folder: Path, kind: str) -> None:
    folder.mkdir()
    if kind == "not-pictures":
        (folder / "notes.txt").write_text("hello")
        (folder / "fake.png").write_bytes(b"not a png")
    elif kind == "too-small":
        save_image(folder / "icon.png", np.linspace(0, 1, 20 * 30 * 3, dtype=np.float32).reshape(20, 30, 3))


@pytest.mark.parametrize("kind, expected", [
    ("empty", "no pictures found"), ("not-pictures", "could be read"), ("too-small", "too small"),
])
def test_unusable_folders_get_a_clear_message(qtbot, window, tmp_path, kind, expected):
    folder = tmp_path / "bad"
    make_unusable_folder(folder, kind)
    dialog = window.open_train_dialog()
    dialog.form.add_folder(folder)
    dialog.check()
    qtbot.waitUntil(lambda: expected in visible_warning(dialog), timeout=LONG)
    assert str(folder) in visible_warning(dialog) and expected in dialog.form.scan_label.text()
    qtbot.waitUntil(lambda: not dialog.is_busy(), timeout=10_000)
    dialog.start()  # training reports the same problem, from the same check
    qtbot.waitUntil(lambda: "failed" in dialog.status.text(), timeout=LONG)
    qtbot.waitUntil(lambda: not dialog.is_running(), timeout=10_000)


def test_no_folder_or_a_missing_one_is_reported_not_started(qtbot, window, tmp_path):
    dialog = window.open_train_dialog()
    dialog.start()
    assert not dialog.is_running() and "at least one folder" in visible_warning(dialog)
    dialog.form.add_folder(tmp_path / "nope")
    dialog.start()
    assert not dialog.is_running() and "nope" in visible_warning(dialog)


def test_user_models_can_be_exported_and_deleted(qtbot, window, user_models, shipped_x3, tmp_path):
    model, _ = shipped_x3
    save_model(user_models / "mine.pt", model, 3, {"base_model": "x"})
    dialog = window.open_train_dialog()
    dialog.user_models.refresh()
    assert [dialog.user_models.combo.itemData(i).name for i in range(dialog.user_models.combo.count())] == ["mine"]
    exported = dialog.user_models.export_selected(tmp_path / "out" / "shared.pt")
    assert exported.read_bytes() == (user_models / "mine.pt").read_bytes()
    assert read_info(exported).meta == {"base_model": "x"}
    window.bar.scale_combo.setCurrentIndex(window.bar.scale_combo.findData(3))
    window.model.refresh_models()
    assert "mine" in [window.bar.model_combo.itemData(i).name for i in range(window.bar.model_combo.count())]
    with qtbot.waitSignal(dialog.models_changed):
        dialog.user_models.delete_selected()
    assert "mine" not in [window.bar.model_combo.itemData(i).name for i in range(window.bar.model_combo.count())]
    assert not (user_models / "mine.pt").exists() and dialog.user_models.combo.count() == 0
    assert exported.is_file()  # the exported copy is the user's, not ours to delete


def test_the_curves_wait_for_data_then_count_steps_from_0_in_plain_numbers(qtbot, window):
    dialog = window.open_train_dialog()
    qtbot.waitExposed(dialog)
    plots = dialog.plots
    assert plots.placeholder.isVisible() and not plots.loss_plot.isVisible()  # no empty 0-1 axes before a run
    plots.start(1500)
    plots.add_psnr(0, 31.25)  # the starting model's score: one point at step 0
    plots.set_bicubic(30.5)
    assert plots.psnr_plot.isVisible() and not plots.placeholder.isVisible()
    for plot in (plots.loss_plot, plots.psnr_plot):
        assert plot.viewRange()[0] == pytest.approx([0, 1500])
        axis = plot.getAxis("bottom")
        assert not axis.autoSIPrefix and axis.labelText == "training step"
    low, high = plots.psnr_plot.viewRange()[1]
    assert low < 30.5 < 31.25 < high


def test_counts_in_the_scan_summary_are_proper_plurals():
    from srcnn_gui.core.progress import counted

    assert (counted(1, "usable picture"), counted(11, "usable picture"), counted(0, "file")) == (
        "1 usable picture", "11 usable pictures", "0 files")
