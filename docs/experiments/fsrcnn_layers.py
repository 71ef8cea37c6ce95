"""Where FSRCNN's time goes: each layer of the engine's forward pass timed on one thread, for one tile.

Runs the layers of :class:`~srcnn_gui.core.inference.fsrcnn_forward.FsrcnnForward` one by one on a low-res
tile of the engine's size (with the margin its receptive field needs) and prints, per layer, the time, the
multiply-adds and the rate reached (GMAC/s), so the gap between FSRCNN's 40x fewer multiply-adds and its
measured speed-up over 9-5-5 can be read layer by layer (docs/benchmarks.md, issue 29). Best of several runs.

    python docs/experiments/fsrcnn_layers.py [--model weights/fsrcnn-x3.pt] [--tile 85]
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from pathlib import Path

import torch
from torch.nn import functional as F

from srcnn_gui.core.inference.fsrcnn_forward import FsrcnnForward
from srcnn_gui.core.models.files import load_model

ROOT = Path(__file__).resolve().parents[2]


def best_ms(run: Callable[[], object], repeats: int = 7, calls: int = 30) -> float:
    """The fastest of ``repeats`` averages over ``calls`` calls, in milliseconds."""
    run()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        for _ in range(calls):
            run()
        times.append((time.perf_counter() - start) / calls * 1e3)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=ROOT / "weights" / "fsrcnn-x3.pt")
    parser.add_argument("--tile", type=int, default=85, help="low-res tile side the engine keeps (default 85)")
    args = parser.parse_args()
    torch.set_num_threads(1)
    model, _ = load_model(args.model)
    forward = FsrcnnForward(model)
    side = args.tile + 2 * forward.radius
    x = torch.rand(side, side)
    k = forward._first_kernel
    maps = x.unfold(0, k, 1).contiguous().permute(2, 0, 1)[None]
    rows = []
    for index, (weight, bias, slope) in enumerate(forward._layers):
        out = F.prelu(F.conv2d(maps, weight, bias), slope)
        ms = best_ms(lambda maps=maps, weight=weight, bias=bias, slope=slope: F.prelu(F.conv2d(maps, weight, bias), slope))
        macs = out.shape[2] * out.shape[3] * weight.numel()
        name = {0: "feature extraction", 1: "shrinking 1x1", len(forward._layers) - 1: "expanding 1x1"}.get(index, "mapping 3x3")
        rows.append((f"{name} ({weight.shape[1]}->{weight.shape[0]})", ms, macs))
        maps = out
    kernel, _ = forward._deconv
    phases = F.conv2d(maps, kernel, padding=forward._taps - 1)
    rows.append((f"deconvolution as sub-pixel conv ({kernel.shape[1]}->{kernel.shape[0]})",
                 best_ms(lambda: F.conv2d(maps, kernel, padding=forward._taps - 1)),
                 phases.shape[2] * phases.shape[3] * kernel.numel()))
    rows.append(("pixel shuffle", best_ms(lambda: F.pixel_shuffle(phases, forward.scale)), 0))
    whole = best_ms(lambda: forward(x))
    total = sum(ms for _, ms, _ in rows)
    print(f"{args.model.name}, low-res tile {args.tile} (+{forward.radius} margin each side), one thread")
    print("| stage | ms | share | M multiply-adds | GMAC/s |")
    print("|---|---:|---:|---:|---:|")
    for name, ms, macs in rows:
        rate = f"{macs / ms / 1e6:.0f}" if macs else "-"
        print(f"| {name} | {ms:.3f} | {ms / total:.0%} | {macs / 1e6:.1f} | {rate} |")
    out_pixels = (forward.scale * args.tile) ** 2
    print(f"| whole forward pass | {whole:.3f} | | {sum(m for _, _, m in rows) / 1e6:.1f} | "
          f"{sum(m for _, _, m in rows) / whole / 1e6:.0f} |")
    print(f"output {out_pixels / 1e6:.3f} MP per tile: {out_pixels / whole / 1e3:.1f} MP/s on one thread")


if __name__ == "__main__":
    main()
