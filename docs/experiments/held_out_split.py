"""Models scored on a 291 run's held-out pictures, apart by the folder each picture comes from.

The 291 runs (T91 + BSD200, weights/runs.sh) hold out 5% of the pictures, some from T91 and some
from BSD200. The runs start from models trained on all of T91, so those models have seen the T91
held-out pictures and their score there is inflated; the BSD200 held-out pictures are unseen by
every model compared. This prints, per model, the mean Y-PSNR (dB) on all held-out pictures and on
each folder's share (centre crops, literature protocol, float32: as validation scores them).
The model card's adoption rule reads the BSD200 column.

    python docs/experiments/held_out_split.py --scale 4 MODEL [MODEL ...]
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

from srcnn_gui.core.inference.tiling import WHOLE_IMAGE
from srcnn_gui.core.inference.upscaler import Upscaler
from srcnn_gui.core.models.files import load_model
from srcnn_gui.core.paths import datasets_dir
from srcnn_gui.core.training.held_out import held_out_paths, score_held_out
from srcnn_gui.core.training.presets import COMMAND_LINE

HOLDOUT = 0.05  # as weights/runs.sh trains the 291 runs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, required=True)
    parser.add_argument("models", nargs="+", help="model files")
    args = parser.parse_args()
    loaded = [(Path(m).as_posix(), *load_model(m)) for m in args.models]
    radius = loaded[0][1].radius
    folders = [datasets_dir() / "T91", datasets_dir() / "BSD200"]
    paths = held_out_paths(folders, args.scale, HOLDOUT, COMMAND_LINE.label + 2 * radius)
    groups = sorted({p.parent.name for p in paths})
    counts = {g: sum(p.parent.name == g for p in paths) for g in groups}
    print(f"x{args.scale}: {len(paths)} held-out pictures: " + ", ".join(f"{counts[g]} from {g}" for g in groups))
    print("| model | all | " + " | ".join(groups) + " |")
    print("|---|---|" + "---|" * len(groups))
    for name, model, _ in loaded:
        upscaler = Upscaler(model, args.scale, device="cpu", tiling=WHOLE_IMAGE, half=False, bf16=False)
        report = score_held_out(paths, args.scale, upscaler.enhance_luminance)
        by_name = {s.name: s.srcnn_psnr for s in report.images}
        means = [np.mean([by_name[p.stem] for p in paths if p.parent.name == g]) for g in groups]
        print(f"| `{name}` | {report.mean('srcnn_psnr'):.3f} | " + " | ".join(f"{m:.3f}" for m in means) + " |")


if __name__ == "__main__":
    main()
