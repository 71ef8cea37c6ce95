"""The model card: our models measured with the literature protocol, beside the published figures."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from typing import Any

from srcnn_gui.core.evaluation.protocol import evaluate_folder
from srcnn_gui.core.evaluation.published import PUBLISHED_PSNR, TARGET_FOR_ARCH
from srcnn_gui.core.images.denoise_levels import ranking_quality
from srcnn_gui.core.inference.tiling import WHOLE_IMAGE
from srcnn_gui.core.inference.upscaler import Upscaler
from srcnn_gui.core.models.files import load_model, save_model
from srcnn_gui.core.models.model_info import RANKING_SET, ModelInfo

BENCHMARK_SETS = ("Set5", "Set14")
BLOCK_START = "<!-- measured:start -->"
BLOCK_END = "<!-- measured:end -->"


def _scores(upscaler: Upscaler, folder: Path, scale: int, quality: int | None) -> dict[str, float]:
    summary = evaluate_folder(folder, scale, None, quality, upscale=upscaler.upscale_luminance).summary()
    # Unrounded: rounding here and again when printing can turn 29.2554 into "29.25" where eval says 29.26.
    return {"psnr": summary["srcnn_psnr"], "ssim": summary["srcnn_ssim"],
            "bicubic_psnr": summary["bicubic_psnr"], "bicubic_ssim": summary["bicubic_ssim"]}


def _upscaler(info: ModelInfo) -> Upscaler:
    return Upscaler.from_info(info, device="cpu", tiling=WHOLE_IMAGE, bf16=False)  # the model itself, in float32


def measure(info: ModelInfo, datasets: Path, *, ranking: bool = True) -> dict[str, dict[str, float]]:
    """Mean bicubic and model PSNR/SSIM at the model's scale on each benchmark set (clean inputs) and, with
    ``ranking``, on the ranking set (:func:`measure_ranking`)."""
    upscaler = _upscaler(info)
    results = {name: _scores(upscaler, datasets / name, info.scale, None) for name in BENCHMARK_SETS}
    if ranking:
        results[RANKING_SET] = _scores(upscaler, datasets / RANKING_SET, info.scale, ranking_quality(info.denoise))
    return results


def measure_ranking(info: ModelInfo, datasets: Path) -> dict[str, dict[str, float]]:
    """The model's scores on :data:`~srcnn_gui.core.models.model_info.RANKING_SET` (a JPEG model's inputs saved at
    its level's quality), which rank the models (:func:`~srcnn_gui.core.models.registry.rank`)."""
    return {RANKING_SET: _scores(_upscaler(info), datasets / RANKING_SET, info.scale, ranking_quality(info.denoise))}


def with_metrics(info: ModelInfo, metrics: dict[str, Any]) -> ModelInfo:
    """The same model description with measured metrics in its metadata."""
    return replace(info, meta={**info.meta, "metrics": metrics})


def record_metrics(info: ModelInfo, metrics: dict[str, Any]) -> ModelInfo:
    """Store measured metrics in the model file's metadata (rewritten atomically)."""
    model, loaded = load_model(info.path)
    save_model(info.path, model, loaded.scale, {**loaded.meta, "metrics": metrics})
    return with_metrics(info, metrics)


def _cell(ours: float | None, target: float | None) -> str:
    if ours is None:
        return "–"
    if target is None:
        return f"{ours:.2f}"
    mark = "≥" if ours >= target else "<"
    return f"{ours:.2f} {mark} {target:.2f}"


def render_table(models: list[ModelInfo]) -> str:
    """Markdown table: Y-PSNR on Set5 and Set14 against the paper figure each model must beat."""
    lines = [
        f"| model | arch | scale | Set5 PSNR / SSIM (ours vs paper) | Set14 PSNR / SSIM (ours vs paper) | {RANKING_SET} "
        "(held out: ranks) | training |",
        "|---|---|---|---|---|---|---|",
    ]
    for info in sorted(models, key=lambda m: (m.arch, m.scale, m.name)):
        target = PUBLISHED_PSNR.get(TARGET_FOR_ARCH.get(info.arch, ""), {})
        metrics = info.meta.get("metrics", {})
        cells = []
        for name in BENCHMARK_SETS:
            m = metrics.get(name, {})
            psnr_cell = _cell(m.get("psnr"), target.get(name, {}).get(info.scale))
            cells.append(f"{psnr_cell} / {m['ssim']:.4f}" if "ssim" in m else psnr_cell)
        meta = info.meta
        hours = (meta.get("train_seconds") or 0) / 3600
        training = (f"{meta.get('epochs', 0):.0f} of {meta.get('schedule_epochs', '?')} epochs, "
                    f"{meta.get('patches_seen', 0) / 1e6:.2f} M patches, {hours:.1f} h, "
                    f"{meta.get('patches_per_s') or 0:.0f} patches/s ({meta.get('precision', '?')}, {meta.get('device', '?')})")
        residual = " residual" if info.config.get("residual") else ""
        held_out = _cell(metrics.get(RANKING_SET, {}).get("psnr"), None)
        lines.append(f"| `{info.name}` | {info.arch}{residual} | x{info.scale} | {cells[0]} | {cells[1]} | {held_out} "
                     f"| {training} |")
    return "\n".join(lines)


def _gain_cell(metrics: dict[str, float], target: float | None, published_bicubic: float | None) -> str:
    if "psnr" not in metrics or "bicubic_psnr" not in metrics:
        return "–"
    ours = f"{metrics['psnr'] - metrics['bicubic_psnr']:+.2f}"
    if target is None or published_bicubic is None:
        return ours
    return f"{ours} vs {target - published_bicubic:+.2f}"


def render_gains(models: list[ModelInfo]) -> str:
    """Markdown table: dB gained over bicubic, ours beside the paper's.

    Context for the absolute figures when our copy of a test set differs from the paper's (our bicubic
    on Set5 is below the published one); the targets themselves stay the absolute figures.
    """
    lines = [
        "| model | Set5 gain over bicubic (ours vs paper) | Set14 gain over bicubic (ours vs paper) |",
        "|---|---|---|",
    ]
    bicubic = PUBLISHED_PSNR["bicubic"]
    for info in sorted(models, key=lambda m: (m.arch, m.scale, m.name)):
        target = PUBLISHED_PSNR.get(TARGET_FOR_ARCH.get(info.arch, ""), {})
        metrics = info.meta.get("metrics", {})
        cells = [_gain_cell(metrics.get(name, {}), target.get(name, {}).get(info.scale), bicubic[name].get(info.scale))
                 for name in BENCHMARK_SETS]
        lines.append(f"| `{info.name}` | {cells[0]} | {cells[1]} |")
    return "\n".join(lines)


def render_card(models: list[ModelInfo]) -> str:
    """The measured block of the model card: absolute figures, then gains over bicubic."""
    return f"{render_table(models)}\n\n{render_gains(models)}"


def replace_block(text: str, table: str, *, start: str = BLOCK_START, end: str = BLOCK_END) -> str:
    """Put ``table`` between the block markers (by default the measured block's) of a Markdown document."""
    pattern = re.compile(re.escape(start) + ".*?" + re.escape(end), re.S)
    if not pattern.search(text):
        raise ValueError(f"no {start} ... {end} block to replace")
    return pattern.sub(lambda _: f"{start}\n{table}\n{end}", text)
