"""The window keeps what pictures carry when it saves, like the CLI (the folder batch: tests/core/jobs/test_batch.py)."""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageCms
from PySide6.QtCore import QSettings

from srcnn_gui.core.window.picture_queue import DONE, FAILED
from srcnn_gui.gui.main_window import MainWindow


def test_saving_from_the_window_keeps_exif_and_profile(qtbot, tmp_path, user_models):
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    exif = Image.Exif()
    exif[0x010F] = "Canon"
    photo = tmp_path / "photo.jpg"
    Image.fromarray(np.random.default_rng(2).integers(0, 256, (12, 14, 3), dtype=np.uint8)).save(photo, icc_profile=profile, exif=exif)
    window = MainWindow(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.add_paths([photo])
    qtbot.waitUntil(lambda: not window.is_busy() and all(e.status in (DONE, FAILED) for e in window.model.entries), timeout=90_000)
    out = tmp_path / "saved.jpg"
    assert window.files.save_result(window.model.entries[0], out)
    with Image.open(out) as written:
        assert written.info["icc_profile"] == profile and written.getexif()[0x010F] == "Canon"
    window.close()
