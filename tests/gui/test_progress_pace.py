"""Progress that comes faster than the window can show it (a region at a time with FSRCNN) is shown at a steady
pace: the first at once, the latest after each interval, never a finished job's on the next one."""

from __future__ import annotations

import numpy as np

from srcnn_gui.core.images.writing import save_image
from srcnn_gui.gui.picture_runs import PROGRESS_INTERVAL_MS


def test_a_burst_of_progress_is_shown_first_and_last_not_each(qtbot, window):
    runs, shown = window.runs, []
    window.work_progress.bar.valueChanged.connect(shown.append)
    for done in range(1, 501):  # as queued signals from a worker: all handled before the interval ends
        runs._on_progress(done, 1000)
    assert shown == [1]  # the first at once; the rest wait for the interval
    qtbot.wait(PROGRESS_INTERVAL_MS * 3)
    assert shown == [1, 500]  # then only the latest
    runs._on_progress(501, 1000)
    assert shown[-1] == 501  # after a quiet interval, at once again


def test_a_finished_pictures_last_progress_is_dropped_not_shown_on_the_next(qtbot, window, tmp_path, butterfly):
    window.runs._progress_timer.setInterval(10_000)  # longer than the job: its later progress waits until it ends
    path = save_image(tmp_path / "wings.png", np.tile(butterfly, (2, 2, 1)))
    window.add_paths([path])
    qtbot.waitUntil(lambda: window.model.entries[0].outcome is not None, timeout=120_000)
    assert window.runs._pending_progress is None and not window.runs._progress_timer.isActive()
