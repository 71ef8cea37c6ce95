"""How a picture is extended beyond its border for the network's context, three ways, scored on the benchmarks.

The networks' convolutions are unpadded, so the picture is first extended by the receptive-field radius
(:mod:`srcnn_gui.core.models.border`). This runs each model on Set5 and Set14 (literature protocol, Y-PSNR in
dB) with the picture extended three ways: the edge pixel repeated (numpy ``edge``), mirrored with the edge
pixel (``symmetric``, what the app does) and mirrored without it (``reflect``). Only pixels within the
radius of the border (scaled up for SRCNN's enlarged input) can differ.

    python docs/experiments/border_extension.py weights/fsrcnn-x3.pt weights/srcnn-9-5-5-x3.pt ...
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import torch

from srcnn_gui.core.evaluation.protocol import evaluate_folder
from srcnn_gui.core.models.files import load_model
from srcnn_gui.core.paths import datasets_dir

MODES = ("edge", "symmetric", "reflect")
SETS = ("Set5", "Set14")


def scores(model: torch.nn.Module, scale: int, mode: str) -> list[float]:
    """Mean Y-PSNR on each of :data:`SETS` with the picture extended in numpy's ``mode``."""
    r = model.radius

    def network(picture: np.ndarray) -> np.ndarray:
        x = torch.from_numpy(np.pad(picture.astype(np.float32), r, mode=mode))[None, None]
        with torch.inference_mode():
            return model.forward_valid(x)[0, 0].numpy()

    results = []
    for name in SETS:
        if model.enlarges:
            report = evaluate_folder(datasets_dir() / name, scale, None, upscale=lambda low, _: network(low))
        else:
            report = evaluate_folder(datasets_dir() / name, scale, network)
        results.append(report.summary()["srcnn_psnr"])
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("models", nargs="+", type=Path)
    args = parser.parse_args()
    torch.set_num_threads(1)
    print("| model | " + " | ".join(f"{mode} Set5 / Set14" for mode in MODES) + " |")
    print("|---|" + "---:|" * len(MODES))
    for path in args.models:
        model, info = load_model(path)
        cells = [" / ".join(f"{score:.3f}" for score in scores(model, info.scale, mode)) for mode in MODES]
        print(f"| {path.stem} | " + " | ".join(cells) + " |", flush=True)


if __name__ == "__main__":
    main()
