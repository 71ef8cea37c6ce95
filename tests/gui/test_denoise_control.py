"""The window's Denoise control and Evaluate mode's JPEG option, with real widgets, models and files."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from srcnn_gui.core.models.registry import default_model
from srcnn_gui.core.window.window_model import EVALUATE
from tests.gui.test_main_window import settle


@pytest.fixture()
def photos(tmp_path, butterfly):
    pixels = (butterfly[:60, :72] * 255).round().astype(np.uint8)
    Image.fromarray(pixels).save(tmp_path / "web.jpg", quality=62)
    Image.fromarray(pixels).save(tmp_path / "scan.png")
    return tmp_path / "web.jpg", tmp_path / "scan.png"


def _show(qtbot, win, path):
    win.add_paths([path])
    settle(qtbot, win)
    win.queue.setCurrentRow(len(win.model.entries) - 1)
    return win.model.entries[-1].outcome


def test_auto_reads_the_jpeg_quality_and_says_what_it_chose(qtbot, window, photos, medium_model):  # noqa: F811
    jpeg, png = photos
    window.bar.scale_combo.setCurrentIndex(window.bar.scale_combo.findData(3))
    assert window.bar.denoise_combo.currentData() == "auto"
    assert all(m.denoise == "none" for m in (window.bar.model_combo.itemData(i) for i in range(window.bar.model_combo.count())))
    outcome = _show(qtbot, window, jpeg)
    assert outcome.model.name == medium_model.name
    assert window.bar.running.text().splitlines()[-1].strip() == "JPEG quality ≈ 62 → medium"
    outcome = _show(qtbot, window, png)
    assert outcome.model == window.model.model and "not a JPEG" in window.bar.running.text()
    window.bar.denoise_combo.setCurrentIndex(window.bar.denoise_combo.findData("none"))  # by hand: the clean model
    settle(qtbot, window)
    window.queue.setCurrentRow(0)
    assert window.model.entries[0].outcome.model == window.model.model
    assert window.bar.running.text().splitlines()[-1].strip() == "denoise none" and "chosen by hand" in window.bar.running.toolTip()


def test_evaluate_mode_can_save_the_shrunk_picture_as_jpeg(qtbot, window, photos):  # noqa: F811
    _, png = photos
    assert not any(action.isVisible() for action in window.bar.jpeg_actions)  # only Evaluate makes a low-res picture
    window.bar.mode_combo.setCurrentIndex(window.bar.mode_combo.findData(EVALUATE))
    assert all(action.isVisible() for action in window.bar.jpeg_actions)
    lossless = _show(qtbot, window, png).score
    window.bar.jpeg_spin.setValue(30)
    settle(qtbot, window)
    compressed = window.model.entries[-1].outcome
    assert compressed.score.bicubic_psnr < lossless.bicubic_psnr - 0.5
    assert compressed.reason.startswith("JPEG quality ≈ 30 → high")
    assert compressed.model == default_model(3) or compressed.model.denoise == "high"
