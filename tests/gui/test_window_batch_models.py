"""The window's Batch a folder, Upscale to file and preview give a JPEG the model the CLI gives it (issue 27):
one batch engine, one model choice, the Denoise setting honoured by every button."""

from __future__ import annotations

import os
import subprocess
import sys

import numpy as np
import pytest
from PIL import Image
from PySide6.QtCore import QObject, Slot

from srcnn_gui.core.images.denoise_levels import AUTO
from srcnn_gui.core.images.jpeg import file_quality
from srcnn_gui.core.images.reading import load_image
from srcnn_gui.core.inference.model_choice import ModelChooser
from srcnn_gui.core.jobs.batch import FileOutcome, Outcome
from srcnn_gui.core.models.scales import DEFAULT_FACTOR
from tests.gui.test_main_window import settle

TIMEOUT = 120_000


class OutcomeRecorder(QObject):
    """The model each file of the window's file-to-file jobs was upscaled with, as the engine reports it."""

    def __init__(self) -> None:
        super().__init__()
        self.models = []

    def listen(self, worker):
        worker.yielded.connect(self.record)
        return worker

    @Slot(object)
    def record(self, report) -> None:
        if isinstance(report, FileOutcome) and report.outcome is Outcome.WRITTEN:
            self.models.append(report.file.choice.info)


@pytest.fixture()
def web_photo(tmp_path, butterfly):
    """A small picture saved as a heavily compressed JPEG (quality 40), as found on the web."""
    path = tmp_path / "in" / "web.jpg"
    path.parent.mkdir()
    Image.fromarray((butterfly[:60, :72] * 255).round().astype(np.uint8)).save(path, quality=40)
    return path


def test_a_jpeg_q40_gets_the_clis_jpeg_model_in_a_window_batch_upscale_to_file_and_preview(
        qtbot, window, web_photo, tmp_path, monkeypatch):
    # The CLI's rule for a file it is given without --model: its factor and, denoise auto, its JPEG quality.
    expected = ModelChooser(DEFAULT_FACTOR, AUTO).choose(file_quality(web_photo)).info
    assert expected.denoise == "high" and window.model.denoise == AUTO
    recorder = OutcomeRecorder()
    start = window.file_work.runner.start
    monkeypatch.setattr(window.file_work.runner, "start", lambda worker: start(recorder.listen(worker)))
    assert window.files.start_batch(web_photo.parent, tmp_path / "window")
    qtbot.waitUntil(lambda: not window.file_work.runner.is_busy(), timeout=TIMEOUT)
    assert window.files.upscale_to_file(web_photo, tmp_path / "to-file.png")
    qtbot.waitUntil(lambda: not window.file_work.runner.is_busy(), timeout=TIMEOUT)
    assert [m.path for m in recorder.models] == [expected.path, expected.path]
    window.add_paths([web_photo])
    settle(qtbot, window)
    assert window.model.entries[0].outcome.model.path == expected.path

    cli = subprocess.run([sys.executable, "-m", "srcnn_gui", "upscale", str(web_photo), "-o", str(tmp_path / "cli")],
                         env={**os.environ}, capture_output=True, text=True, timeout=300)
    assert cli.returncode == 0, cli.stderr[-1000:]
    name = f"web_srcnn_x{DEFAULT_FACTOR}.png"
    by_cli = load_image(tmp_path / "cli" / name)
    np.testing.assert_array_equal(load_image(tmp_path / "window" / name), by_cli)
    np.testing.assert_array_equal(load_image(tmp_path / "to-file.png"), by_cli)
