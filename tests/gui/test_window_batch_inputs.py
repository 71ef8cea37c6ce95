"""The window's *Batch a folder…* gathers its inputs as the CLI's ``upscale`` does, and says what it found in
its summary: what in the folder is no picture file it may open (a named pipe, a link to a missing file) is
listed, never opened; into the folder it reads, the second run sets the first one's results apart rather
than upscaling them again and says how many, once; a picture found twice (through a link) is upscaled once,
and that is said too."""

from __future__ import annotations

import os

import pytest

from srcnn_gui.core.jobs.run_record import RECORD_NAME
from tests.gui.test_main_window import TIMEOUT, pictures, visible_boxes  # noqa: F401 (pictures: a fixture)

SET_APART = ("2 earlier results of this command found among the inputs (edge_srcnn_x3.png, wings_srcnn_x3.png): "
             "set apart, not upscaled again.")


def _files(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_results_in_the_folder_read_are_set_apart_and_counted_once_in_the_summary(qtbot, window, pictures):  # noqa: F811
    good, bad = pictures
    bad.unlink()
    folder = good[0].parent
    (folder / "zz.png").symlink_to(good[0])
    repeat = f"{folder / 'zz.png'}: given twice (also as {good[0]}); upscaled once."
    assert window.files.start_batch(folder, folder)
    qtbot.waitUntil(lambda: not window.file_work.runner.is_busy(), timeout=TIMEOUT)
    first = visible_boxes(window)[-1]
    assert first.text().startswith("Wrote 2 of 2 pictures.") and "set apart" not in first.text()
    assert first.text().count(repeat) == 1
    first.close()
    after_first = _files(folder)
    assert sorted(after_first) == [RECORD_NAME, "sub/edge.jpg", "sub/edge_srcnn_x3.png", "wings.png",
                                   "wings_srcnn_x3.png", "zz.png"]

    assert window.files.start_batch(folder, folder)
    qtbot.waitUntil(lambda: not window.file_work.runner.is_busy(), timeout=TIMEOUT)
    summary = visible_boxes(window)[-1].text()
    assert summary.startswith("Wrote 0 of 2 pictures (2 more already done by an earlier run of this batch).")  # the results are no pictures of this batch
    assert summary.count(SET_APART) == 1 and "problem" not in summary
    assert {name: data for name, data in _files(folder).items() if name != RECORD_NAME} == \
           {name: data for name, data in after_first.items() if name != RECORD_NAME}  # nothing new, nothing replaced


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX thing")
def test_a_named_pipe_and_a_dangling_link_in_the_folder_are_listed_and_the_rest_is_upscaled(qtbot, window, pictures,  # noqa: F811
                                                                                             tmp_path):
    good, bad = pictures
    bad.unlink()
    folder, out = good[0].parent, tmp_path / "out"
    os.mkfifo(folder / "pipe.png")  # opening it would wait for a writer forever
    (folder / "gone.png").symlink_to(folder / "deleted.png")
    assert window.files.start_batch(folder, out)
    qtbot.waitUntil(lambda: not window.file_work.runner.is_busy(), timeout=TIMEOUT)
    summary = visible_boxes(window)[-1].text()
    assert summary.startswith("Wrote 2 of 2 pictures.")
    assert summary.endswith(f"2 problems:\n{folder / 'gone.png'}: a link to a missing file, not a picture file\n"
                            f"{folder / 'pipe.png'}: a named pipe (fifo), not a picture file")
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*.png")) == ["sub/edge_srcnn_x3.png",
                                                                              "wings_srcnn_x3.png"]
