"""The window's output settings carry the PNG compression level: remembered values are kept in range, and the
window's file jobs write at the level chosen (smaller files at 9 than at 0, the same pixels)."""

from __future__ import annotations

import numpy as np

from srcnn_gui.core.images.png_levels import DEFAULT_PNG_LEVEL
from srcnn_gui.core.images.reading import load_image
from srcnn_gui.core.images.writing import save_image
from srcnn_gui.core.jobs.control import JobControl
from srcnn_gui.core.window.output_settings import OutputSettings
from srcnn_gui.core.window.window_model import WindowModel


def test_a_remembered_level_out_of_range_is_brought_into_range():
    assert OutputSettings.checked("", ".png", 95, 42).png_level == 9
    assert OutputSettings.checked("", ".png", 95, -3).png_level == 0
    assert OutputSettings.checked("", ".png", 95).png_level == DEFAULT_PNG_LEVEL == OutputSettings().png_level


def test_the_windows_file_jobs_write_at_the_chosen_level(user_models, tmp_path, butterfly):
    wings = save_image(tmp_path / "wings.png", butterfly[:96, :120])
    model = WindowModel(devices=("cpu",))
    model.set_scale_text("x2")
    written = {}
    for level in (0, 9):
        model.set_output(OutputSettings(png_level=level))
        target = tmp_path / f"level{level}.png"
        summary = model.to_file_task(wings, target)(JobControl())
        assert summary.written == [target]
        written[level] = target
    assert written[9].stat().st_size < 0.8 * written[0].stat().st_size
    assert np.array_equal(load_image(written[0]), load_image(written[9]))
