"""The window as a new user first meets it, with real widgets, models and files: what runs and why in one place,
plain model labels, Evaluate's readout, a geometry from another screen, the slider only where it does something."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QMessageBox

from srcnn_gui.core.images.formats import SAME_AS_INPUT
from srcnn_gui.core.images.writing import save_image
from srcnn_gui.core.models.labels import model_label
from srcnn_gui.core.models.registry import ranked_models
from srcnn_gui.core.window.output_settings import OutputSettings
from srcnn_gui.core.window.window_model import EVALUATE
from srcnn_gui.gui.compare_view import DIFFERENCE, SIDE_BY_SIDE, SPLIT
from srcnn_gui.gui.main_window import MainWindow
from tests.gui.test_main_window import settle


@pytest.fixture()
def web_photo(tmp_path, butterfly):
    """A JPEG saved at quality 40, as pictures from the web often are."""
    pixels = (butterfly[:60, :72] * 255).round().astype(np.uint8)
    Image.fromarray(pixels).save(tmp_path / "web.jpg", quality=40)
    return tmp_path / "web.jpg"


def test_the_model_box_lists_plain_labels_with_the_exact_name_in_the_tooltip(window):
    combo = window.bar.model_combo
    labels = [combo.itemText(i) for i in range(combo.count())]
    assert labels == [model_label(info) for info in ranked_models(3, "none")]
    assert all(label.startswith(("SRCNN ", "FSRCNN (fast) ")) and label.endswith(" x3") for label in labels)
    assert not any("dB" in label or "srcnn-" in label for label in labels)
    assert combo.currentData().name in combo.toolTip()
    assert combo.itemData(1, Qt.ItemDataRole.ToolTipRole).startswith(combo.itemData(1).name)


def test_what_runs_and_why_is_said_beside_the_model_box_and_nowhere_else(qtbot, window, web_photo):
    window.add_paths([web_photo])
    settle(qtbot, window)
    ran = window.model.entries[0].outcome.model
    assert ran.denoise == "high" and ran != window.model.model  # the JPEG model, not the one chosen for clean pictures
    assert window.bar.running.text().split() == f"→ {model_label(ran)} JPEG quality ≈ 40 → high".split()
    assert window.bar.running.toolTip().startswith(f"{ran.name}: JPEG quality ≈ 40 → high")
    assert ran.name not in window.readout.text()  # the status bar no longer names another model than the box


def test_evaluate_says_the_picture_is_the_ground_truth_not_that_a_jpeg_is_no_jpeg(qtbot, window, web_photo):
    window.bar.mode_combo.setCurrentIndex(window.bar.mode_combo.findData(EVALUATE))
    window.add_paths([web_photo])
    settle(qtbot, window)
    words = window.bar.running.text()
    assert "not a JPEG" not in words and "ground truth, shrunk without JPEG → none" in words


def test_a_geometry_from_another_screen_is_clamped_to_this_one_and_a_usable_size(qtbot, user_models, settings):
    tiny = MainWindow(settings)
    qtbot.addWidget(tiny)
    tiny.setGeometry(QRect(5000, 4000, 160, 90))  # as on a large second screen, made tiny there
    settings.setValue("geometry", tiny.saveGeometry())
    tiny.close()
    again = MainWindow(settings)
    qtbot.addWidget(again)
    again.show()
    qtbot.waitExposed(again)
    screen = again.screen().availableGeometry()
    assert screen.contains(again.frameGeometry())
    room = screen.size() - (again.frameGeometry().size() - again.size())  # the screen less the window's frame
    assert again.width() >= min(again.bar.sizeHint().width(), room.width())  # the toolbar whole, none in the overflow
    assert again.height() >= min(480, room.height())


@pytest.mark.parametrize("view", [SIDE_BY_SIDE, DIFFERENCE])
def test_the_compare_slider_shows_only_in_the_slider_view(window, view):
    canvas = window.canvas
    assert canvas.split_slider.isVisible()
    canvas.set_view_mode(view)
    assert not canvas.split_slider.isVisible() and not canvas.left_caption.isVisible()
    window.canvas.view_actions[SPLIT].trigger()
    assert canvas.split_slider.isVisible()


def test_the_output_settings_say_what_each_format_costs_and_offer_the_inputs_format(qtbot, window, web_photo, tmp_path,
                                                                                   butterfly):
    dialog = window.files.choose_output_settings()
    labels = [dialog.format_combo.itemText(i) for i in range(dialog.format_combo.count())]
    assert labels[0].startswith("Same as the input") and all(" MB" in label for label in labels[1:])
    dialog.format_combo.setCurrentIndex(dialog.format_combo.findData(SAME_AS_INPUT))
    assert dialog.quality_spin.isEnabled()  # a JPEG's result is a JPEG
    dialog.accept()
    save_image(web_photo.with_name("scan.png"), butterfly[:40, :40])
    assert window.files.start_batch(web_photo.parent, tmp_path / "batch")
    qtbot.waitUntil(lambda: not window.file_work.runner.is_busy(), timeout=90_000)
    assert sorted(p.name for p in (tmp_path / "batch").iterdir() if not p.name.startswith(".")) == [
        "scan_srcnn_x3.png", "web_srcnn_x3.jpg"]
    assert (tmp_path / "batch" / "web_srcnn_x3.jpg").read_bytes()[:2] == b"\xff\xd8"


def test_a_window_batch_says_once_that_transparency_went_white_in_jpeg(qtbot, window, tmp_path, butterfly):
    icons = tmp_path / "icons"
    for index in range(2):
        colour = butterfly[:24, 30 * index:30 * index + 30]
        save_image(icons / f"icon{index}.png", np.dstack([colour, np.full((24, 30), 0.5, colour.dtype)]))
    window.files.set_output(OutputSettings("", ".jpg"))
    assert window.files.start_batch(icons, tmp_path / "batch")
    qtbot.waitUntil(lambda: not window.file_work.runner.is_busy(), timeout=90_000)
    shown = [box.text() for box in window.findChildren(QMessageBox) if box.isVisible()]
    assert len(shown) == 1 and shown[0].count("transparent") == 1
    assert "2 pictures had transparent areas, filled with white" in shown[0]
