"""A batch of files: each written file keeps the picture's profile and depth, and a bad file is named and skipped."""

from __future__ import annotations

import cv2
import numpy as np
import pytest
from PIL import Image, ImageCms

from srcnn_gui.core.errors import CancelledError
from srcnn_gui.core.jobs.batch import upscale_files
from srcnn_gui.core.jobs.control import JobControl
from srcnn_gui.core.models.registry import default_model


def test_batch_job_keeps_profile_and_sixteen_bits_and_names_bad_files(tmp_path):
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    photo, scan, empty = tmp_path / "photo.jpg", tmp_path / "scan.png", tmp_path / "empty.png"
    Image.fromarray(np.random.default_rng(0).integers(0, 256, (12, 14, 3), dtype=np.uint8)).save(photo, icc_profile=profile)
    cv2.imwrite(str(scan), (np.random.default_rng(1).integers(0, 255, (9, 11, 3)) * 257 + 5).astype(np.uint16))
    empty.touch()
    out = tmp_path / "out"
    pairs = [(photo, out / "photo_srcnn_x3.png"), (scan, out / "scan_srcnn_x3.png"), (empty, out / "empty_srcnn_x3.png")]
    steps = []
    result = upscale_files(pairs, default_model(3), "cpu", JobControl(progress=lambda done, total: steps.append((done, total))))
    assert steps[-1] == (3000, 3000) and steps == sorted(steps) and len(steps) > 3  # tile by tile, never back
    assert result.failures == [f"{empty}: empty file (0 bytes)"]
    by_name = {p.name: p for p in result.written}
    assert sorted(by_name) == ["photo_srcnn_x3.png", "scan_srcnn_x3.png"]
    assert Image.open(by_name["photo_srcnn_x3.png"]).info["icc_profile"] == profile
    deep = cv2.imdecode(np.fromfile(by_name["scan_srcnn_x3.png"], np.uint8), cv2.IMREAD_UNCHANGED)
    assert deep.dtype == np.uint16 and deep.shape == (27, 33, 3)


def test_a_cancelled_batch_stops_before_the_next_file(tmp_path):
    control = JobControl()
    control.cancel()
    with pytest.raises(CancelledError, match="after 0 of 1 files"):
        upscale_files([(tmp_path / "a.png", tmp_path / "out.png")], default_model(3), "cpu", control)
