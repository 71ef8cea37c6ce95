"""A disk with room for the results but not for the resume record (issue 31): the run keeps its results, leaves
the record as it was and says so once at the end; the same command again neither calls its result done nor
replaces it, and says what to do; an empty record left by an older version is a note, not a mystery."""

from __future__ import annotations

import json
import signal
import subprocess
import sys

import numpy as np
import pytest
from PIL import Image

from srcnn_gui.cli import main
from srcnn_gui.core.jobs.run_record import RECORD_NAME
from tests.core.jobs.test_run_record import _disk_full_for_record_lines

LIMIT = 200_000  # bytes a file may reach in the limited run: the result fits, the grown record does not


def problems(err: str) -> list[str]:
    """The failure list the CLI prints at the end."""
    return [line.strip() for line in err.splitlines() if line.startswith("  ") and line.strip()]


def _picture(tmp_path):
    source = tmp_path / "a.png"
    Image.fromarray(np.random.default_rng(0).integers(0, 256, (20, 24, 3), dtype=np.uint8)).save(source)
    return source


def _limit_file_size() -> None:
    import resource  # POSIX only

    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # get EFBIG instead of being killed
    resource.setrlimit(resource.RLIMIT_FSIZE, (LIMIT, LIMIT))


@pytest.mark.skipif(not hasattr(signal, "SIGXFSZ"), reason="needs POSIX file size limits")
def test_a_record_with_no_room_left_stays_as_it_was_and_the_run_says_so(tmp_path, capsys):
    source, out = _picture(tmp_path), tmp_path / "out"
    out.mkdir()
    record = out / RECORD_NAME
    earlier = [json.dumps({"output": f"old-{i}.png", "output_size": 1, "source": "/elsewhere", "source_size": 1,
                           "source_mtime_ns": 0, "settings": "0" * 16}) for i in range(2000)]
    lines = []
    while len("\n".join(lines + [earlier[len(lines)]])) + 1 < LIMIT - 60:  # room for 60 bytes of a new line
        lines.append(earlier[len(lines)])
    record.write_text("".join(line + "\n" for line in lines))
    before = record.read_bytes()
    command = ["upscale", str(source), "-o", str(out), "--scale", "3"]

    limited = subprocess.run([sys.executable, "-m", "srcnn_gui", *command], capture_output=True, text=True,
                             preexec_fn=_limit_file_size, timeout=600)
    assert limited.returncode == 0, limited.stderr
    assert f"wrote 1 of 1 image to {out}" in limited.stdout
    notes = [line for line in limited.stderr.splitlines() if line.startswith("note: resume record")]
    assert notes == [f"note: resume record could not be saved: the file is larger than this disk or account allows "
                     f"({record}); 1 result written but not recorded: a later run of this batch keeps and lists it "
                     "rather than counting it as done (use --overwrite to replace it)"]
    assert record.read_bytes() == before  # not a byte of the new line left behind
    result = out / "a_srcnn_x3.png"
    written = result.read_bytes()

    assert main(command) == 1
    assert problems(capsys.readouterr().err) == [f"{result}: already exists and is not recorded as this command's "
                                                 f"result for {source} (kept; use --overwrite to replace it)"]
    assert result.read_bytes() == written
    assert main(command + ["--overwrite"]) == 0
    capsys.readouterr()
    assert main(command) == 0
    assert f"wrote 0 of 1 image to {out} (1 more already done by an earlier run of this command)" in capsys.readouterr().out
    assert all(json.loads(line) for line in record.read_text().splitlines())


def test_a_full_disk_is_said_once_at_the_end(tmp_path, capsys, monkeypatch):
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("a", "b"):
        _picture(tmp_path).rename(folder / f"{name}.png")
    out = tmp_path / "out"
    with monkeypatch.context() as patch:
        _disk_full_for_record_lines(patch, room=0)
        assert main(["upscale", str(folder), "-o", str(out), "--scale", "3"]) == 0
    captured = capsys.readouterr()
    assert f"wrote 2 of 2 images to {out}" in captured.out
    notes = [line for line in captured.err.splitlines() if "resume record" in line]
    assert notes == [f"note: resume record could not be saved: the disk is full ({out / RECORD_NAME}); 2 results written "
                     "but not recorded: a later run of this batch keeps and lists them rather than counting them as "
                     "done (use --overwrite to replace it)"]
    assert captured.err.rstrip().endswith(notes[0])
    assert sorted(p.name for p in out.iterdir()) == ["a_srcnn_x3.png", "b_srcnn_x3.png"]


def test_an_empty_record_from_before_is_a_note_and_the_results_are_kept(tmp_path, capsys):
    source, out = _picture(tmp_path), tmp_path / "out"
    command = ["upscale", str(source), "-o", str(out), "--scale", "3"]
    assert main(command) == 0
    (out / RECORD_NAME).write_bytes(b"")  # what a full disk left before records were written whole
    result = (out / "a_srcnn_x3.png").read_bytes()
    capsys.readouterr()
    assert main(command) == 1
    err = capsys.readouterr().err
    assert f"note: resume record {out / RECORD_NAME} was found empty (0 bytes): results it does not list are not " \
           "counted as done, and an existing one is kept and listed (use --overwrite to replace it)" in err.splitlines()
    assert problems(err) == [f"{out / 'a_srcnn_x3.png'}: already exists and is not recorded as this command's result "
                             f"for {source} (kept; use --overwrite to replace it)"]
    assert (out / "a_srcnn_x3.png").read_bytes() == result
