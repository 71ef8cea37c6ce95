"""The batch engine: each written file keeps the picture's profile and depth, a bad file is named and skipped,
events and progress reach the caller, a rerun resumes, a cancel keeps what was written."""

from __future__ import annotations

import cv2
import numpy as np
import pytest
from PIL import Image, ImageCms

from srcnn_gui.core.errors import CancelledError
from srcnn_gui.core.images.denoise_levels import AUTO
from srcnn_gui.core.images.output_size import OutputSize
from srcnn_gui.core.inference.model_choice import ModelChooser
from srcnn_gui.core.jobs.batch import PER_FILE, BatchFile, BatchStarted, FileOutcome, Outcome, run_batch
from srcnn_gui.core.jobs.batch_inputs import BatchItem, collect_items
from srcnn_gui.core.jobs.batch_plan import Remedies, plan_batch, plan_file
from srcnn_gui.core.jobs.control import JobControl
from srcnn_gui.core.jobs.run_record import RECORD_NAME
from srcnn_gui.core.models.registry import default_model


def test_the_engine_keeps_profile_and_sixteen_bits_and_names_bad_files(tmp_path):
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    photo, scan, empty = tmp_path / "photo.jpg", tmp_path / "scan.png", tmp_path / "empty.png"
    Image.fromarray(np.random.default_rng(0).integers(0, 256, (12, 14, 3), dtype=np.uint8)).save(photo, icc_profile=profile)
    cv2.imwrite(str(scan), (np.random.default_rng(1).integers(0, 255, (9, 11, 3)) * 257 + 5).astype(np.uint16))
    empty.touch()
    out = tmp_path / "out"
    items = [BatchItem(path) for path in (photo, scan, empty)]
    plan = plan_batch(items, out, ModelChooser(3, AUTO, device="cpu"), OutputSize(factor=3))
    steps = []
    result = run_batch(plan, JobControl(progress=lambda done, total: steps.append((done, total))))
    assert steps[-1] == (2 * PER_FILE, 2 * PER_FILE) and steps == sorted(steps) and len(steps) > 3  # tile by tile, never back
    assert result.failures == [f"{empty}: empty file (0 bytes)"]
    by_name = {p.name: p for p in result.written}
    assert sorted(by_name) == ["photo_srcnn_x3.png", "scan_srcnn_x3.png"]
    assert Image.open(by_name["photo_srcnn_x3.png"]).info["icc_profile"] == profile
    deep = cv2.imdecode(np.fromfile(by_name["scan_srcnn_x3.png"], np.uint8), cv2.IMREAD_UNCHANGED)
    assert deep.dtype == np.uint16 and deep.shape == (27, 33, 3)


# The engine: run_batch ------------------------------------------------------------------------------------------------

def _folder_of_pictures(folder, count=2):
    folder.mkdir()
    for index in range(count):
        pixels = np.random.default_rng(index).integers(0, 256, (12 + index, 14, 3), dtype=np.uint8)
        Image.fromarray(pixels).save(folder / f"p{index}.png")
    return folder


def _plan(folder, out, **options):
    items, _ = collect_items([folder], out)
    return plan_batch(items, out, ModelChooser(3, AUTO, device="cpu"), OutputSize(factor=3), **options)


def test_run_batch_reports_each_file_and_progress_that_never_goes_back(tmp_path):
    plan = _plan(_folder_of_pictures(tmp_path / "in"), tmp_path / "out")
    reports, steps = [], []
    summary = run_batch(plan, JobControl(progress=lambda done, total: steps.append((done, total)), report=reports.append))
    assert isinstance(reports[0], BatchStarted) and reports[0].count == 2
    assert [type(r) for r in reports[1:]] == [BatchFile, FileOutcome] * 2
    assert [r.outcome for r in reports if isinstance(r, FileOutcome)] == [Outcome.WRITTEN] * 2
    assert steps == sorted(steps) and steps[-1] == (2 * PER_FILE, 2 * PER_FILE)
    assert sorted(p.name for p in summary.written) == ["p0_srcnn_x3.png", "p1_srcnn_x3.png"]
    assert summary.failures == [] and summary.total == 2 and summary.done_before == 0


def test_a_rerun_counts_its_own_results_as_done_and_keeps_a_file_that_is_not_one(tmp_path):
    folder, out = _folder_of_pictures(tmp_path / "in"), tmp_path / "out"
    run_batch(_plan(folder, out), JobControl())
    (out / "p1_srcnn_x3.png").write_bytes(b"the user's own file")
    again = run_batch(_plan(folder, out, remedies=Remedies(exists="choose another folder")), JobControl())
    assert again.written == [] and again.done_before == 1
    assert again.failures == [f"{out / 'p1_srcnn_x3.png'}: already exists and is not recorded as this command's result for "
                              f"{folder / 'p1.png'} (kept; choose another folder)"]
    assert (out / "p1_srcnn_x3.png").read_bytes() == b"the user's own file"
    replaced = run_batch(_plan(folder, out), JobControl(), overwrite=True)
    assert len(replaced.written) == 2 and (out / "p1_srcnn_x3.png").read_bytes() != b"the user's own file"


def test_other_settings_are_not_counted_as_done(tmp_path):
    folder, out = _folder_of_pictures(tmp_path / "in", 1), tmp_path / "out"
    run_batch(_plan(folder, out), JobControl())
    items, _ = collect_items([folder], out)
    other_model = plan_batch(items, out, ModelChooser(3, AUTO, model=default_model(3, "high")), OutputSize(factor=3))
    assert run_batch(other_model, JobControl()).done_before == 0


def test_planning_problems_and_run_failures_are_both_in_the_summary(tmp_path):
    folder = _folder_of_pictures(tmp_path / "in")
    (folder / "broken.png").write_bytes(b"\x89PNG\r\n\x1a\nnot really")
    (folder / "p0.bmp").write_bytes((folder / "p0.png").read_bytes())  # shares p0's output
    summary = run_batch(_plan(folder, tmp_path / "out"), JobControl())
    assert [p.name for p in summary.written] == ["p1_srcnn_x3.png"] and summary.total == 4
    assert len(summary.failures) == 3 and sum("broken.png" in f for f in summary.failures) == 1


def test_one_picture_to_a_chosen_file_writes_no_resume_record(tmp_path):
    folder = _folder_of_pictures(tmp_path / "in", 1)
    target = tmp_path / "mine.tif"
    summary = run_batch(plan_file(folder / "p0.png", target, ModelChooser(3, AUTO), OutputSize(factor=3)), JobControl())
    assert summary.written == [target] and sorted(p.name for p in tmp_path.iterdir()) == ["in", "mine.tif"]


def test_a_cancel_stops_the_engine_before_the_next_file_and_keeps_what_it_wrote(tmp_path):
    out = tmp_path / "out"
    plan = _plan(_folder_of_pictures(tmp_path / "in", 3), out)
    control = JobControl()
    control.report = lambda report: control.cancel() if isinstance(report, FileOutcome) else None
    with pytest.raises(CancelledError, match="after 1 of 3 files"):
        run_batch(plan, control)
    assert sorted(p.name for p in out.iterdir() if p.name != RECORD_NAME) == ["p0_srcnn_x3.png"]
