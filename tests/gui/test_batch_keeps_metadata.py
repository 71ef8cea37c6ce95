"""The window's folder batch keeps what pictures carry and reports bad files, like the CLI."""

from __future__ import annotations

import cv2
import numpy as np
from PIL import Image, ImageCms

from srcnn_gui.core.weights import default_model
from srcnn_gui.gui.workers import BatchJob


def test_batch_job_keeps_profile_and_sixteen_bits_and_names_bad_files(qtbot, tmp_path):
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    photo, scan, empty = tmp_path / "photo.jpg", tmp_path / "scan.png", tmp_path / "empty.png"
    Image.fromarray(np.random.default_rng(0).integers(0, 256, (12, 14, 3), dtype=np.uint8)).save(photo, icc_profile=profile)
    cv2.imwrite(str(scan), (np.random.default_rng(1).integers(0, 255, (9, 11, 3)) * 257 + 5).astype(np.uint16))
    empty.touch()
    out = tmp_path / "out"
    job = BatchJob([photo, scan, empty], out, default_model(3), "cpu")
    with qtbot.waitSignal(job.finished, timeout=120_000) as summary:
        job.work()
    result = summary.args[0]
    assert result.failures == [f"{empty}: empty file (0 bytes)"]
    by_name = {p.name: p for p in result.written}
    assert sorted(by_name) == ["photo_srcnn_x3.png", "scan_srcnn_x3.png"]
    assert Image.open(by_name["photo_srcnn_x3.png"]).info["icc_profile"] == profile
    deep = cv2.imdecode(np.fromfile(by_name["scan_srcnn_x3.png"], np.uint8), cv2.IMREAD_UNCHANGED)
    assert deep.dtype == np.uint16 and deep.shape == (27, 33, 3)
