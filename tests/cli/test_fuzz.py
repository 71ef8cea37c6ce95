"""A few hundred damaged pictures through `srcnn-gui upscale`: no traceback, every file written or named, inputs kept.

The pictures are made here (a small photo-like picture in PNG, JPEG, TIFF with LZW, WebP and BMP), then
mutated the ways files get damaged: bits flipped, cut short, bytes inserted or overwritten, a block
repeated. The mutations are seeded, so a failure repeats.
"""

from __future__ import annotations

import io
import random
import time
from pathlib import Path

import numpy as np
from PIL import Image

from srcnn_gui.cli import main

COUNT = 300
FORMATS = {"png": ("PNG", {}), "jpg": ("JPEG", {"quality": 90}), "tif": ("TIFF", {"compression": "tiff_lzw"}),
           "webp": ("WEBP", {"quality": 90}), "bmp": ("BMP", {})}


def _picture() -> np.ndarray:
    y, x = np.mgrid[0:20, 0:24]
    smooth = np.stack([x * 10, y * 12, (x + y) * 5], axis=-1)
    grain = np.random.default_rng(16).integers(0, 40, (20, 24, 3))
    return np.clip(smooth + grain, 0, 255).astype(np.uint8)


def _mutated(data: bytes, rng: random.Random) -> bytes:
    damaged = bytearray(data)
    how = rng.choice(("flip", "cut", "insert", "overwrite", "repeat"))
    if how == "flip":
        for _ in range(rng.randint(1, 6)):
            damaged[rng.randrange(len(damaged))] ^= 1 << rng.randrange(8)
    elif how == "cut":
        del damaged[rng.randrange(1, len(damaged)) :]
    elif how == "insert":
        at = rng.randrange(len(damaged))
        damaged[at:at] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 24)))
    elif how == "overwrite":
        at, size = rng.randrange(len(damaged)), rng.randint(1, 48)
        damaged[at : at + size] = bytes(rng.randrange(256) for _ in range(size))
    else:
        at, size = rng.randrange(len(damaged)), rng.randint(4, 64)
        damaged[at:at] = damaged[at : at + size]
    return bytes(damaged)


def test_damaged_pictures_never_end_the_batch(tmp_path, capfd):
    clean = {}
    for ext, (fmt, options) in FORMATS.items():
        buffer = io.BytesIO()
        Image.fromarray(_picture()).save(buffer, fmt, **options)
        clean[ext] = buffer.getvalue()
    rng = random.Random(16)
    folder = tmp_path / "in"
    folder.mkdir()
    inputs: dict[Path, bytes] = {}
    for index in range(COUNT):
        ext = rng.choice(sorted(clean))
        path = folder / f"{index:03d}.{ext}"
        path.write_bytes(_mutated(clean[ext], rng))
        inputs[path] = path.read_bytes()
    out = tmp_path / "out"

    started = time.perf_counter()
    code = main(["upscale", str(folder), "-o", str(out), "--scale", "2", "--model", "srcnn-9-1-5-x2", "--tile", "0"])
    elapsed = time.perf_counter() - started

    captured = capfd.readouterr()
    assert code in (0, 1)
    assert "Traceback" not in captured.err and "unexpected" not in captured.err
    assert "tempfile.tif" not in captured.err  # libtiff's words reach the user only as notes naming the file
    named = [line.strip() for line in captured.err.splitlines() if line.startswith("  ") and line.strip()]
    written = int(captured.out.split("wrote ")[1].split(" of")[0])
    for path in inputs:
        output = out / f"{path.stem}_srcnn_x2.png"
        failed = [line for line in named if line.startswith(f"{path}: ")]
        assert output.is_file() != bool(failed), f"{path.name}: written {output.is_file()}, named {failed}"
    assert written + len(named) == COUNT and 0 < written < COUNT
    assert all(path.read_bytes() == data for path, data in inputs.items())  # inputs untouched
    assert elapsed < 120, f"{COUNT} damaged pictures took {elapsed:.0f} s"  # 1.6 s at load 1, ~60 s at load 7.5 (2 cores)
