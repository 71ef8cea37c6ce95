"""The model card's side-by-side block: imported published models beside our shipped ones.

Each imported model (``srcnn-gui import``) is set beside our shipped models for the same task (scale and
JPEG level), whatever their network (the authors' 9-5-5 x4 beside our 9-5-5 and our FSRCNN), all measured
by :func:`srcnn_gui.core.model_card.measure`, the code of ``srcnn-gui eval``, on the same pictures. The
block lives between its own markers, after the measured block, so regenerating one never touches the other.
"""

from __future__ import annotations

from srcnn_gui.core.evaluation.model_card import BENCHMARK_SETS, BLOCK_END, replace_block
from srcnn_gui.core.models.model_info import ModelInfo

VERSUS_START = "<!-- versus:start -->"
VERSUS_END = "<!-- versus:end -->"

Pairing = tuple[ModelInfo, list[ModelInfo]]


def pair_up(theirs: list[ModelInfo], candidates: list[ModelInfo]) -> list[Pairing]:
    """Each of ``theirs`` with the shipped ``candidates`` of the same scale and denoise level, of any network."""
    def same_task(ours: ModelInfo, other: ModelInfo) -> bool:
        return (ours.scale, ours.denoise) == (other.scale, other.denoise)

    return [(other, [m for m in candidates if m.shipped and same_task(m, other)]) for other in theirs]


def _trained_on(info: ModelInfo) -> str:
    data = info.meta.get("data")
    return ", ".join(map(str, data)) if data else "not recorded"


def _cell(info: ModelInfo, name: str, reference: ModelInfo | None) -> str:
    measured = info.meta.get("metrics", {}).get(name, {})
    if "psnr" not in measured:
        return "–"
    text = f"{measured['psnr']:.2f}"
    base = (reference.meta.get("metrics", {}).get(name, {}) if reference else {}).get("psnr")
    if base is not None:
        # Rounded each first, so the difference matches the two figures printed beside it.
        text += f" ({round(measured['psnr'], 2) - round(base, 2):+.2f})"
    return f"{text} / {measured['ssim']:.4f}" if "ssim" in measured else text


def _source(info: ModelInfo) -> str:
    imported = info.meta.get("imported") or {}
    if not imported:
        return "ours"
    return f"imported ({imported.get('format', '?')})"


def render_side_by_side(pairings: list[Pairing]) -> str:
    """Markdown: a heading, how it was measured, and one row per model (ours with the difference to theirs)."""
    sets = " | ".join(f"{name} PSNR / SSIM" for name in BENCHMARK_SETS)
    lines = [
        "### Side by side with published models",
        "",
        "Y-PSNR (dB) / SSIM on the same pictures with the same code, in float32 (`srcnn-gui eval --precision fp32`",
        "gives the same figures). Published weights are imported as they are (`srcnn-gui import PATH --scale S`),",
        "with our border handling, and measured beside ours by `srcnn-gui card --versus MODEL --update weights/README.md`.",
        "In brackets: ours minus theirs.",
        "",
        f"| model | arch | scale | trained on | source | {sets} |",
        "|---|---|---|---|---|" + "---|" * len(BENCHMARK_SETS),
    ]
    for theirs, ours in pairings:
        for info, reference in [(theirs, None)] + [(m, theirs) for m in ours]:
            cells = " | ".join(_cell(info, name, reference) for name in BENCHMARK_SETS)
            lines.append(f"| `{info.name}` | {info.arch} | x{info.scale} | {_trained_on(info)} | {_source(info)} | {cells} |")
    return "\n".join(lines)


def put_side_by_side(text: str, block: str) -> str:
    """Replace the side-by-side block of a model card, or add it right after the measured block."""
    if VERSUS_START not in text:
        if BLOCK_END not in text:
            raise ValueError(f"no {VERSUS_START} block and no {BLOCK_END} to put one after")
        text = text.replace(BLOCK_END, f"{BLOCK_END}\n\n{VERSUS_START}\n{VERSUS_END}", 1)
    return replace_block(text, block, start=VERSUS_START, end=VERSUS_END)
