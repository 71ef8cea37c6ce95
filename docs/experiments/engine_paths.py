"""The engine's 5 x 5 layer direct and by Winograd, beside plain PyTorch and ONNX Runtime, in wall and CPU time.

One process, 1 MP output, 9-5-5 x3, the paths alternating (4 timed runs each after one untimed):
plain ``model(x)``, ONNX Runtime whole picture and tiled (``onnx_peer``), the engine with its middle
layer direct (as before Winograd) and by Winograd, and where the CPU has native bf16 dot products the
engine's default there (inner layer in bfloat16, direct). Prints a Markdown row per path: MP/s by wall
time, median wall seconds, median CPU seconds of the process (both threads; steadier than wall time
on a loaded machine). docs/benchmarks.md records its output.

    python docs/experiments/engine_paths.py [--repeats 4]
"""

from __future__ import annotations

import argparse
import statistics
import time

import torch

from srcnn_gui.core.bench.onnx_peer import ort_refine
from srcnn_gui.core.bench.speed import SIZES, benchmark_luminance, plain_refine
from srcnn_gui.core.inference.cpu_forward import CpuForward
from srcnn_gui.core.inference.device import native_bf16
from srcnn_gui.core.inference.upscaler import Upscaler
from srcnn_gui.core.models.files import load_model
from srcnn_gui.core.models.registry import find_model


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=4)
    parser.add_argument("--model", default="srcnn-9-5-5-x3")
    args = parser.parse_args()
    model, info = load_model(find_model(args.model).path)
    height, width = SIZES["1MP"]
    y = benchmark_luminance(height, width)
    direct = Upscaler(model, info.scale, device="cpu", bf16=False)
    direct._cpu_forward = CpuForward(direct.model, bf16=False, fast_5x5=False)
    winograd = Upscaler(model, info.scale, device="cpu", bf16=False)
    threads = torch.get_num_threads()
    runs = {"plain eager": plain_refine(model, torch.device("cpu")),
            f"ORT, whole picture, {threads} threads": ort_refine(model, "whole", threads),
            "ORT, tiles, 1 thread each": ort_refine(model, "tiles", threads),
            "engine, direct 5 x 5": direct.enhance_luminance,
            f"engine, {winograd.method} 5 x 5": winograd.enhance_luminance}
    if native_bf16(torch.device("cpu")):
        runs["engine, bf16 inner layer, direct"] = Upscaler(model, info.scale, device="cpu", bf16=True).enhance_luminance
    for run in runs.values():
        run(y)
    wall: dict[str, list[float]] = {name: [] for name in runs}
    cpu: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(args.repeats):
        for name, run in runs.items():
            started, used = time.perf_counter(), time.process_time()
            run(y)
            wall[name].append(time.perf_counter() - started)
            cpu[name].append(time.process_time() - used)
    print("| path | MP/s (wall) | wall s | CPU s |\n|---|---:|---:|---:|")
    for name in runs:
        seconds = statistics.median(wall[name])
        print(f"| {name} | {height * width / 1e6 / seconds:.2f} | {seconds:.2f} | {statistics.median(cpu[name]):.2f} |")


if __name__ == "__main__":
    main()
