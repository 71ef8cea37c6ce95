"""``upscale --shard K/N`` on real pictures: the shards together write every output once, each resumes from
its own record, and a run without ``--shard`` (or with another N) finds what the shards did."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np

from srcnn_gui.cli import main
from srcnn_gui.core.images.writing import save_image
from srcnn_gui.core.jobs.shards import Shard, record_name


def _pictures(folder: Path, butterfly: np.ndarray) -> list[str]:
    names = []
    for index in range(6):
        name = f"{'sub/' if index % 2 else ''}p{index}.png"
        save_image(folder / name, butterfly[index * 8 : index * 8 + 12, :14])
        names.append(name.replace(".png", "_srcnn_x2.png"))
    return sorted(names)


def _outputs(out: Path) -> list[str]:
    return sorted(p.relative_to(out).as_posix() for p in out.rglob("*.png"))


def _counts(text: str) -> tuple[int, int, int]:
    """wrote W of T image(s) (D more already done ...) as (W, T, D)."""
    found = re.search(r"wrote (\d+) of (\d+) image.*?(?:\((\d+) more already done.*)?$", text.strip().splitlines()[-1])
    assert found, text
    return int(found[1]), int(found[2]), int(found[3] or 0)


def test_two_shards_write_everything_once_and_each_resumes_from_its_own_record(tmp_path, butterfly, capsys):
    expected = _pictures(tmp_path / "in", butterfly)
    out = tmp_path / "out"
    args = ["upscale", str(tmp_path / "in"), "-o", str(out), "--scale", "2"]
    written = []
    for index in range(2):
        assert main([*args, "--shard", f"{index}/2"]) == 0
        written.append(_counts(capsys.readouterr().out))
    assert _outputs(out) == expected
    assert sum(w for w, _, _ in written) == 6 and all(t == w and w for w, t, _ in written)  # split, none twice
    records = [out / record_name(Shard(index, 2)) for index in range(2)]
    assert all(record.stat().st_size for record in records)

    # Shard 1 interrupted before its last picture: rerun, it writes only that one.
    lost = re.search(r'"output": "([^"]+)"', records[1].read_text().splitlines()[-1])[1]
    (out / lost).unlink()
    assert main([*args, "--shard", "1/2"]) == 0
    assert _counts(capsys.readouterr().out) == (1, written[1][1], written[1][1] - 1)
    assert main([*args, "--shard", "0/2"]) == 0
    assert _counts(capsys.readouterr().out) == (0, written[0][1], written[0][1])

    # The whole batch (or three shards) rerun on the same folder: everything is done, nothing refused.
    assert main(args) == 0
    assert _counts(capsys.readouterr().out) == (0, 6, 6)
    done = []
    for index in range(3):
        assert main([*args, "--shard", f"{index}/3"]) == 0
        done.append(_counts(capsys.readouterr().out))
    assert [w for w, _, _ in done] == [0, 0, 0] and sum(d for _, _, d in done) == 6


def test_a_bad_shard_stops_before_anything_runs(tmp_path, capsys):
    code = None
    try:
        main(["upscale", str(tmp_path), "-o", str(tmp_path / "out"), "--shard", "2/2"])
    except SystemExit as exc:
        code = exc.code
    assert code == 2 and "K runs from 0 to 1" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()
