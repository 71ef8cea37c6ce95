"""The resume record on a full disk and found damaged: the result is kept, the record is left as it was (never
empty, never half a line), the batch says so once at the end, and a rerun neither counts an unrecorded result
as done nor replaces it without being asked."""

from __future__ import annotations

import errno
import json
import os

from srcnn_gui.core.jobs.batch import BatchNote, run_batch
from srcnn_gui.core.jobs.control import JobControl
from srcnn_gui.core.jobs.run_record import RECORD_NAME
from tests.core.jobs.test_batch import _folder_of_pictures, _plan

REMEDY = "use --overwrite to replace it"


def _notes(reports: list) -> list[str]:
    return [report.text for report in reports if isinstance(report, BatchNote)]


def _disk_full_for_record_lines(monkeypatch, room: int) -> None:
    """The disk takes ``room`` more bytes of the record's lines, then is full (pictures are written as usual)."""
    real_write = os.write
    left = [room]

    def write(fd: int, data: bytes) -> int:
        if not bytes(data).startswith(b'{"output"') and left[0] == room:  # not a line, nor the rest of one
            return real_write(fd, data)
        if left[0] <= 0:
            raise OSError(errno.ENOSPC, "No space left on device")
        taken = real_write(fd, bytes(data)[: left[0]])
        left[0] -= taken
        return taken

    monkeypatch.setattr(os, "write", write)


def test_a_full_disk_keeps_the_record_as_it_was_and_the_batch_says_so_once(tmp_path, monkeypatch):
    folder, out = _folder_of_pictures(tmp_path / "in", 3), tmp_path / "out"
    (folder / "p2.png").rename(tmp_path / "later.png")
    run_batch(_plan(folder, out), JobControl())
    record = out / RECORD_NAME
    before = record.read_bytes()
    (tmp_path / "later.png").rename(folder / "p2.png")
    reports: list = []
    with monkeypatch.context() as patch:
        _disk_full_for_record_lines(patch, room=40)  # part of the line fits: it must not stay
        summary = run_batch(_plan(folder, out), JobControl(report=reports.append))
    assert [p.name for p in summary.written] == ["p2_srcnn_x3.png"] and summary.done_before == 2
    assert record.read_bytes() == before
    assert _notes(reports) == [f"resume record could not be saved: the disk is full ({record}); 1 result written but not "
                               f"recorded: a later run of this batch keeps and lists it rather than counting it as "
                               f"done ({REMEDY})"]
    result = (out / "p2_srcnn_x3.png").read_bytes()

    again = run_batch(_plan(folder, out), JobControl())
    assert again.done_before == 2 and again.written == []
    assert again.failures == [f"{out / 'p2_srcnn_x3.png'}: already exists and is not recorded as this command's result "
                              f"for {folder / 'p2.png'} (kept; {REMEDY})"]
    assert (out / "p2_srcnn_x3.png").read_bytes() == result
    assert len(run_batch(_plan(folder, out), JobControl(), overwrite=True).written) == 3
    assert [json.loads(line)["output"] for line in record.read_text().splitlines()][-3:] == [
        "p0_srcnn_x3.png", "p1_srcnn_x3.png", "p2_srcnn_x3.png"]  # every line whole: none spoilt by a half one


def test_a_full_disk_leaves_no_empty_record_behind(tmp_path, monkeypatch):
    folder, out = _folder_of_pictures(tmp_path / "in", 1), tmp_path / "out"
    reports: list = []
    with monkeypatch.context() as patch:
        _disk_full_for_record_lines(patch, room=0)
        summary = run_batch(_plan(folder, out), JobControl(report=reports.append))
    assert [p.name for p in summary.written] == ["p0_srcnn_x3.png"]
    assert sorted(p.name for p in out.iterdir()) == ["p0_srcnn_x3.png"]  # no record, empty or not, and no temporary
    assert len(_notes(reports)) == 1 and _notes(reports)[0].startswith("resume record could not be saved: the disk is full")


def test_an_empty_record_left_from_before_counts_as_none_with_a_note(tmp_path):
    folder, out = _folder_of_pictures(tmp_path / "in"), tmp_path / "out"
    run_batch(_plan(folder, out), JobControl())
    record = out / RECORD_NAME
    record.write_bytes(b"")  # what a full disk left before records were written whole
    results = {p.name: p.read_bytes() for p in out.glob("*.png")}
    reports: list = []
    again = run_batch(_plan(folder, out), JobControl(report=reports.append))
    assert again.written == [] and again.done_before == 0
    assert again.failures == [f"{out / name}: already exists and is not recorded as this command's result for "
                              f"{folder / name.replace('_srcnn_x3', '')} (kept; {REMEDY})" for name in sorted(results)]
    assert {p.name: p.read_bytes() for p in out.glob("*.png")} == results
    assert _notes(reports) == [f"resume record {record} was found empty (0 bytes): results it does not list are not "
                               f"counted as done, and an existing one is kept and listed ({REMEDY})"]
    assert len(run_batch(_plan(folder, out), JobControl(), overwrite=True).written) == 2
    reports.clear()
    assert run_batch(_plan(folder, out), JobControl(report=reports.append)).done_before == 2
    assert _notes(reports) == []


def test_a_damaged_line_is_noted_and_the_others_still_count(tmp_path):
    folder, out = _folder_of_pictures(tmp_path / "in"), tmp_path / "out"
    run_batch(_plan(folder, out), JobControl())
    record = out / RECORD_NAME
    first, second = record.read_text().splitlines()
    record.write_text(f"{first}\n{second[: len(second) // 2]}\n")
    reports: list = []
    again = run_batch(_plan(folder, out), JobControl(report=reports.append))
    assert again.done_before == 1 and len(again.failures) == 1
    assert _notes(reports) == [f"resume record {record} was found damaged (1 line unreadable): results it does not list "
                               f"are not counted as done, and an existing one is kept and listed ({REMEDY})"]
