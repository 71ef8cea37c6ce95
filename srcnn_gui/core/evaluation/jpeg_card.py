"""The model card's JPEG table: bicubic, the clean model and ``--denoise auto`` on JPEG low-res inputs.

Each benchmark picture's low-res input is saved as a JPEG of quality q (:func:`protocol.jpeg_low_res`)
and scored with the literature protocol otherwise. "auto" is the model the application would choose
for a file of that quality (:class:`ModelChooser`), so the table measures what users get.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from srcnn_gui.core.evaluation.model_card import BENCHMARK_SETS
from srcnn_gui.core.evaluation.protocol import evaluate_folder
from srcnn_gui.core.images.denoise_levels import AUTO, CLEAN_FROM_QUALITY, NO_DENOISE
from srcnn_gui.core.inference.model_choice import ModelChooser
from srcnn_gui.core.inference.tiling import WHOLE_IMAGE
from srcnn_gui.core.models.registry import default_model

JPEG_QUALITIES = (30, 50, 75, 95)
JPEG_BLOCK_START = "<!-- jpeg:start -->"
JPEG_BLOCK_END = "<!-- jpeg:end -->"


def jpeg_block(arch: str | None = None) -> tuple[str, str]:
    """The markers around the JPEG table in the documents: the default models' table, or one network's."""
    if arch is None:
        return JPEG_BLOCK_START, JPEG_BLOCK_END
    return f"<!-- jpeg-{arch}:start -->", f"<!-- jpeg-{arch}:end -->"

# The targets of issue #15: auto at least this much over the clean model on JPEGs of quality up to 75
# (at x2 and x3), and at most this much below it at the top qualities.
GAIN_TARGET, GAIN_TARGET_MAX_QUALITY, GAIN_TARGET_SCALES = 0.5, 75, (2, 3)
TOP_QUALITY_TOLERANCE = 0.02


@dataclass(frozen=True)
class JpegRow:
    """Mean Y-PSNR of one set at one scale and JPEG quality."""

    dataset: str
    scale: int
    quality: int
    bicubic: float
    clean: float
    auto: float
    auto_model: str
    reason: str

    @property
    def gain(self) -> float:
        """What auto gains over the clean model (dB)."""
        return self.auto - self.clean

    def target(self) -> tuple[str, float] | None:
        """The comparison this row is held to, as ("≥", bound) on :attr:`gain`; None where none applies."""
        if self.quality <= GAIN_TARGET_MAX_QUALITY and self.scale in GAIN_TARGET_SCALES:
            return "≥", GAIN_TARGET
        if self.quality >= CLEAN_FROM_QUALITY:
            return "≥", -TOP_QUALITY_TOLERANCE
        return None


def measure_jpeg(datasets: Path, scales: Sequence[int], qualities: Sequence[int] = JPEG_QUALITIES,
                 sets: Sequence[str] = BENCHMARK_SETS, step: Callable[[str], None] | None = None,
                 arch: str | None = None) -> list[JpegRow]:
    """Every (set, scale, quality) row, float32 on the CPU as the model card measures: of the default models, or,
    with ``arch``, as for a user who chose that network (its best clean model, and its JPEG models where it has
    them); a scale without a clean model of that network is left out."""
    rows = []
    for scale in scales:
        options = {"device": "cpu", "tiling": WHOLE_IMAGE, "bf16": False}
        chosen = None if arch is None else default_model(scale, NO_DENOISE, arch)
        if chosen is not None and chosen.arch != arch:
            continue
        clean = ModelChooser(scale, NO_DENOISE, clean=chosen, **options)
        auto = ModelChooser(scale, AUTO, clean=chosen, **options)
        for quality in qualities:
            clean_choice, auto_choice = clean.choose(None), auto.choose(quality)
            for name in sets:
                if step:
                    step(f"{name} x{scale} q{quality}")
                base = evaluate_folder(datasets / name, scale, None, quality, upscale=clean_choice.upscaler.upscale_luminance)
                picked = base if auto_choice.info.path == clean_choice.info.path else evaluate_folder(
                    datasets / name, scale, None, quality, upscale=auto_choice.upscaler.upscale_luminance)
                rows.append(JpegRow(name, scale, quality, base.mean("bicubic_psnr"), base.mean("srcnn_psnr"),
                                    picked.mean("srcnn_psnr"), auto_choice.info.name, auto_choice.reason))
    return rows


def _gain_cell(row: JpegRow) -> str:
    target = row.target()
    if target is None:
        return f"{row.gain:+.2f}"
    _, bound = target
    return f"{row.gain:+.2f} {'≥' if row.gain >= bound else '<'} {bound:+.2f}"


def render_jpeg_table(rows: Sequence[JpegRow]) -> str:
    """Markdown: one line per set, scale and quality; the gain column marks the targets met or missed."""
    lines = [
        "| set | scale | JPEG q | bicubic | clean model | auto | auto − clean (target) | auto chose |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(f"| {r.dataset} | x{r.scale} | {r.quality} | {r.bicubic:.2f} | {r.clean:.2f} | {r.auto:.2f} | "
                     f"{_gain_cell(r)} | `{r.auto_model}` |")
    return "\n".join(lines)
