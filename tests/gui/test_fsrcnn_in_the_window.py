"""FSRCNN in the window: a model file of the family runs, and the viewer names what ran."""

from __future__ import annotations

import torch

from srcnn_gui.core.images.writing import save_image
from srcnn_gui.core.models.files import save_model
from srcnn_gui.core.models.fsrcnn import FSRCNN
from srcnn_gui.core.window.picture_queue import DONE, FAILED
from srcnn_gui.core.window.window_model import EVALUATE
from srcnn_gui.gui.compare_view import DIFFERENCE

TIMEOUT = 90_000


def test_a_named_fsrcnn_file_runs_and_the_viewer_calls_the_result_fsrcnn(qtbot, window, tmp_path, butterfly):
    torch.manual_seed(0)
    path = save_model(tmp_path / "outside-any-model-folder.pt", FSRCNN(3, d=8, s=4, m=1), 3)
    window.model.set_scale_text("3")
    window.model.refresh_models(select_path=str(path))
    assert window.model.model is not None and window.model.model.path == path  # offered although in no model folder
    window.bar.mode_combo.setCurrentIndex(window.bar.mode_combo.findData(EVALUATE))
    window.add_paths([save_image(tmp_path / "wings.png", butterfly[:60, :90])])
    qtbot.waitUntil(lambda: not window.is_busy() and all(e.status in (DONE, FAILED) for e in window.model.entries),
                    timeout=TIMEOUT)
    outcome = window.model.entries[0].outcome
    assert outcome.model.path == path and outcome.result.srcnn.shape == (60, 90, 3)
    assert window.canvas.right_caption.text() == "FSRCNN"
    assert "· FSRCNN" in window.canvas.score_panel.text() and "· SRCNN" not in window.canvas.score_panel.text()


def test_a_large_fsrcnn_result_is_named_fsrcnn_beside_the_slider_and_in_the_difference(qtbot, window, tmp_path, butterfly,
                                                                                       monkeypatch):
    from srcnn_gui.core.images import limits
    from srcnn_gui.core.jobs.large_picture import LargeOutcome

    monkeypatch.setattr(limits, "WINDOW_REGIONS_ABOVE_MEGAPIXELS", 0.1)  # the butterfly at x3 goes region by region
    torch.manual_seed(0)
    path = save_model(tmp_path / "fast.pt", FSRCNN(3, d=8, s=4, m=1), 3)
    window.model.set_scale_text("3")
    window.model.refresh_models(select_path=str(path))
    window.add_paths([save_image(tmp_path / "wings.png", butterfly)])
    qtbot.waitUntil(lambda: not window.is_busy() and all(e.status in (DONE, FAILED) for e in window.model.entries),
                    timeout=TIMEOUT)
    assert isinstance(window.model.entries[0].outcome, LargeOutcome)
    assert window.canvas.right_caption.text() == "FSRCNN"
    assert window.canvas.view.labels()[1] == "FSRCNN"
    window.canvas.view_actions[DIFFERENCE].trigger()
    assert "|FSRCNN − bicubic|" in window.canvas.view.labels()
