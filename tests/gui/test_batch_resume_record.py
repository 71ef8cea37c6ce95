"""The window's *Batch a folder…* says in its summary what the batch found wrong with its resume record, as
the CLI does: an empty record left by a full disk is named, the results are kept, and what to do is said in
the window's words."""

from __future__ import annotations

from srcnn_gui.core.jobs.run_record import RECORD_NAME
from srcnn_gui.core.window.window_model import WINDOW_REMEDIES
from tests.gui.test_main_window import TIMEOUT, pictures, visible_boxes  # noqa: F401 (pictures: a fixture)


def test_an_empty_record_is_named_in_the_batch_summary_and_the_results_kept(qtbot, window, pictures, tmp_path):  # noqa: F811
    good, bad = pictures
    bad.unlink()
    out = tmp_path / "batch-out"
    assert window.files.start_batch(good[0].parent, out)
    qtbot.waitUntil(lambda: not window.file_work.runner.is_busy(), timeout=TIMEOUT)
    (out / RECORD_NAME).write_bytes(b"")  # what a full disk left before records were written whole
    results = {p: p.read_bytes() for p in out.rglob("*.png")}
    assert window.files.start_batch(good[0].parent, out)
    qtbot.waitUntil(lambda: not window.file_work.runner.is_busy(), timeout=TIMEOUT)
    summary = visible_boxes(window)[-1].text()
    assert "Wrote 0 of 2" in summary
    assert (f"Resume record {out / RECORD_NAME} was found empty (0 bytes): results it does not list are not counted "
            f"as done, and an existing one is kept and listed ({WINDOW_REMEDIES.exists}).") in summary
    assert {p: p.read_bytes() for p in out.rglob("*.png")} == results


def test_a_batch_run_again_says_how_many_an_earlier_run_had_done(qtbot, window, pictures, tmp_path):  # noqa: F811
    good, bad = pictures
    bad.unlink()
    out = tmp_path / "batch-out"
    for _ in range(2):
        assert window.files.start_batch(good[0].parent, out)
        qtbot.waitUntil(lambda: not window.file_work.runner.is_busy(), timeout=TIMEOUT)
    assert "Wrote 0 of 2 pictures (2 more already done by an earlier run of this batch)." in visible_boxes(window)[-1].text()
