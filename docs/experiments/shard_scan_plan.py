"""Scanning and planning a batch of many small pictures, as each run of ``upscale --shard K/N`` does.

Makes a tree of N tiny PNGs (100 per folder, 1 x 1 pixel, 69 bytes each) for each count asked for,
then times, in this process: the scan (``collect_items``: walk, picture check by extension), the
shard filter (``shard_items`` for shard 0 of 8) and the plan of the whole batch (``plan_batch``: each
file's header read, its model chosen, its output named, collisions checked). Memory is the peak of
Python's allocations (``tracemalloc``) in a second, separate pass, since tracing slows the first.
Prints a Markdown row per count and the load average; docs/benchmarks.md records its output.

    python docs/experiments/shard_scan_plan.py [--counts 25000 50000 100000] [--workdir /tmp]
"""

from __future__ import annotations

import argparse
import io
import os
import shutil
import tempfile
import time
import tracemalloc
from pathlib import Path

import numpy as np
from PIL import Image

from srcnn_gui.core.images.output_size import OutputSize
from srcnn_gui.core.inference.model_choice import ModelChooser
from srcnn_gui.core.jobs.batch_inputs import collect_items
from srcnn_gui.core.jobs.batch_plan import plan_batch
from srcnn_gui.core.jobs.shards import Shard, shard_items

PER_FOLDER = 100


def make_tree(root: Path, count: int) -> None:
    """``count`` copies of one tiny PNG, ``PER_FOLDER`` to a folder, two levels deep."""
    buffer = io.BytesIO()
    Image.fromarray(np.zeros((1, 1, 3), np.uint8)).save(buffer, format="PNG")
    data = buffer.getvalue()
    for index in range(count):
        folder = root / f"{index // (PER_FOLDER * 100):03d}" / f"{index // PER_FOLDER % 100:02d}"
        if index % PER_FOLDER == 0:
            folder.mkdir(parents=True)
        (folder / f"picture-{index:06d}.png").write_bytes(data)


def scan_and_plan(root: Path, out: Path, chooser: ModelChooser) -> dict[str, float]:
    """Seconds of each step, and the share's size."""
    size = OutputSize(factor=2)
    start = time.perf_counter()
    items, problems = collect_items([root], out)
    scanned = time.perf_counter()
    share = shard_items(items, Shard(0, 8))
    filtered = time.perf_counter()
    plan = plan_batch(items, out, chooser, size)
    planned = time.perf_counter()
    assert not problems and len(plan.files) == len(items), (problems[:3], plan.problems[:3])
    return {"scan": scanned - start, "shard": filtered - scanned, "plan": planned - filtered, "share": len(share)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--counts", type=int, nargs="+", default=[25_000, 50_000, 100_000])
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()))
    args = parser.parse_args()
    chooser = ModelChooser(2, device="cpu")
    print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print("| pictures | scan s | shard 0/8 s | plan s | µs per picture (scan + plan) | peak MB (traced) | bytes per picture |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for count in args.counts:
        root = Path(tempfile.mkdtemp(prefix="shard-scan-", dir=args.workdir))
        try:
            make_tree(root / "in", count)
            times = scan_and_plan(root / "in", root / "out", chooser)
            tracemalloc.start()
            scan_and_plan(root / "in", root / "out", chooser)
            peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
        finally:
            shutil.rmtree(root)
        per = (times["scan"] + times["plan"]) / count * 1e6
        print(f"| {count:,} | {times['scan']:.2f} | {times['shard']:.2f} | {times['plan']:.2f} | {per:.0f} | "
              f"{peak / 1e6:.0f} | {peak / count:.0f} |")
    print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
