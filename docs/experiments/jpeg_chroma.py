"""How much RGB-PSNR JPEG chroma costs after SRCNN, and so whether chroma needs restoring.

For each colour picture of Set5 and Set14: the low-res input saved as a JPEG (as `eval --jpeg`),
its luminance refined by the model `--denoise auto` picks for it, chroma upscaled bicubic either from
the JPEG (what the application does) or from the uncompressed low-res picture (an upper bound for
any chroma restoration). Prints mean RGB-PSNR (8-bit, `scale` pixels shaved) of both.

    python docs/experiments/jpeg_chroma.py [--scales 2 3] [--qualities 30 75]
"""

from __future__ import annotations

import argparse

import numpy as np

from srcnn_gui.core.evaluation.metrics import psnr
from srcnn_gui.core.evaluation.protocol import ground_truth_colour, jpeg_low_res
from srcnn_gui.core.images.bicubic import imresize
from srcnn_gui.core.images.colour import rgb_to_ycbcr, ycbcr_to_rgb
from srcnn_gui.core.images.denoise_levels import AUTO
from srcnn_gui.core.images.pixels import to_uint8
from srcnn_gui.core.images.reading import find_images
from srcnn_gui.core.inference.model_choice import ModelChooser
from srcnn_gui.core.inference.tiling import WHOLE_IMAGE
from srcnn_gui.core.paths import datasets_dir


def rgb_psnr(scale: int, quality: int, folder) -> tuple[float, float]:
    """Mean RGB-PSNR with the JPEG's chroma and with the uncompressed chroma."""
    upscaler = ModelChooser(scale, AUTO, device="cpu", tiling=WHOLE_IMAGE, bf16=False).choose(quality).upscaler.passes[0]  # one pass at a trained scale
    jpeg_scores, clean_scores = [], []
    for path in find_images(folder):
        truth = ground_truth_colour(path, scale)
        if truth.shape[2] != 3:
            continue  # grey pictures have no chroma
        jpeg_big = imresize(rgb_to_ycbcr(jpeg_low_res(truth, scale, quality) / 255.0), float(scale))
        clean_big = imresize(rgb_to_ycbcr(to_uint8(imresize(truth / 255.0, 1 / scale)) / 255.0), float(scale))
        y = upscaler.enhance_luminance(jpeg_big[..., 0])
        for big, scores in ((jpeg_big, jpeg_scores), (clean_big, clean_scores)):
            rgb = to_uint8(ycbcr_to_rgb(np.dstack([y, big[..., 1:]]))).astype(np.float64)
            scores.append(psnr(rgb, truth.astype(np.float64), crop_border=scale))
    return float(np.mean(jpeg_scores)), float(np.mean(clean_scores))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", type=int, nargs="+", default=[2, 3])
    parser.add_argument("--qualities", type=int, nargs="+", default=[30, 75])
    args = parser.parse_args()
    print("| set | scale | JPEG q | RGB-PSNR, JPEG chroma | uncompressed chroma | difference |")
    print("|---|---|---|---|---|---|")
    for name in ("Set5", "Set14"):
        for scale in args.scales:
            for quality in args.qualities:
                jpeg, clean = rgb_psnr(scale, quality, datasets_dir() / name)
                print(f"| {name} | x{scale} | {quality} | {jpeg:.3f} | {clean:.3f} | {clean - jpeg:+.3f} |")


if __name__ == "__main__":
    main()
