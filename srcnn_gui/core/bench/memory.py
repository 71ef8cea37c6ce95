"""Peak memory of upscaling a very large picture file to file, measured as a user would run it.

A picture of the requested size is made from the shipped sample (mirrored tiles, so it has the
edges and texture of a photograph), written as PNG, and upscaled by ``srcnn-gui upscale`` in a
fresh Python process, which then reports its own peak resident memory as the operating system
counts it (``getrusage``): everything, Python, torch, the decoder and the bands included.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image

from srcnn_gui.core.errors import SrcnnError
from srcnn_gui.core.images.pixels import to_uint8
from srcnn_gui.core.images.png import PngWriter
from srcnn_gui.core.images.reading import load_image
from srcnn_gui.core.paths import sample_image_path

_BAND = 512
# Runs the CLI, then prints its exit code and its own peak resident memory (KiB on Linux).
_CHILD = (
    "import resource, sys\n"
    "from srcnn_gui.cli import main\n"
    "code = main(sys.argv[1:])\n"
    "print(code, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)\n"
)


@dataclass(frozen=True)
class MemoryReport:
    """What one large upscale took."""

    input_size: tuple[int, int]  # width, height
    output_size: tuple[int, int]
    scale: int
    peak_rss_mib: float
    seconds: float
    output_mb: float
    returncode: int


def write_large_picture(path: Path, width: int, height: int) -> None:
    """A ``width`` x ``height`` RGB PNG of mirrored copies of the sample, written band by band."""
    tile = to_uint8(load_image(sample_image_path()))[..., :3]
    block = np.concatenate([np.concatenate([tile, tile[:, ::-1]], 1), np.concatenate([tile[::-1], tile[::-1, ::-1]], 1)], 0)
    reps = -(-width // block.shape[1])
    row_of_blocks = np.tile(block, (1, reps, 1))[:, :width]
    with open(path, "wb") as handle:
        writer = PngWriter(handle, width, height, 3, np.uint8)
        for top in range(0, height, _BAND):
            rows = np.arange(top, min(height, top + _BAND)) % row_of_blocks.shape[0]
            writer.write_rows(row_of_blocks[rows])
        writer.close()


def picture_size(path: Path) -> tuple[int, int]:
    """Width and height from a picture's header, without decoding it."""
    limit = Image.MAX_IMAGE_PIXELS
    Image.MAX_IMAGE_PIXELS = None  # only the header is read: no decompression bomb to guard against
    try:
        with Image.open(path) as im:
            return im.size
    finally:
        Image.MAX_IMAGE_PIXELS = limit


def measure_large_upscale(width: int, height: int, scale: int, *, workdir: Path | None = None,
                          model: str | None = None, suffix: str = ".png") -> MemoryReport:
    """Make the picture, upscale it with the CLI in a child process into a ``suffix`` file, report its peak memory."""
    if getattr(sys, "frozen", False):
        raise SrcnnError("the memory check starts Python itself; run it from an installed srcnn-gui, not the packaged app")
    with tempfile.TemporaryDirectory(dir=workdir) as tmp:
        source, out_dir = Path(tmp) / "large.png", Path(tmp) / "out"
        write_large_picture(source, width, height)
        argv = ["upscale", str(source), "-o", str(out_dir), "--scale", str(scale), "--pattern", "{stem}" + suffix,
                *(["--model", model] if model else [])]
        started = time.perf_counter()
        done = subprocess.run([sys.executable, "-c", _CHILD, *argv], check=False, stdin=subprocess.DEVNULL,
                              stdout=subprocess.PIPE, text=True)
        seconds = time.perf_counter() - started
        returncode, peak_kib = (int(v) for v in done.stdout.split()[-2:])
        output = out_dir / f"large{suffix}"
        produced = output.is_file()
        return MemoryReport(
            input_size=(width, height),
            output_size=picture_size(output) if produced else (0, 0),
            scale=scale,
            peak_rss_mib=peak_kib / 1024,
            seconds=seconds,
            output_mb=output.stat().st_size / 1e6 if produced else 0.0,
            returncode=returncode,
        )
