"""The first picture of a fresh process against the second: what start-up costs an ``upscale`` run.

Runs, in a new Python process each time (so nothing is warm), what ``srcnn-gui upscale`` does for two
equal pictures: the model chosen and loaded, then each picture file to file, each timed. Prints, per
process, the model load and both pictures' seconds and the difference (the goal: first no slower than
second by more than 0.3 s), in wall time and in the process's CPU time (all threads: steadier than wall
time on a loaded machine), with the load average.

    python docs/experiments/first_picture.py PICTURE [--runs 3] [--scale 2]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

CHILD = """
import json, sys, time
from pathlib import Path
started = time.perf_counter()
from srcnn_gui.core.images.jpeg import file_quality
from srcnn_gui.core.inference.file_to_file import upscale_file
from srcnn_gui.core.inference.model_choice import ModelChooser
imported = time.perf_counter()
folder, scale = Path(sys.argv[1]), int(sys.argv[2])
first, second = sorted(folder.glob("in-*"))
choice = ModelChooser(scale).choose(file_quality(first))
upscaler = choice.upscaler
loaded = time.perf_counter()
times, cpu = [], []
for source in (first, second):
    begun, begun_cpu = time.perf_counter(), time.process_time()
    upscale_file(upscaler, source, folder / f"out-{source.stem}.png", inputs={source.resolve()}, overwrite=True)
    times.append(time.perf_counter() - begun)
    cpu.append(time.process_time() - begun_cpu)
print(json.dumps({"import_s": imported - started, "load_s": loaded - imported, "first_s": times[0],
                  "second_s": times[1], "first_cpu_s": cpu[0], "second_cpu_s": cpu[1], "model": choice.info.name}))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("picture", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--scale", type=int, default=2)
    args = parser.parse_args()
    print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print("| run | imports s | model s | first picture s | second picture s | first - second s | "
          "CPU s first / second | CPU first - second s |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as folder:
        for name in ("in-1", "in-2"):
            shutil.copyfile(args.picture, Path(folder) / f"{name}{args.picture.suffix}")
        for run in range(1, args.runs + 1):
            child = subprocess.run([sys.executable, "-c", CHILD, folder, str(args.scale)], capture_output=True,
                                   text=True, check=True)
            r = json.loads(child.stdout.strip().splitlines()[-1])
            print(f"| {run} | {r['import_s']:.2f} | {r['load_s']:.2f} | {r['first_s']:.2f} | {r['second_s']:.2f} | "
                  f"{r['first_s'] - r['second_s']:+.2f} | {r['first_cpu_s']:.2f} / {r['second_cpu_s']:.2f} | "
                  f"{r['first_cpu_s'] - r['second_cpu_s']:+.2f} |")
    print(f"model {r['model']}; load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
