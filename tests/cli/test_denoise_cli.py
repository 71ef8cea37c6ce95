"""The command line with JPEG input: `eval --jpeg`, and `--denoise` picking each file's model."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from srcnn_gui.cli import main
from srcnn_gui.core.jobs.run_record import RECORD_NAME
from srcnn_gui.core.models.registry import default_model


def _eval(capsys, folder: Path, *args: str) -> dict:
    assert main(["eval", str(folder), "--scale", "3", "--json", *args]) == 0
    captured = capsys.readouterr()
    return {**json.loads(captured.out.strip().splitlines()[-1]), "err": captured.err}


def test_eval_jpeg_saves_the_low_res_inputs_as_jpeg(datasets: Path, capsys):
    clean = _eval(capsys, datasets / "Set5", "--denoise", "none")
    q30 = _eval(capsys, datasets / "Set5", "--jpeg", "30", "--denoise", "none")
    q90 = _eval(capsys, datasets / "Set5", "--jpeg", "90", "--denoise", "none")
    assert q30["jpeg"] == 30 and clean["jpeg"] is None
    assert q30["bicubic_psnr"] < q90["bicubic_psnr"] < clean["bicubic_psnr"]
    assert q30["srcnn_psnr"] < q90["srcnn_psnr"] < clean["srcnn_psnr"]
    with pytest.raises(SystemExit):
        main(["eval", str(datasets / "Set5"), "--jpeg", "0"])
    assert "a JPEG quality is a whole number from 1 to 100" in capsys.readouterr().err


def test_auto_picks_the_level_for_the_quality_and_clean_for_lossless(datasets: Path, capsys, medium_model):
    picked = _eval(capsys, datasets / "Set5", "--jpeg", "60")
    assert picked["model"] == medium_model.name and "JPEG quality ≈ 60 → medium" in picked["err"]
    assert _eval(capsys, datasets / "Set5", "--jpeg", "97")["model"] == default_model(3).name
    assert _eval(capsys, datasets / "Set5")["model"] == default_model(3).name
    by_hand = _eval(capsys, datasets / "Set5", "--jpeg", "60", "--denoise", "none")
    assert by_hand["model"] == default_model(3).name and by_hand["srcnn_psnr"] != picked["srcnn_psnr"]
    fallback = _eval(capsys, datasets / "Set5", "--jpeg", "30")  # no high model installed
    assert fallback["model"] == default_model(3).name and "no high model for x3" in fallback["err"]


def test_upscale_reads_each_files_quality(tmp_path: Path, butterfly: np.ndarray, capsys, medium_model):
    folder = tmp_path / "in"
    folder.mkdir()
    Image.fromarray((butterfly[:48, :48] * 255).round().astype(np.uint8)).save(folder / "web.jpg", quality=62)
    Image.fromarray((butterfly[:48, :48] * 255).round().astype(np.uint8)).save(folder / "scan.png")
    out = tmp_path / "out"
    assert main(["upscale", str(folder), "-o", str(out), "--scale", "3", "--pattern", "{stem}_{model}.png"]) == 0
    err = capsys.readouterr().err
    assert f"web.jpg: {medium_model.name} (JPEG quality ≈ 62 → medium)" in err
    assert "scan.png:" not in err  # lossless: the clean model, nothing to say
    assert sorted(p.name for p in out.iterdir() if p.name != RECORD_NAME) == sorted(["web_x3-medium.png", f"scan_{default_model(3).name}.png"])
