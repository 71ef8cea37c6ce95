"""Writing pictures: the JPEG and WebP quality asked for is the one the file is written at."""

from __future__ import annotations

import pytest

from srcnn_gui.core.errors import ImageWriteError
from srcnn_gui.core.images.jpeg import file_quality
from srcnn_gui.core.images.writing import DEFAULT_QUALITY, save_bands, save_image


def test_a_jpeg_is_written_at_the_quality_asked_for(tmp_path, butterfly):
    default = save_image(tmp_path / "default.jpg", butterfly)
    low = save_image(tmp_path / "low.jpg", butterfly, quality=40)
    banded = save_bands(tmp_path / "bands.jpg", [butterfly[:100], butterfly[100:]], butterfly.shape, quality=60)
    assert (file_quality(default), file_quality(low), file_quality(banded)) == (DEFAULT_QUALITY, 40, 60)
    assert low.stat().st_size < default.stat().st_size


def test_webp_quality_changes_the_file_and_a_quality_out_of_range_is_refused(tmp_path, butterfly):
    high = save_image(tmp_path / "high.webp", butterfly, quality=95)
    low = save_image(tmp_path / "low.webp", butterfly, quality=30)
    assert low.stat().st_size < 0.7 * high.stat().st_size
    with pytest.raises(ImageWriteError, match="1 to 100, not 0"):
        save_image(tmp_path / "bad.jpg", butterfly, quality=0)
    assert not (tmp_path / "bad.jpg").exists()
