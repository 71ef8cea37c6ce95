"""`srcnn-gui upscale` as a new user first runs it: results beside the originals, a file given twice, a model
or an option misspelt, output piped into a log, transparency into JPEG, readable names for sizes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from srcnn_gui.core.images.writing import save_image
from tests.cli.test_nothing_lost import _run, checkout_env


def _upscale(*argv: str, cwd: Path) -> subprocess.CompletedProcess:
    """``srcnn-gui upscale ARGV`` in a fresh process of this checkout's code, its stderr a pipe (as in
    ``... 2>&1 | cat``)."""
    return _run("upscale", *argv, cwd=cwd)


@pytest.fixture()
def photo(tmp_path: Path, butterfly: np.ndarray) -> Path:
    """A small real JPEG in its own folder."""
    return save_image(tmp_path / "pictures" / "photo.jpg", butterfly[:30, :40], quality=90)


def test_without_o_the_result_goes_beside_the_original_and_the_cli_says_where(photo, tmp_path):
    original = photo.read_bytes()
    done = _upscale(str(photo), cwd=tmp_path)
    result = photo.with_name("photo_srcnn_x3.png")
    assert done.returncode == 0, done.stderr
    assert str(result) in done.stdout
    with Image.open(result) as written:
        assert written.size == (120, 90)
    assert photo.read_bytes() == original
    again = _upscale(str(photo), cwd=tmp_path)  # run again: the result is kept, not replaced, and that is said
    assert again.returncode == 1 and f"{result}: already exists (kept; use --overwrite to replace it)" in again.stderr


def test_without_o_a_folders_pictures_go_to_a_folder_beside_it(photo, tmp_path):
    done = _upscale(str(photo.parent), "--scale", "2", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "pictures_srcnn_x2" / "photo_srcnn_x2.png").is_file()
    assert sorted(p.name for p in photo.parent.iterdir()) == ["photo.jpg"]  # nothing added among the inputs


def test_the_same_file_twice_is_upscaled_once_and_the_cli_says_so(photo, tmp_path):
    out = tmp_path / "out"
    done = _upscale(str(photo), f"pictures/../pictures/{photo.name}", "-o", str(out), "--scale", "2", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "wrote 1 of 1 image" in done.stdout
    assert f"pictures/../pictures/{photo.name}: given twice (also as {photo}); upscaled once" in done.stderr
    assert [p.name for p in out.iterdir() if not p.name.startswith(".")] == ["photo_srcnn_x2.png"]


def test_an_unknown_model_is_refused_before_torch_is_imported(photo, tmp_path):
    code = (
        "import json, sys\nfrom srcnn_gui.cli import main\n"
        f"rc = main(['upscale', {str(photo)!r}, '--model', 'foo'])\n"
        "print(json.dumps([rc, 'torch' in sys.modules]))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path,
                          env=checkout_env(), timeout=120)
    assert json.loads(done.stdout.strip().splitlines()[-1]) == [2, False]
    assert "no model named 'foo' (known: " in done.stderr


def test_a_misspelt_option_names_the_sub_command_and_the_closest_option(photo, tmp_path):
    done = _upscale(str(photo), "--scael", "2", cwd=tmp_path)
    assert done.returncode == 2
    assert "usage: srcnn-gui upscale" in done.stderr
    assert "--scael: did you mean --scale?" in done.stderr


def test_piped_progress_is_one_plain_line_per_picture(photo, tmp_path, butterfly):
    second = save_image(photo.with_name("leaf.png"), butterfly[40:70, :40])
    done = _upscale(str(photo), str(second), "-o", str(tmp_path / "out"), "--scale", "2", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "\r" not in done.stderr and "\x1b[" not in done.stderr and "%|" not in done.stderr
    lines = [line for line in done.stderr.splitlines() if line.startswith("[")]
    assert lines == [f"[1/2] {photo} -> {tmp_path / 'out' / 'photo_srcnn_x2.png'}",
                     f"[2/2] {second} -> {tmp_path / 'out' / 'leaf_srcnn_x2.png'}"]


def test_transparency_into_jpeg_is_said_once_per_batch(tmp_path, butterfly):
    pictures = tmp_path / "icons"
    pictures.mkdir()
    for index in range(2):
        colour = butterfly[:24, 30 * index:30 * index + 30]
        save_image(pictures / f"icon{index}.png", np.dstack([colour, np.full((24, 30), 0.5, colour.dtype)]))
    done = _upscale(str(pictures), "-o", str(tmp_path / "out"), "--scale", "2", "--pattern", "{stem}.jpg",
                    cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    notes = [line for line in done.stderr.splitlines() if "transparent" in line]
    assert notes == ["note: 2 pictures had transparent areas, filled with white: JPEG and BMP cannot keep "
                     "transparency (PNG, WebP and TIFF can)"]
