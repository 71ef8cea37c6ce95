"""Phone photos in the window: time to the first visible SRCNN region, to the whole result, and peak memory.

For a generated 4000 x 3000 photo at x3 and an 8000 x 6000 one at x2 (JPEG q88, made from mirrored
copies of the shipped sample), each in a fresh Python process: the window's job as the window runs it
(``core/jobs/large_picture.py``: decode, a preview of the whole result at about a screen's size, then
full-size regions from the view's centre outwards into the cache, then Save streaming the cache to
PNG), and the CLI's ``srcnn-gui upscale`` of the same file. Peak memory is the process's own peak
resident size (``getrusage``), everything included. Drawing on screen is not timed; the figures are
one run each, on a machine whose load is printed with them.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
from pathlib import Path

from PIL import Image

from srcnn_gui.core.bench.memory import write_large_picture

SIZES = ((4000, 3000, 3), (8000, 6000, 2))

# The window's job in a child process; prints one JSON line of its timings and peak memory.
_WINDOW_CHILD = """
import json, resource, sys, time
from pathlib import Path
from srcnn_gui.core.images import limits
from srcnn_gui.core.images.output_size import OutputSize
from srcnn_gui.core.images.reading import read_samples
from srcnn_gui.core.images.writing import save_bands
from srcnn_gui.core.inference.model_choice import ModelChooser
from srcnn_gui.core.jobs.control import JobControl
from srcnn_gui.core.jobs.large_picture import upscale_any_picture
from srcnn_gui.core.jobs.result_filling import RegionsStarted
from srcnn_gui.core.errors import CancelledError
source, target, scale = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
first_only = sys.argv[4:] == ["first"]  # stop once the first full-size region is done
limits.WINDOW_REGIONS_ABOVE_MEGAPIXELS = 0  # region by region at every size (--small's picture too)
t0 = time.perf_counter()
read_samples(source)  # the decode alone, timed apart (the job decodes again, from the page cache)
decoded = time.perf_counter() - t0
times = {}
def report(item):
    if isinstance(item, RegionsStarted):
        times.setdefault("preview", time.perf_counter() - t0)
def progress(done, total):
    times.setdefault("first_region", time.perf_counter() - t0)
    if first_only:
        control.cancel()
control = JobControl(progress=progress, report=report)
t0 = time.perf_counter()
try:
    outcome = upscale_any_picture(source, ModelChooser(scale), control, evaluate=False, size=OutputSize(factor=scale))
except CancelledError:
    times.update(decode=decoded, peak_mib=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    print(json.dumps(times))
    sys.exit(0)
times["whole"] = time.perf_counter() - t0
save_bands(target, outcome.cache.bands(), outcome.cache.shape, metadata=outcome.metadata)
times["saved"] = time.perf_counter() - t0
outcome.cache.remove()
times["decode"] = decoded
times["peak_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(times))
"""

_CLI_CHILD = """
import json, resource, sys, time
t0 = time.perf_counter()
from srcnn_gui.cli import main
code = main(["upscale", sys.argv[1], "-o", sys.argv[2], "--scale", sys.argv[3]])
print(json.dumps({"code": code, "whole": time.perf_counter() - t0,
                  "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def _child(code: str, *args: str) -> dict:
    done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"the measuring process failed:\n{done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _photo(folder: Path, width: int, height: int) -> Path:
    png, jpeg = folder / "photo.png", folder / f"photo-{width}x{height}.jpg"
    write_large_picture(png, width, height)
    with Image.open(png) as picture:
        picture.save(jpeg, quality=88)
    png.unlink()
    return jpeg


def main() -> None:
    """Run the window's job and the CLI on each size and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", action="store_true", help="one 1200 x 900 photo at x2 only (a quick check)")
    parser.add_argument("--first-only", action="store_true", help="the window's job until its first full-size region "
                        "only, and no CLI run: seconds, so that the machine can be kept quiet meanwhile")
    args = parser.parse_args()
    sizes = ((1200, 900, 2),) if args.small else SIZES
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    print(f"CPU: {cpu}, {os.cpu_count()} cores; load average before: {os.getloadavg()}")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for width, height, scale in sizes:
            photo = _photo(folder, width, height)
            window = _child(_WINDOW_CHILD, str(photo), str(folder / f"window-{width}x{height}.png"), str(scale),
                            *(["first"] if args.first_only else []))
            print(f"{width} x {height} at x{scale} -> {width * scale} x {height * scale}:")
            print(f"  window: decoded in {window['decode']:.2f} s; after the decode, preview of the whole result at "
                  f"{window['preview'] - window['decode']:.2f} s, first full-size region at "
                  f"{window['first_region'] - window['decode']:.2f} s", end="")
            if args.first_only:
                print(f" (stopped there); peak memory {window['peak_mib']:.0f} MiB")
            else:
                print(f"; whole result {window['whole']:.1f} s, saved (PNG) {window['saved']:.1f} s; peak memory "
                      f"{window['peak_mib']:.0f} MiB")
                cli = _child(_CLI_CHILD, str(photo), str(folder / "cli"), str(scale))
                print(f"  CLI:    file to file (PNG) {cli['whole']:.1f} s; peak memory {cli['peak_mib']:.0f} MiB "
                      f"(exit {cli['code']})")
            print(f"  load average now: {os.getloadavg()}")


if __name__ == "__main__":
    main()
