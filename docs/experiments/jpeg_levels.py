"""Which denoise level serves which JPEG quality, chosen on the runs' held-out training pictures.

The JPEG models' runs hold out 5% of T91 + BSD200 (the same pictures for every run, never Set5 or
Set14). Each held-out picture's low-res input is saved as a JPEG of quality q, and every model of
the scale that `--denoise` can choose (clean, low, medium, high) is scored on it as during training
(centre crops, literature protocol). The best level per quality is what `DENOISE_LEVELS` in
`srcnn_gui/core/images/jpeg.py` should say; this script prints the table it was read from.

    python docs/experiments/jpeg_levels.py [--scales 2 3] [--qualities 30 40 ... 95]
"""

from __future__ import annotations

import argparse

import numpy as np

from srcnn_gui.core.errors import ModelLoadError
from srcnn_gui.core.evaluation.protocol import ground_truth_colour, score_truth
from srcnn_gui.core.images.denoise_levels import DENOISE_CHOICES, level_for_quality
from srcnn_gui.core.inference.tiling import WHOLE_IMAGE
from srcnn_gui.core.inference.upscaler import Upscaler
from srcnn_gui.core.models.registry import default_model
from srcnn_gui.core.paths import datasets_dir
from srcnn_gui.core.training.held_out import centre_crop, held_out_paths
from srcnn_gui.core.training.presets import COMMAND_LINE

HOLDOUT = 0.05  # as weights/runs.sh trains the JPEG models


def held_out_crops(scale: int, radius: int) -> list[np.ndarray]:
    """The held-out pictures of the JPEG runs, centre-cropped as validation crops them."""
    folders = [datasets_dir() / "T91", datasets_dir() / "BSD200"]
    paths = held_out_paths(folders, scale, HOLDOUT, COMMAND_LINE.label + 2 * radius)
    return [centre_crop(ground_truth_colour(path, scale), scale) for path in paths]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", type=int, nargs="+", default=[2, 3])
    parser.add_argument("--qualities", type=int, nargs="+", default=list(range(30, 100, 5)))
    args = parser.parse_args()
    for scale in args.scales:
        models = {}
        for level in DENOISE_CHOICES[1:]:
            try:
                models[level] = default_model(scale, level)
            except ModelLoadError:
                continue  # no model for this level yet
        upscalers = {lv: Upscaler.from_info(m, device="cpu", tiling=WHOLE_IMAGE, bf16=False) for lv, m in models.items()}
        crops = held_out_crops(scale, next(iter(upscalers.values())).model.radius)
        print(f"\nx{scale}, {len(crops)} held-out pictures: mean Y-PSNR (dB)")
        print("| q | " + " | ".join(upscalers) + " | best | auto today |")
        print("|---|" + "---|" * (len(upscalers) + 2))
        for quality in args.qualities:
            scores = {lv: float(np.mean([score_truth("crop", c, scale, u.enhance_luminance, quality).srcnn_psnr
                                         for c in crops])) for lv, u in upscalers.items()}
            best = max(scores, key=scores.get)
            cells = " | ".join(f"{scores[lv]:.3f}" for lv in upscalers)
            print(f"| {quality} | {cells} | {best} | {level_for_quality(quality)} |")


if __name__ == "__main__":
    main()
