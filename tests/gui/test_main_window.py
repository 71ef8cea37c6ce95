"""The main window with real widgets, a real model and real pictures (offscreen)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QMimeData, QObject, QPointF, Qt, QTimer, QUrl, Slot
from PySide6.QtGui import QDropEvent, QGuiApplication, QImage
from PySide6.QtWidgets import QMessageBox

from srcnn_gui.core.evaluation.difference_map import colour_scale, difference_heatmap
from srcnn_gui.core.evaluation.picture_as_truth import measure_upscale
from srcnn_gui.core.images.reading import load_image
from srcnn_gui.core.images.writing import save_image
from srcnn_gui.core.inference.upscaler import Upscaler
from srcnn_gui.core.jobs.batch import BatchFile
from srcnn_gui.core.jobs.run_record import RECORD_NAME
from srcnn_gui.core.models.registry import find_model
from srcnn_gui.core.window.picture_queue import DONE, FAILED, RUNNING, WAITING
from srcnn_gui.core.window.window_model import EVALUATE, UPSCALE
from srcnn_gui.gui.compare_view import DIFFERENCE, SIDE_BY_SIDE, SPLIT
from srcnn_gui.gui.main_window import MainWindow

TIMEOUT = 90_000


@pytest.fixture()
def pictures(tmp_path, butterfly):
    folder = tmp_path / "pictures"
    good = [save_image(folder / "wings.png", butterfly[:64, :80]), save_image(folder / "sub" / "edge.jpg", butterfly[100:140, 30:90])]
    bad = folder / "holiday.png"
    bad.write_bytes(b"definitely not a png")
    return good, bad


def visible_boxes(widget) -> list[QMessageBox]:
    return [b for b in widget.findChildren(QMessageBox) if b.isVisible()]


def settle(qtbot, win):
    qtbot.waitUntil(lambda: not win.is_busy() and all(e.status in (DONE, FAILED) for e in win.model.entries), timeout=TIMEOUT)


def drop(win, paths):
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    event = QDropEvent(QPointF(50, 50), Qt.DropAction.CopyAction, mime, Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)
    win.dropEvent(event)


def test_dropping_files_and_folders_fills_the_queue_and_a_bad_file_does_not_stop_it(qtbot, window, pictures):
    good, bad = pictures
    drop(window, [bad, good[0].parent / "sub", good[0]])
    assert [e.name for e in window.model.entries] == ["holiday.png", "edge.jpg", "wings.png"]
    settle(qtbot, window)
    statuses = {e.name: e.status for e in window.model.entries}
    assert statuses == {"holiday.png": FAILED, "edge.jpg": DONE, "wings.png": DONE}
    failed = window.model.entries[0]
    assert "holiday.png" in failed.message and "holiday.png" in window.queue.item(0).text()
    window.queue.setCurrentRow(0)
    assert "holiday.png" in window.canvas.view.overlay_text()  # said where the user looks, once: no dialog
    assert not visible_boxes(window) and "failed" in window.readout.text()
    assert window.model.entries[2].outcome.result.srcnn.shape == (192, 240, 3)
    assert not window.queue.item(2).icon().isNull()  # thumbnail


def test_choosing_a_picture_shows_its_result(qtbot, window, pictures):
    good, _ = pictures
    window.add_paths(good)
    settle(qtbot, window)
    window.queue.setCurrentRow(1)
    assert window.canvas.view._right is not None and (window.canvas.view._right.width(), window.canvas.view._right.height()) == (180, 120)
    assert "No reference" in window.canvas.score_panel.text() and window.canvas.score_panel.evaluate_button.isVisible()
    assert "CPU" in window.readout.text() or "GPU" in window.readout.text()


def test_evaluate_readout_equals_the_core_metrics(qtbot, window, pictures):
    good, _ = pictures
    window.add_paths([good[0]])
    window.bar.mode_combo.setCurrentIndex(window.bar.mode_combo.findData(EVALUATE))
    settle(qtbot, window)
    _, _, expected = measure_upscale(load_image(good[0]), Upscaler.from_info(window.model.model, device="cpu"))
    assert window.model.entries[0].outcome.score.srcnn_psnr == pytest.approx(expected.srcnn_psnr, abs=1e-3)
    assert f"{expected.srcnn_psnr:.2f} dB" in window.canvas.score_panel.text()
    assert f"{expected.bicubic_psnr:.2f} dB" in window.canvas.score_panel.text()
    window.canvas.original_action.setChecked(True)
    window.show_current()
    assert window.canvas.left_caption.text() == "Original"


def test_slider_arrow_keys_and_view_keys(qtbot, window, pictures):
    good, _ = pictures
    window.add_paths([good[0]])
    settle(qtbot, window)
    window.canvas.split_slider.setValue(200)
    assert window.canvas.view.split() == pytest.approx(0.2)
    window.canvas.view.setFocus()
    qtbot.keyClick(window.canvas.view, Qt.Key.Key_Right)
    assert window.canvas.view.split() == pytest.approx(0.22)
    assert window.canvas.split_slider.value() == 220
    window.activateWindow()
    for key, mode in ((Qt.Key.Key_2, SIDE_BY_SIDE), (Qt.Key.Key_3, DIFFERENCE), (Qt.Key.Key_1, SPLIT)):
        qtbot.keyClick(window, key)
        assert window.canvas.view.mode() == mode


def test_the_event_loop_keeps_running_during_work_and_cancel_stops_it(qtbot, window, tmp_path, butterfly):
    path = save_image(tmp_path / "big.png", np.tile(butterfly, (3, 3, 1)))  # 768 x 768 -> 2304 x 2304
    window.model.choose_model(find_model("srcnn-9-5-5-x3"))  # the slow network: work long enough to cancel
    ticks = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(window.is_busy()))
    timer.start(20)
    window.add_paths([path])
    qtbot.waitUntil(lambda: window.work_progress.bar.maximum() > 1 and window.work_progress.bar.value() >= 1, timeout=TIMEOUT)
    qtbot.waitUntil(lambda: window.work_progress.bar.format().endswith(" left"), timeout=TIMEOUT)  # an ETA once it knows the rate
    window.cancel()
    qtbot.waitUntil(lambda: not window.is_busy(), timeout=TIMEOUT)
    timer.stop()
    assert sum(ticks) >= 3  # the GUI thread ticked while the worker ran
    assert window.model.entries[0].outcome is None and window.model.entries[0].message == "cancelled"
    assert window.readout.text() == "big.png: waiting (cancelled)."


def test_paste_from_the_clipboard(qtbot, window):
    image = QImage(40, 30, QImage.Format.Format_RGB888)
    image.fill(Qt.GlobalColor.darkCyan)
    QGuiApplication.clipboard().setImage(image)
    assert window.files.paste()
    settle(qtbot, window)
    assert window.model.entries[-1].name.startswith("pasted") and window.model.entries[-1].outcome.result.srcnn.shape == (90, 120, 3)


def test_save_all_and_save_never_replace_inputs_or_existing_files(qtbot, window, pictures, tmp_path):
    good, _ = pictures
    window.add_paths(good)
    settle(qtbot, window)
    entry = window.model.entries[0]
    original = good[0].read_bytes()
    assert not window.files.save_result(entry, good[0], overwrite=True)
    assert good[0].read_bytes() == original
    out = tmp_path / "out"
    written = window.files.save_all(out)
    assert sorted(p.name for p in written) == ["edge_srcnn_x3.png", "wings_srcnn_x3.png"]
    assert load_image(out / "wings_srcnn_x3.png").shape == (192, 240, 3)
    (out / "wings_srcnn_x3.png").write_bytes(b"user's file")
    assert window.files.save_all(out) == []  # existing files kept unless the user agreed to replace them
    assert (out / "wings_srcnn_x3.png").read_bytes() == b"user's file"


def test_batch_folder_goes_on_past_a_bad_file(qtbot, window, pictures, tmp_path):
    good, _ = pictures
    out = tmp_path / "batch-out"
    with qtbot.waitSignal(window.work_progress.bar.valueChanged, timeout=TIMEOUT):
        assert window.files.start_batch(good[0].parent, out)
    qtbot.waitUntil(lambda: not window.file_work.runner.is_busy(), timeout=TIMEOUT)
    # Each result keeps its picture's place below the folder; the record lets a rerun resume, as the CLI's does.
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()) == [
        RECORD_NAME, "sub/edge_srcnn_x3.png", "wings_srcnn_x3.png"]
    summary = visible_boxes(window)[-1].text()
    assert "Wrote 2 of 3" in summary and "holiday.png" in summary


def test_batch_refuses_pictures_that_would_share_an_output_and_does_the_rest(qtbot, window, pictures, tmp_path, butterfly):
    good, bad = pictures
    bad.unlink()
    twin = save_image(good[0].with_suffix(".jpg"), butterfly[:64, :80])  # wings.jpg beside wings.png
    out = tmp_path / "batch-out"
    assert window.files.start_batch(good[0].parent, out)
    qtbot.waitUntil(lambda: not window.file_work.runner.is_busy(), timeout=TIMEOUT)
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()) == [RECORD_NAME,
                                                                                          "sub/edge_srcnn_x3.png"]
    summary = visible_boxes(window)[-1].text()
    assert "Wrote 1 of 3" in summary and "2 problems" in summary
    assert f"{good[0]}: its output {out / 'wings_srcnn_x3.png'} would also be that of {twin}" in summary
    assert "rename one of them" in summary


def test_save_all_saves_no_result_over_another(qtbot, window, pictures, tmp_path, butterfly):
    good, _ = pictures
    twin = save_image(good[0].with_suffix(".jpg"), butterfly[:64, :80])
    window.add_paths([good[0], twin, good[1]])
    settle(qtbot, window)
    out = tmp_path / "out"
    assert window.files.save_all(out, replace=True) == [out / "edge_srcnn_x3.png"]
    assert sorted(p.name for p in out.iterdir()) == ["edge_srcnn_x3.png"]
    message = visible_boxes(window)[-1].text()
    assert "wings_srcnn_x3.png: the result of wings.png and of wings.jpg; none saved" in message


def test_changing_the_scale_recomputes_with_a_model_for_it(qtbot, window, pictures):
    good, _ = pictures
    window.add_paths([good[0]])
    settle(qtbot, window)
    window.bar.scale_combo.setCurrentIndex(window.bar.scale_combo.findData(2))
    assert window.model.model.scale == 2
    settle(qtbot, window)
    assert window.model.entries[0].outcome.result.srcnn.shape == (128, 160, 3)


def test_choices_and_recent_files_are_remembered(qtbot, user_models, settings, pictures):
    good, _ = pictures
    first = MainWindow(settings)
    qtbot.addWidget(first)
    first.bar.scale_combo.setCurrentIndex(first.bar.scale_combo.findData(4))
    first.canvas.set_view_mode(SIDE_BY_SIDE)
    first.add_paths([good[0]])
    settle(qtbot, first)
    first.close()
    second = MainWindow(settings)
    qtbot.addWidget(second)
    assert second.bar.scale_combo.currentData() == 4 and second.canvas.view.mode() == SIDE_BY_SIDE
    assert second.window_actions.recent_menu.files()[0] == str(good[0])
    assert [a.text() for a in second.window_actions.recent_menu.actions()][0] == str(good[0])


def test_about_names_the_paper_and_the_model(window):
    text = window.window_actions.help_menu.show_about().text()
    assert "Image Super-Resolution Using Deep Convolutional Networks" in text and window.model.model.name in text


def test_closing_while_training_asks_first(qtbot, window, datasets, tmp_path):
    dialog = window.open_train_dialog()
    folder = tmp_path / "mine"
    save_image(folder / "t1.png", load_image(datasets / "T91" / "t1.png"))
    dialog.form.add_folder(folder)
    dialog.form.epochs_spin.setValue(50)
    dialog.start()
    qtbot.waitUntil(dialog.is_running, timeout=TIMEOUT)
    window.close()
    assert window.isVisible()  # not closed yet: a question is open
    question = next(b for b in visible_boxes(window) if "Stop the training" in b.text())
    question.button(QMessageBox.StandardButton.Yes).click()
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=TIMEOUT)
    assert not dialog.is_running()


def test_a_picture_too_large_to_compare_fails_with_advice_and_upscales_to_a_file(qtbot, window, pictures, tmp_path, monkeypatch):
    good, _ = pictures
    # wings.png (80 x 64) becomes 240 x 192 = 0.046 MP at x3: over this limit, under it in bands.
    monkeypatch.setattr("srcnn_gui.core.images.limits.MAX_IN_MEMORY_MEGAPIXELS", 0.04)
    window.add_paths([good[0]])
    settle(qtbot, window)
    entry = window.model.entries[0]
    assert entry.status == FAILED
    assert entry.message.startswith("wings.png: 80 x 64 becomes 240 x 192") and "File > Upscale to file" in entry.message
    assert window.window_actions.to_file_action in window.menuBar().actions()[0].menu().actions()
    target = tmp_path / "out" / "wings-big.jpg"
    assert window.files.upscale_to_file(good[0], target)
    qtbot.waitUntil(lambda: not window.file_work.runner.is_busy(), timeout=TIMEOUT)
    assert load_image(target).shape == (192, 240, 3)
    assert window.readout.text() == "Wrote 1 of 1 picture."


def type_scale(qtbot, win, text):
    win.bar.scale_combo.lineEdit().selectAll()
    qtbot.keyClicks(win.bar.scale_combo.lineEdit(), text)
    qtbot.keyClick(win.bar.scale_combo.lineEdit(), Qt.Key.Key_Return)


def test_the_scale_field_takes_decimals_and_output_sizes(qtbot, window, pictures):
    good, _ = pictures  # wings.png is 80 x 64
    window.add_paths([good[0]])
    settle(qtbot, window)
    type_scale(qtbot, window, "2.5")
    assert window.model.model.scale == 3  # x2.5 is served by the x3 model, then reduced
    settle(qtbot, window)
    assert window.model.entries[0].outcome.result.srcnn.shape == (160, 200, 3)
    type_scale(qtbot, window, "w100")
    assert window.model.model is None and window.bar.model_combo.count() == 1  # each picture's factor picks its models
    settle(qtbot, window)
    assert window.model.entries[0].outcome.result.srcnn.shape == (80, 100, 3)
    assert window.model.save_path(window.model.entries[0]).name == "wings_srcnn_100w.png"
    type_scale(qtbot, window, "huge")
    assert window.model.request is None and window.bar.model_combo.count() == 0 and "type a factor" in window.readout.text()


def test_evaluate_needs_a_factor_not_a_size(qtbot, window, pictures):
    good, _ = pictures
    window.bar.mode_combo.setCurrentIndex(window.bar.mode_combo.findData(EVALUATE))
    type_scale(qtbot, window, "1.5")
    window.add_paths([good[0]])
    settle(qtbot, window)
    assert window.model.entries[0].outcome.score.srcnn_psnr > window.model.entries[0].outcome.score.bicubic_psnr
    assert window.model.entries[0].outcome.truth.shape == (63, 78, 3)  # mod-cropped to multiples of 3 for x1.5 = 3/2
    type_scale(qtbot, window, "1920x1080")
    settle(qtbot, window)
    assert window.model.entries[0].status == FAILED and "Evaluate shrinks the picture by a factor" in window.model.entries[0].message


def test_every_start_is_in_upscale_mode_even_after_evaluating(qtbot, user_models, settings):
    settings.setValue("mode", EVALUATE)  # what an older version remembered
    first = MainWindow(settings)
    qtbot.addWidget(first)
    assert first.bar.mode_combo.currentData() == UPSCALE
    first.bar.mode_combo.setCurrentIndex(first.bar.mode_combo.findData(EVALUATE))
    first.close()
    second = MainWindow(settings)
    qtbot.addWidget(second)
    assert second.bar.mode_combo.currentData() == UPSCALE and second.bar.mode_combo.currentText() == "Upscale"


def test_evaluate_saves_the_restored_picture_under_a_name_that_says_so(qtbot, window, pictures, tmp_path):
    good, _ = pictures  # wings.png: 80 x 64
    window.bar.mode_combo.setCurrentIndex(window.bar.mode_combo.findData(EVALUATE))
    window.add_paths([good[0]])
    settle(qtbot, window)
    entry = window.model.entries[0]
    target = window.model.save_path(entry, tmp_path / "out")
    assert target.name == "wings_evaluate_x3.png"
    assert window.files.save_result(entry, target)
    assert load_image(target).shape == entry.outcome.truth.shape == (63, 78, 3)  # restored at the picture's size
    window.bar.mode_combo.setCurrentIndex(window.bar.mode_combo.findData(UPSCALE))
    settle(qtbot, window)
    assert window.model.save_path(entry, tmp_path).name == "wings_srcnn_x3.png"


def test_switching_mode_runs_only_the_picture_on_screen_and_switching_back_runs_nothing(qtbot, window, pictures):
    good, _ = pictures
    window.add_paths(good)
    settle(qtbot, window)
    window.queue.setCurrentRow(1)
    upscaled = [e.outcome for e in window.model.entries]
    started = []
    window.runs.runner.stopped.connect(lambda worker: started.append(worker))
    window.bar.mode_combo.setCurrentIndex(window.bar.mode_combo.findData(EVALUATE))
    qtbot.waitUntil(lambda: window.model.entries[1].status == DONE and not window.is_busy(), timeout=TIMEOUT)
    assert window.model.entries[1].outcome.score is not None and len(started) == 1
    assert window.model.entries[0].status == WAITING and window.model.entries[0].outcome is None
    assert "choose it to evaluate" in window.queue.item(0).text()
    window.bar.mode_combo.setCurrentIndex(window.bar.mode_combo.findData(UPSCALE))
    assert all(e.outcome is old for e, old in zip(window.model.entries, upscaled, strict=True))  # the same results, at once
    assert not window.is_busy()
    assert len(started) == 1


def test_a_picture_being_worked_on_shows_with_its_progress_on_the_canvas(qtbot, window, tmp_path, butterfly):
    path = save_image(tmp_path / "big.png", np.tile(butterfly, (3, 3, 1)))  # 768 x 768 -> 2304 x 2304
    window.add_paths([path])
    qtbot.waitUntil(lambda: window.work_progress.bar.value() >= 1, timeout=TIMEOUT)
    assert window.model.entries[0].status == RUNNING
    assert window.canvas.view.picture_size().width() == window.canvas.view.picture_size().height() == 2304  # the result's size
    assert window.canvas.view.labels() == ("Preview", "SRCNN: working…")
    assert window.canvas.view.overlay_text().startswith("Upscaling big.png: ") and "%" in window.canvas.view.overlay_text()
    assert window.readout.text() == "Upscaling big.png…"
    window.cancel()
    qtbot.waitUntil(lambda: not window.is_busy(), timeout=TIMEOUT)
    assert window.canvas.view.overlay_text() == "" and window.canvas.view.labels()[0] == "Preview"


def test_scores_stay_in_view_with_the_zoom_and_evaluate_shows_both_errors_on_one_scale(qtbot, window, pictures, tmp_path):
    good, _ = pictures
    window.bar.mode_combo.setCurrentIndex(window.bar.mode_combo.findData(EVALUATE))
    window.add_paths([good[0]])
    settle(qtbot, window)
    outcome = window.model.entries[0].outcome
    assert window.files.save_result(window.model.entries[0], tmp_path / "wings.png")
    assert window.statusBar().currentMessage().startswith("Saved")
    network = outcome.model.family  # the viewer names the network that ran
    assert window.canvas.score_panel.isVisible() and f"{network} {outcome.score.srcnn_psnr:.2f} dB" in window.canvas.score_panel.text()
    window.canvas.view.set_zoom(2.0)
    assert window.canvas.score_panel.zoom_label.text() == "Zoom 200%"
    window.canvas.fit_action.trigger()
    assert window.canvas.score_panel.zoom_label.text() == f"Zoom {window.canvas.view.zoom() * 100:.0f}%"
    window.canvas.set_view_mode(DIFFERENCE)
    assert window.canvas.view.labels() == ("|bicubic − original|", f"|{network} − original|")
    np.testing.assert_array_equal(outcome.bicubic_difference, difference_heatmap(outcome.result.bicubic, outcome.truth))
    frame, bar = window.canvas.view.grab().toImage(), window.canvas.view.colour_scale_rect()
    ramp = np.round(colour_scale() * 255)
    for x in range(int(bar.left()) + 1, int(bar.right()) - 1, 20):  # the heat map's own colours, low to high
        colour = frame.pixelColor(x, int(bar.center().y()))
        expected = ramp[0, round((x + 0.5 - bar.left()) / bar.width() * (ramp.shape[1] - 1))]
        assert np.abs(np.array([colour.red(), colour.green(), colour.blue()]) - expected).max() <= 6


def test_a_long_failure_reason_wraps_in_the_queue_and_long_status_text_is_elided_with_a_tooltip(
        qtbot, window, pictures, tmp_path, monkeypatch):
    good, _ = pictures
    monkeypatch.setattr("srcnn_gui.core.images.limits.MAX_IN_MEMORY_MEGAPIXELS", 0.04)  # wings.png fails, at length
    window.add_paths([good[0]])
    settle(qtbot, window)
    item, message = window.queue.item(0), window.model.entries[0].message
    assert len(message) > 150 and message in item.toolTip()
    line = window.queue.fontMetrics().height()
    rect = window.queue.visualItemRect(item)
    assert rect.width() <= window.queue.viewport().width() and rect.height() >= 5 * line  # wrapped, not cut off
    long_text = "Batch: picture 1 of 1: " + "/very/deep/folder" * 20 + "/wings.png"
    window.readout.setText(long_text)
    shown = window.readout.shown_text()
    assert window.readout.text() == long_text and window.readout.toolTip() == long_text
    assert "…" in shown and shown.endswith("wings.png")
    assert window.readout.fontMetrics().horizontalAdvance(shown) <= window.readout.contentsRect().width()


class ReadoutRecorder(QObject):
    """What the window's status line says each time a worker reports."""

    def __init__(self, win) -> None:
        super().__init__()
        self.win, self.seen = win, []

    def listen(self, worker):
        worker.yielded.connect(self.record)
        return worker

    @Slot(object)
    def record(self, report) -> None:
        if isinstance(report, BatchFile):  # the file that starts (the engine also reports the start and each end)
            self.seen.append(self.win.readout.text())


