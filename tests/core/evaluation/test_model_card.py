"""The model card: our figures beside the paper's, gains over bicubic, the Markdown block they fill."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from srcnn_gui.core.evaluation.model_card import BLOCK_END, BLOCK_START, measure, record_metrics, render_card, replace_block
from srcnn_gui.core.evaluation.protocol import evaluate_folder
from srcnn_gui.core.evaluation.published import PUBLISHED_PSNR, TARGET_FOR_ARCH
from srcnn_gui.core.images.reading import load_image
from srcnn_gui.core.images.writing import save_image
from srcnn_gui.core.inference.tiling import WHOLE_IMAGE
from srcnn_gui.core.inference.upscaler import Upscaler
from srcnn_gui.core.models.files import save_model
from srcnn_gui.core.models.model_info import read_info


@pytest.fixture(scope="module")
def small_sets(datasets: Path, tmp_path_factory) -> Path:
    """Set5, Set14 and Kodak24 stand-ins: crops of two real pictures each (the shared sets are never written to)."""
    root = tmp_path_factory.mktemp("sets")
    crops = {"Set5": ("bird_GT.png", "butterfly_GT.png"), "Set14": ("barbara.png", "bridge.png"),
             "Kodak24": ("kodim01.png", "kodim02.png")}
    for name, files in crops.items():
        (root / name).mkdir()
        for file in files:
            save_image(root / name / file, load_image(datasets / name / file)[30:150, 40:160])
    return root


@pytest.fixture()
def x3_model(tmp_path: Path, shipped_x3):
    model, info = shipped_x3
    return read_info(save_model(tmp_path / "card-x3.pt", model, info.scale, {"epochs": 3}), shipped=True)


def _row(table: str, name: str) -> list[str]:
    return [cell.strip() for cell in next(line for line in table.splitlines() if f"`{name}`" in line).split("|")[1:-1]]


def test_card_measures_like_eval_and_records_in_the_model_file(small_sets, x3_model):
    metrics = measure(x3_model, small_sets)
    upscaler = Upscaler.from_info(x3_model, device="cpu", tiling=WHOLE_IMAGE, bf16=False)
    for name in ("Set5", "Set14", "Kodak24"):
        report = evaluate_folder(small_sets / name, 3, upscaler.enhance_luminance)
        # Exactly eval's figures, so the card never prints a different last digit than `srcnn-gui eval`.
        assert metrics[name]["psnr"] == report.mean("srcnn_psnr")
        assert metrics[name]["bicubic_psnr"] == report.mean("bicubic_psnr")
        assert metrics[name]["psnr"] > metrics[name]["bicubic_psnr"]  # a trained model beats bicubic
    recorded = record_metrics(x3_model, metrics)
    assert read_info(recorded.path).meta["metrics"] == metrics
    assert read_info(recorded.path).meta["epochs"] == 3  # the rest of the metadata is kept


@pytest.mark.parametrize("margin", [0.05, -0.05])
def test_card_marks_a_met_target_and_sets_gains_beside_the_papers(x3_model, margin):
    paper = PUBLISHED_PSNR[TARGET_FOR_ARCH[x3_model.arch]]
    bicubic = PUBLISHED_PSNR["bicubic"]
    metrics = {name: {"psnr": paper[name][3] + margin, "ssim": 0.9, "bicubic_psnr": bicubic[name][3] - 0.1,
                      "bicubic_ssim": 0.8} for name in ("Set5", "Set14")}
    table, gains = render_card([replace(x3_model, meta={"metrics": metrics})]).split("\n\n")
    mark = "≥" if margin > 0 else "<"
    set5, set14 = _row(table, x3_model.name)[3:5]
    assert set5 == f"{paper['Set5'][3] + margin:.2f} {mark} {paper['Set5'][3]:.2f} / 0.9000"
    assert set14.startswith(f"{paper['Set14'][3] + margin:.2f} {mark} ")
    paper_gain = paper["Set5"][3] - bicubic["Set5"][3]
    assert _row(gains, x3_model.name)[1] == f"{paper_gain + margin + 0.1:+.2f} vs {paper_gain:+.2f}"


def test_block_replacement_keeps_the_rest_of_the_document():
    doc = f"intro\n{BLOCK_START}\nold table\n{BLOCK_END}\noutro\n"
    assert replace_block(doc, "new") == f"intro\n{BLOCK_START}\nnew\n{BLOCK_END}\noutro\n"
    with pytest.raises(ValueError, match="measured:start"):
        replace_block("no markers here", "new")


def test_a_jpeg_models_ranking_figure_is_measured_on_jpegs_of_its_levels_quality(small_sets):
    from srcnn_gui.core.evaluation.model_card import measure_ranking
    from srcnn_gui.core.images.denoise_levels import denoise_level
    from srcnn_gui.core.models.model_info import RANKING_SET
    from srcnn_gui.core.models.registry import find_model

    info = find_model("srcnn-9-5-5-x3-jpeg-medium")
    upscaler = Upscaler.from_info(info, device="cpu", tiling=WHOLE_IMAGE, bf16=False)
    quality = denoise_level("medium").validation_quality
    on_jpegs = evaluate_folder(small_sets / RANKING_SET, 3, None, quality, upscale=upscaler.upscale_luminance)
    clean = evaluate_folder(small_sets / RANKING_SET, 3, None, upscale=upscaler.upscale_luminance)
    assert measure_ranking(info, small_sets)[RANKING_SET]["psnr"] == on_jpegs.mean("srcnn_psnr") != clean.mean("srcnn_psnr")
