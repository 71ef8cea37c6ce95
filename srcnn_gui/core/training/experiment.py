"""Re-running the SRCNN paper's architecture experiments on one training budget.

Filter sizes (9-1-5, 9-3-5, 9-5-5) and depth (a fourth 16-map layer: 9-1-1-5, 9-3-3-5) are trained
with the same steps, batch and patches; Set5 PSNR is recorded during training. The result is a
JSON file, a Markdown table and a plot of PSNR against training steps.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from srcnn_gui.core.errors import SrcnnError
from srcnn_gui.core.evaluation.published import PUBLISHED_PSNR
from srcnn_gui.core.training.presets import EXPERIMENT
from srcnn_gui.core.training.train_config import TrainConfig
from srcnn_gui.core.training.trainer import EpochReport, StepReport, Trainer, read_history

DEFAULT_ARCHS = ("9-1-5", "9-3-5", "9-5-5", "9-1-1-5", "9-3-3-5")


@dataclass(frozen=True)
class ExperimentPlan:
    """One budget shared by every architecture."""

    train: Path
    val: Path
    runs: Path
    scale: int = 3
    steps: int = 6000
    eval_every: int = 500
    batch_size: int = EXPERIMENT.batch_size
    label: int = EXPERIMENT.label
    lr: float = EXPERIMENT.lr
    seed: int = 0
    archs: Sequence[str] = DEFAULT_ARCHS

    def config(self, arch: str) -> TrainConfig:
        return TrainConfig(
            folders=[str(self.train)], scale=self.scale, out=str(self.runs / f"{arch}.pt"), arch=arch,
            val=str(self.val), epochs=self.steps // self.eval_every, steps_per_epoch=self.eval_every,
            batch_size=self.batch_size, label=self.label, lr=self.lr, seed=self.seed,
            command=f"srcnn-gui experiment --scale {self.scale} --steps {self.steps}",
        )


def run_experiment(plan: ExperimentPlan) -> Iterator[tuple[str, StepReport | EpochReport]]:
    """Train every architecture in turn (each resumes from its own state file); yields progress."""
    for arch in plan.archs:
        trainer = Trainer(plan.config(arch))
        for report in trainer.run():
            yield arch, report


def collect_results(plan: ExperimentPlan) -> dict[str, list[dict[str, float]]]:
    """Validation history of every finished or partial run, by architecture."""
    return {arch: read_history(plan.config(arch).state_path) for arch in plan.archs if plan.config(arch).state_path.is_file()}


def write_results(plan: ExperimentPlan, histories: dict[str, list[dict[str, float]]], out_dir: Path) -> list[Path]:
    """Write ``results.json``, ``results.md`` and ``psnr_vs_steps.png`` into ``out_dir``."""
    try:
        import matplotlib
    except ImportError as exc:
        raise SrcnnError("the experiment plot needs matplotlib: pip install 'srcnn-gui[experiment]'") from exc
    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    out_dir.mkdir(parents=True, exist_ok=True)
    settings = {"scale": plan.scale, "steps": plan.steps, "batch_size": plan.batch_size, "label": plan.label,
                "lr": plan.lr, "train": plan.train.name, "val": plan.val.name}
    json_path = out_dir / "results.json"
    json_path.write_text(json.dumps({"settings": settings, "runs": histories}, indent=1), encoding="utf-8")

    rows = ["| arch | layers | steps | Set5 PSNR (dB) | SSIM | wall time (s)* |", "|---|---|---|---|---|---|"]
    for arch, history in histories.items():
        if history:
            last = history[-1]
            rows.append(f"| {arch} | {len(arch.split('-'))} | {last['step']} | {last['psnr']:.2f} | {last['ssim']:.4f} | {last['seconds']:.0f} |")
    md_path = out_dir / "results.md"
    md_path.write_text(
        f"Set5 x{plan.scale}, {plan.steps} steps of {plan.batch_size} patches ({plan.label}x{plan.label} targets), "
        f"trained on {plan.train.name}.\n\n" + "\n".join(rows) + "\n\n"
        "\\* Wall time of each run, which shared the CPU with a varying number of other trainings:\n"
        "not comparable between rows.\n", encoding="utf-8")

    fig, ax = plt.subplots(figsize=(7, 4.5), dpi=110)
    for arch, history in histories.items():
        ax.plot([h["step"] for h in history], [h["psnr"] for h in history], marker="o", ms=3,
                linestyle="--" if len(arch.split("-")) == 4 else "-", label=arch)
    bicubic = PUBLISHED_PSNR["bicubic"].get(plan.val.name, {}).get(plan.scale)
    if bicubic is not None:
        ax.axhline(bicubic, color="grey", linestyle=":", label="bicubic (published)")
    # A run's first score can sit far below the rest (9-5-5 before it settles): keep the axis on the comparison.
    later = [h["psnr"] for history in histories.values() for h in history[1:]]
    if later:
        ax.set_ylim(bottom=min(later + ([bicubic] if bicubic is not None else [])) - 0.2)
    ax.set_xlabel(f"training steps (batch {plan.batch_size})")
    ax.set_ylabel(f"Set5 x{plan.scale} Y-PSNR (dB)")
    ax.set_title("SRCNN filter sizes and depth, same budget")
    ax.grid(alpha=0.3)
    ax.legend()
    fig.tight_layout()
    png_path = out_dir / "psnr_vs_steps.png"
    fig.savefig(png_path)
    plt.close(fig)
    return [json_path, md_path, png_path]