def test_a_batch_says_which_file_it_is_on(qtbot, window, pictures, tmp_path, monkeypatch):
    good, _ = pictures
    out = tmp_path / "batch-out"
    recorder = ReadoutRecorder(window)
    start = window.file_work.runner.start
    # Connected before the thread starts, to a slot of a GUI-thread object: it runs after the window's own.
    monkeypatch.setattr(window.file_work.runner, "start", lambda worker: start(recorder.listen(worker)))
    assert window.files.start_batch(good[0].parent, out)
    qtbot.waitUntil(lambda: not window.file_work.runner.is_busy(), timeout=TIMEOUT)
    said = recorder.seen
    assert [text.split(": ")[1] for text in said] == ["picture 1 of 3", "picture 2 of 3", "picture 3 of 3"]
    assert [Path(text.split(": ")[2].split(" → ")[0]).name for text in said] == ["holiday.png", "edge.jpg", "wings.png"]


def test_waiting_pictures_have_a_thumbnail(qtbot, window, pictures, tmp_path, butterfly):
    good, _ = pictures
    big = save_image(tmp_path / "big.png", np.tile(butterfly, (3, 3, 1)))  # runs first and long
    window.add_paths([big, *good])
    qtbot.waitUntil(lambda: not window.queue.item(2).icon().isNull(), timeout=TIMEOUT)
    assert window.model.entries[2].status == WAITING
    assert not window.queue.item(1).icon().isNull()
    window.cancel()
    qtbot.waitUntil(lambda: not window.is_busy(), timeout=TIMEOUT)


def test_the_toolbar_shows_the_models_choices_and_sends_the_users(qtbot, window):
    """The window keeps no setting in a widget: the model holds it, the toolbar shows it and sends changes."""
    window.model.set_denoise("high")
    window.model.set_mode(EVALUATE)
    window.model.set_scale_text("w640")
    bar = window.bar
    assert bar.denoise_combo.currentData() == "high" and bar.mode_combo.currentData() == EVALUATE
    assert bar.scale_combo.currentText() == "w640" and [bar.model_combo.itemData(i) for i in range(bar.model_combo.count())] == [None]
    assert all(action.isVisible() for action in bar.jpeg_actions)
    bar.jpeg_spin.setValue(55)
    bar.denoise_combo.setCurrentIndex(bar.denoise_combo.findData("none"))
    bar.mode_combo.setCurrentIndex(bar.mode_combo.findData(UPSCALE))
    assert (window.model.evaluate_jpeg, window.model.denoise, window.model.mode) == (55, "none", UPSCALE)
