"""``srcnn-gui --self-test``: the bundled sample degraded and upscaled, SRCNN required to beat bicubic.

Also what runs where the window cannot open (no display, or Qt's platform plugin cannot load).
"""

from __future__ import annotations

import time

from srcnn_gui.core.models.scales import DEFAULT_FACTOR


def self_test() -> int:
    """Degrade the bundled sample by the default factor, upscale it, and require SRCNN to beat bicubic; the exit code."""
    from srcnn_gui.core.evaluation.protocol import ground_truth_luminance, score_low_res
    from srcnn_gui.core.inference.upscaler import Upscaler
    from srcnn_gui.core.models.registry import default_model
    from srcnn_gui.core.paths import sample_image_path

    started = time.perf_counter()
    scale = DEFAULT_FACTOR
    info = default_model(scale)
    upscaler = Upscaler.from_info(info)
    sample = sample_image_path()
    # Through upscale_luminance, which serves both kinds of network (SRCNN refines bicubic, FSRCNN enlarges).
    score = score_low_res(sample.stem, ground_truth_luminance(sample, scale), scale, upscaler.upscale_luminance)
    ok = score.srcnn_psnr > score.bicubic_psnr
    print(f"self-test {'ok' if ok else 'FAILED'}: x{scale} {info.name} on {sample.name}: bicubic {score.bicubic_psnr:.2f} dB, "
          f"{info.family} {score.srcnn_psnr:.2f} dB ({upscaler.device.type}, {time.perf_counter() - started:.1f} s)")
    return 0 if ok else 1
