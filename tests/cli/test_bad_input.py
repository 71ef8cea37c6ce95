"""`srcnn-gui upscale` on what users really drop on it: bad files fail alone, good ones keep their metadata.

All pictures are made by the tests; the shipped x3 model does the upscaling.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import cv2
import numpy as np
import pytest
import torch
from PIL import Image, ImageCms

from srcnn_gui.cli import main
from srcnn_gui.core.jobs.run_record import RECORD_NAME
from srcnn_gui.core.models.files import save_model
from srcnn_gui.core.models.network import build_model

MAKE = 0x010F


def noise_rgb(h: int = 20, w: int = 24, seed: int = 0) -> np.ndarray:
    return np.random.default_rng(seed).integers(0, 256, (h, w, 3), dtype=np.uint8)


def test_a_batch_goes_past_every_kind_of_bad_file(tmp_path, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    Image.fromarray(noise_rgb()).save(folder / "good.png")
    Image.fromarray(noise_rgb(seed=1)).save(folder / "ünïcode 日本.jpg")
    (folder / "empty.png").touch()
    (folder / "notes.png").write_text("not a picture")
    Image.fromarray(noise_rgb(64, 64)).save(folder / "cut.jpg")
    (folder / "cut.jpg").write_bytes((folder / "cut.jpg").read_bytes()[:600])
    gif = tmp_path / "moving.gif"
    frames = [Image.new("RGB", (8, 8), c) for c in ("red", "blue")]
    frames[0].save(gif, save_all=True, append_images=frames[1:])
    svg = tmp_path / "drawing.svg"
    svg.write_text('<svg xmlns="http://www.w3.org/2000/svg"/>')
    inputs = {p: p.read_bytes() for p in [*folder.iterdir(), gif, svg]}
    out = tmp_path / "out"

    code = main(["upscale", str(folder), str(gif), str(svg), "-o", str(out), "--scale", "3"])
    captured = capsys.readouterr()
    assert code == 1
    assert f"wrote 2 of 7 images to {out}" in captured.out
    problems = [line.strip() for line in captured.err.splitlines() if line.startswith("  ") and line.strip()]
    truncated = [p for p in problems if p.startswith(f"{folder / 'cut.jpg'}: damaged or truncated image (")]
    assert len(truncated) == 1
    assert set(problems) - set(truncated) == {
        f"{folder / 'empty.png'}: empty file (0 bytes)",
        f"{folder / 'notes.png'}: not an image file, or a format we cannot read",
        f"{gif}: animated picture (2 frames); only still pictures are upscaled, so export the frame you want as PNG first",
        f"{svg}: not an image file, or a format we cannot read",
    }
    assert len(problems) == 5
    assert sorted(p.name for p in out.iterdir() if p.name != RECORD_NAME) == ["good_srcnn_x3.png", "ünïcode 日本_srcnn_x3.png"]
    assert Image.open(out / "ünïcode 日本_srcnn_x3.png").size == (72, 60)
    assert all(path.read_bytes() == data for path, data in inputs.items())  # inputs untouched


def test_exif_and_icc_profile_reach_the_output(tmp_path, capsys):
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    exif = Image.Exif()
    exif[MAKE], exif[0x0112] = "Canon", 8  # shown turned 90 degrees anticlockwise
    source = tmp_path / "photo.jpg"
    Image.fromarray(noise_rgb(10, 16)).save(source, exif=exif, icc_profile=profile, quality=95)
    out = tmp_path / "out"
    assert main(["upscale", str(source), "-o", str(out), "--scale", "3", "--pattern", "{stem}.jpg"]) == 0
    with Image.open(out / "photo.jpg") as written:
        assert written.size == (30, 48)  # upright, then x3
        assert written.info["icc_profile"] == profile
        assert written.getexif()[MAKE] == "Canon" and 0x0112 not in written.getexif()


def test_sixteen_bit_png_comes_out_sixteen_bit(tmp_path):
    values = (np.random.default_rng(2).integers(0, 255, (10, 12, 3)) * 257 + 77).astype(np.uint16)
    source = tmp_path / "scan.png"
    cv2.imwrite(str(source), values[..., ::-1])
    out = tmp_path / "out"
    assert main(["upscale", str(source), "-o", str(out), "--scale", "3"]) == 0
    written = cv2.imdecode(np.fromfile(out / "scan_srcnn_x3.png", np.uint8), cv2.IMREAD_UNCHANGED)
    assert written.dtype == np.uint16 and written.shape == (30, 36, 3)
    assert (written % 257 != 0).any()  # values between the 8-bit steps: not 8-bit data stretched


def test_cmyk_conversion_is_reported(tmp_path, capsys):
    source = tmp_path / "print.jpg"
    Image.fromarray(noise_rgb()).convert("CMYK").save(source)
    out = tmp_path / "out"
    assert main(["upscale", str(source), "-o", str(out), "--scale", "3"]) == 0
    note = f"note: {source}: CMYK converted to RGB without colour management: no profile embedded"
    assert note in capsys.readouterr().err.splitlines()
    assert Image.open(out / "print_srcnn_x3.png").mode == "RGB"


def test_broken_and_mismatched_model_files(tmp_path, capsys):
    source = tmp_path / "a.png"
    Image.fromarray(noise_rgb()).save(source)
    out = tmp_path / "out"
    cut = save_model(tmp_path / "cut.pt", build_model("9-1-5"), 3)
    cut.write_bytes(cut.read_bytes()[:3000])
    x2 = save_model(tmp_path / "x2.pt", build_model("9-1-5"), 2)
    liar = save_model(tmp_path / "liar.pt", build_model("9-1-5"), 3)
    payload = torch.load(liar, weights_only=True)
    payload["config"]["arch"] = "9-3-5"
    torch.save(payload, liar)

    def run(model: Path) -> str:
        assert main(["upscale", str(source), "-o", str(out), "--scale", "3", "--model", str(model)]) == 2
        return capsys.readouterr().err.strip()

    assert run(cut).startswith(f"error: {cut}: not a readable model file: damaged, truncated or not saved by torch (")
    assert run(x2) == f"error: {x2}: a x2 model cannot upscale x3; choose a x3 model"
    assert run(liar) == (f"error: {liar}: the weights are not those of the 9-3-5 network the file declares "
                         "(body.2.weight is (32, 64, 1, 1), 9-3-5 needs (32, 64, 3, 3))")
    assert not out.exists()


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="needs POSIX permissions that apply (not root)")
def test_read_only_output_folder(tmp_path, capsys):
    source = tmp_path / "a.png"
    Image.fromarray(noise_rgb()).save(source)
    out = tmp_path / "locked"
    out.mkdir()
    out.chmod(0o555)
    try:
        assert main(["upscale", str(source), "-o", str(out), "--scale", "3"]) == 1
    finally:
        out.chmod(0o755)
    target = out / "a_srcnn_x3.png"
    assert f"{target}: cannot write: the folder is read-only or we may not write there" in capsys.readouterr().err
    assert not list(out.iterdir())


@pytest.mark.skipif(not hasattr(signal, "SIGXFSZ"), reason="needs POSIX file size limits")
def test_running_out_of_room_fails_that_file_and_leaves_nothing(tmp_path):
    source = tmp_path / "a.png"
    Image.fromarray(noise_rgb(60, 60)).save(source)
    out = tmp_path / "out"
    out.mkdir()

    def limit_file_size() -> None:
        import resource  # POSIX only

        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # get EFBIG instead of being killed
        resource.setrlimit(resource.RLIMIT_FSIZE, (20_000, 20_000))

    done = subprocess.run([sys.executable, "-m", "srcnn_gui", "upscale", str(source), "-o", str(out), "--scale", "3"],
                          capture_output=True, text=True, preexec_fn=limit_file_size, timeout=600)
    assert done.returncode == 1
    target = out / "a_srcnn_x3.png"
    assert f"  {target}: cannot write: the file is larger than this disk or account allows" in done.stderr.splitlines()
    assert not list(out.iterdir())
