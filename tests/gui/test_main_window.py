"""The main window with real widgets, a real model and real pictures (offscreen)."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QMessageBox

from srcnn_gui.core.engine import Upscaler
from srcnn_gui.core.evaluation import measure_upscale
from srcnn_gui.core.imaging import load_image, save_image
from srcnn_gui.gui.main_window import MEASURE, MainWindow

TIMEOUT = 60_000


@pytest.fixture()
def window(qtbot, user_models):
    win = MainWindow()
    qtbot.addWidget(win)
    win.show()
    yield win
    win.close()
    assert not win.is_busy()


@pytest.fixture()
def picture(tmp_path, butterfly):
    return save_image(tmp_path / "wings.png", butterfly[:64, :80])


def wait_for_result(qtbot, win):
    qtbot.waitUntil(lambda: win.outcome is not None and not win.is_busy(), timeout=TIMEOUT)


def test_opening_a_picture_shows_bicubic_and_srcnn(qtbot, window, picture):
    assert window.open_image(picture)
    wait_for_result(qtbot, window)
    result = window.outcome.result
    assert result.srcnn.shape == (192, 240, 3) == result.bicubic.shape
    assert not np.array_equal(result.srcnn, result.bicubic)
    assert "240×192" in window.readout.text()
    assert window.save_action.isEnabled()


def test_measure_mode_reports_the_same_scores_as_the_core(qtbot, window, picture):
    window.open_image(picture)
    window.mode_combo.setCurrentIndex(window.mode_combo.findData(MEASURE))
    qtbot.waitUntil(lambda: window.outcome is not None and window.outcome.score is not None and not window.is_busy(), timeout=TIMEOUT)
    _, _, expected = measure_upscale(load_image(picture), Upscaler.from_info(window.current_model(), device="cpu"))
    score = window.outcome.score
    assert score.srcnn_psnr == pytest.approx(expected.srcnn_psnr, abs=1e-3)
    assert f"{expected.srcnn_psnr:.2f} dB" in window.readout.text()
    assert f"{expected.bicubic_psnr:.2f} dB" in window.readout.text()


def test_a_bad_file_gives_a_message_and_keeps_the_picture(qtbot, window, picture, tmp_path):
    window.open_image(picture)
    wait_for_result(qtbot, window)
    broken = tmp_path / "holiday.jpg"
    broken.write_bytes(b"definitely not a jpeg")
    assert not window.open_image(broken)
    boxes = [b for b in window.findChildren(QMessageBox) if b.isVisible()]
    assert boxes and "holiday.jpg" in boxes[-1].text()
    assert window.image_path == picture and window.outcome is not None


def test_dropping_a_file_opens_it(qtbot, window, picture):
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(picture))])
    event = QDropEvent(QPointF(50, 50), Qt.DropAction.CopyAction, mime, Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)
    window.dropEvent(event)
    assert window.image_path == picture
    wait_for_result(qtbot, window)


def test_saving_never_replaces_the_original_or_an_existing_file(qtbot, window, picture, tmp_path):
    window.open_image(picture)
    wait_for_result(qtbot, window)
    original = picture.read_bytes()
    assert not window.save_result(picture, overwrite=True)
    assert picture.read_bytes() == original
    target = tmp_path / "big.png"
    assert window.save_result(target)
    assert load_image(target).shape == (192, 240, 3)
    assert not window.save_result(target)  # exists: refused without overwrite


def test_cancel_stops_a_long_upscale(qtbot, window, tmp_path, butterfly):
    big = np.tile(butterfly, (3, 3, 1))  # 768 x 768 -> 2304 x 2304, dozens of tiles
    path = save_image(tmp_path / "big.png", big)
    window.open_image(path)
    qtbot.waitUntil(lambda: window.progress.maximum() > 1, timeout=TIMEOUT)
    window.cancel_upscale()
    qtbot.waitUntil(lambda: not window.is_busy(), timeout=TIMEOUT)
    assert window.outcome is None
    assert window.readout.text() == "Cancelled."


def test_changing_the_scale_picks_a_model_for_it_and_upscales_again(qtbot, window, picture):
    window.open_image(picture)
    wait_for_result(qtbot, window)
    window.scale_combo.setCurrentIndex(window.scale_combo.findData(2))
    assert window.current_model().scale == 2
    qtbot.waitUntil(lambda: window.outcome is not None and window.outcome.result.srcnn.shape[0] == 128 and not window.is_busy(),
                    timeout=TIMEOUT)
