"""The window keeps what pictures carry when it saves (one picture or a folder batch), like the CLI."""

from __future__ import annotations

import cv2
import numpy as np
from PIL import Image, ImageCms
from PySide6.QtCore import QSettings

from srcnn_gui.core.models.registry import default_model
from srcnn_gui.gui.main_window import MainWindow
from srcnn_gui.gui.queue_panel import DONE, FAILED
from srcnn_gui.gui.workers import BatchJob


def test_batch_job_keeps_profile_and_sixteen_bits_and_names_bad_files(qtbot, tmp_path):
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    photo, scan, empty = tmp_path / "photo.jpg", tmp_path / "scan.png", tmp_path / "empty.png"
    Image.fromarray(np.random.default_rng(0).integers(0, 256, (12, 14, 3), dtype=np.uint8)).save(photo, icc_profile=profile)
    cv2.imwrite(str(scan), (np.random.default_rng(1).integers(0, 255, (9, 11, 3)) * 257 + 5).astype(np.uint16))
    empty.touch()
    out = tmp_path / "out"
    pairs = [(photo, out / "photo_srcnn_x3.png"), (scan, out / "scan_srcnn_x3.png"), (empty, out / "empty_srcnn_x3.png")]
    job = BatchJob(pairs, default_model(3), "cpu")
    steps = []
    job.progress.connect(lambda done, total: steps.append((done, total)))
    with qtbot.waitSignal(job.finished, timeout=120_000) as summary:
        job.work()
    assert steps[-1] == (3000, 3000) and steps == sorted(steps) and len(steps) > 3  # tile by tile, never back
    result = summary.args[0]
    assert result.failures == [f"{empty}: empty file (0 bytes)"]
    by_name = {p.name: p for p in result.written}
    assert sorted(by_name) == ["photo_srcnn_x3.png", "scan_srcnn_x3.png"]
    assert Image.open(by_name["photo_srcnn_x3.png"]).info["icc_profile"] == profile
    deep = cv2.imdecode(np.fromfile(by_name["scan_srcnn_x3.png"], np.uint8), cv2.IMREAD_UNCHANGED)
    assert deep.dtype == np.uint16 and deep.shape == (27, 33, 3)


def test_saving_from_the_window_keeps_exif_and_profile(qtbot, tmp_path, user_models):
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    exif = Image.Exif()
    exif[0x010F] = "Canon"
    photo = tmp_path / "photo.jpg"
    Image.fromarray(np.random.default_rng(2).integers(0, 256, (12, 14, 3), dtype=np.uint8)).save(photo, icc_profile=profile, exif=exif)
    window = MainWindow(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.add_paths([photo])
    qtbot.waitUntil(lambda: not window.is_busy() and all(e.status in (DONE, FAILED) for e in window.entries), timeout=90_000)
    out = tmp_path / "saved.jpg"
    assert window.save_result(window.entries[0], out)
    with Image.open(out) as written:
        assert written.info["icc_profile"] == profile and written.getexif()[0x010F] == "Canon"
    window.close()
