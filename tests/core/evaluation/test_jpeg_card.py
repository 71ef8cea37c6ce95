"""The model card's JPEG table: it measures what auto would choose, beside bicubic and the clean model."""

from __future__ import annotations

from pathlib import Path

from srcnn_gui.core.evaluation.jpeg_card import JpegRow, measure_jpeg, render_jpeg_table
from srcnn_gui.core.evaluation.protocol import evaluate_folder
from srcnn_gui.core.inference.tiling import WHOLE_IMAGE
from srcnn_gui.core.inference.upscaler import Upscaler
from srcnn_gui.core.models.registry import default_model


def test_rows_score_auto_with_the_level_model_and_the_top_quality_with_the_clean_one(datasets: Path, medium_model):
    rows = measure_jpeg(datasets, [3], qualities=(50, 95), sets=["Set5"])
    q50, q95 = rows
    assert (q50.quality, q95.quality) == (50, 95)
    assert q50.auto_model == medium_model.name and q95.auto_model == default_model(3).name
    assert q95.auto == q95.clean and q50.auto != q50.clean
    clean = Upscaler.from_info(default_model(3), device="cpu", tiling=WHOLE_IMAGE, bf16=False)
    expected = evaluate_folder(datasets / "Set5", 3, None, 50, upscale=clean.upscale_luminance)
    assert q50.clean == expected.mean("srcnn_psnr") and q50.bicubic == expected.mean("bicubic_psnr")


def test_the_table_marks_targets_met_and_missed():
    rows = [JpegRow("Set5", 3, 50, 28.0, 28.3, 29.0, "m", "r"), JpegRow("Set5", 2, 75, 29.0, 30.0, 30.2, "m", "r"),
            JpegRow("Set5", 4, 50, 26.0, 26.2, 26.4, "m", "r"), JpegRow("Set14", 3, 95, 29.0, 29.20, 29.19, "m", "r")]
    lines = render_jpeg_table(rows).splitlines()[2:]
    assert "+0.70 ≥ +0.50" in lines[0] and "+0.20 < +0.50" in lines[1]
    assert "| +0.20 |" in lines[2]  # x4: reported, no target
    assert "-0.01 ≥ -0.02" in lines[3]
