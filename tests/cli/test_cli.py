"""The command line on real files: batch upscaling, evaluation, the self-test."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from srcnn_gui.cli import main
from srcnn_gui.core.images.reading import load_image
from srcnn_gui.core.images.writing import save_image


@pytest.fixture()
def photos(tmp_path: Path, butterfly: np.ndarray) -> Path:
    """A folder with two real pictures (one in a sub-folder) and one broken file."""
    folder = tmp_path / "in"
    save_image(folder / "wings.png", butterfly[:40, :50])
    save_image(folder / "nested" / "corner.jpg", butterfly[100:130, 60:100])
    (folder / "broken.png").write_bytes(b"\x89PNG\r\n\x1a\n but then nothing")
    return folder


def test_upscale_goes_past_a_bad_file_and_reports_it(photos, tmp_path, capsys):
    out = tmp_path / "out"
    code = main(["upscale", str(photos), "-o", str(out), "--scale", "3"])
    captured = capsys.readouterr()
    assert code == 1
    assert "broken.png" in captured.err and "wrote 2 of 3" in captured.out
    wings = load_image(out / "wings_srcnn_x3.png")
    assert wings.shape == (120, 150, 3)
    assert load_image(out / "nested" / "corner_srcnn_x3.png").shape == (90, 120, 3)  # its place below the input folder


def test_pattern_extension_picks_the_format_and_existing_outputs_are_kept(photos, tmp_path, capsys):
    out = tmp_path / "out"
    args = ["upscale", str(photos / "wings.png"), "-o", str(out), "--scale", "3", "--pattern", "{stem}-{scale}x.jpg"]
    assert main(args) == 0
    target = out / "wings-3x.jpg"
    assert target.read_bytes()[:2] == b"\xff\xd8"  # JPEG magic
    before = target.read_bytes()
    target.write_bytes(b"user's own file")
    assert main(args) == 1
    assert target.read_bytes() == b"user's own file"
    assert "already exists" in capsys.readouterr().err
    assert main(args + ["--overwrite"]) == 0
    assert target.read_bytes() == before


def test_an_input_is_never_overwritten(photos, capsys):
    original = (photos / "wings.png").read_bytes()
    code = main(["upscale", str(photos / "wings.png"), "-o", str(photos), "--scale", "3", "--pattern", "{stem}.png", "--overwrite"])
    assert code == 1
    assert "would replace an input" in capsys.readouterr().err
    assert (photos / "wings.png").read_bytes() == original


def test_eval_json_reports_the_published_bicubic_baseline(datasets, capsys):
    assert main(["eval", str(datasets / "Set5"), "--scale", "3", "--json"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    result = json.loads(lines[-1])
    assert result["n"] == 5 and result["scale"] == 3 and result["model"]
    assert result["bicubic_psnr"] == pytest.approx(30.39, abs=0.1)
    assert result["srcnn_psnr"] > result["bicubic_psnr"] + 1.0
    assert 0 < result["bicubic_ssim"] < result["srcnn_ssim"] < 1
    assert any(line.startswith("butterfly_GT") for line in lines)


def test_missing_model_is_a_message_not_a_traceback(photos, tmp_path, capsys):
    code = main(["upscale", str(photos), "-o", str(tmp_path / "o"), "--model", "no-such-model"])
    assert code == 2
    assert "no model named 'no-such-model'" in capsys.readouterr().err


@pytest.mark.parametrize("argv", [["memory", "--size", "big"], ["benchmark", "--models", "no-such-model", "--sizes", "1MP"]])
def test_a_bad_setting_is_a_message_not_a_traceback(argv, capsys):
    assert main(argv) == 2
    assert capsys.readouterr().err.startswith("error: ")


@pytest.mark.parametrize("tile", ["-3", "seven"])
def test_a_bad_tile_side_is_an_argument_error(tile, capsys):
    with pytest.raises(SystemExit) as stopped:
        main(["upscale", "x.png", "-o", "out", "--tile", tile])
    assert stopped.value.code == 2
    assert f"argument --tile: '{tile}': give a tile side in pixels, or 0 for the whole image" in capsys.readouterr().err


def test_self_test_passes_with_the_shipped_model(capsys):
    assert main(["--self-test"]) == 0
    assert capsys.readouterr().out.startswith("self-test ok")


def test_self_test_runs_an_fsrcnn_where_that_is_the_default(capsys, monkeypatch):
    from srcnn_gui.core.models import registry

    fsrcnn = registry.find_model("fsrcnn-x3")
    monkeypatch.setattr(registry, "default_model", lambda scale, *args, **kwargs: fsrcnn)
    assert main(["--self-test"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("self-test ok: x3 fsrcnn-x3 on sample.png") and " FSRCNN " in out and " SRCNN " not in out


def test_models_lists_the_shipped_weights(capsys):
    assert main(["models"]) == 0
    assert "9-5-5 x3" in capsys.readouterr().out


def test_batch_commands_never_import_qt():
    code = (
        "import sys; import srcnn_gui.cli as c; import srcnn_gui.core.inference.upscaler, srcnn_gui.core.training.trainer, "
        "srcnn_gui.core.evaluation.protocol; c.main(['models']); "
        "assert not [m for m in sys.modules if m.startswith('PySide6')], 'Qt imported'"
    )
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)


def test_terminating_a_training_run_saves_it_for_resuming(tmp_path, datasets):
    import signal

    import torch

    out = tmp_path / "run.pt"
    command = [sys.executable, "-m", "srcnn_gui", "train", str(datasets / "Set5"), "--scale", "2", "--arch", "9-1-5",
               "--epochs", "1000", "--batch-size", "4", "--label", "16", "--threads", "1", "--out", str(out)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert process.stdout.readline().startswith("training 9-1-5 x2")
    assert process.stdout.readline().startswith("epoch 1 step ")  # steps were trained: there is a state to keep
    process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 130, err[-500:]
    state = torch.load(out.with_suffix(".state.pt"), weights_only=True)
    assert state["progress"]["step"] > 0
    assert out.is_file()
    resumed = subprocess.run(command[:-4] + ["--epochs", "1", "--steps-per-epoch", "1", "--out", str(out)],
                             capture_output=True, text=True, timeout=120)
    assert f"from step {state['progress']['step']} of 1" in resumed.stdout


def test_grey_and_transparent_pictures_keep_their_channels(tmp_path, butterfly):
    from PIL import Image

    from srcnn_gui.core.images.colour import luminance
    from srcnn_gui.core.images.pixels import merge_alpha

    folder = tmp_path / "modes"
    save_image(folder / "grey.png", luminance(butterfly[:40, :40])[..., None])
    alpha = np.linspace(0, 1, 40 * 40, dtype=np.float32).reshape(40, 40, 1)
    save_image(folder / "logo.png", merge_alpha(butterfly[:40, :40], alpha))
    assert main(["upscale", str(folder), "-o", str(tmp_path / "out"), "--scale", "2"]) == 0
    with Image.open(tmp_path / "out" / "grey_srcnn_x2.png") as grey:
        assert grey.mode == "L" and grey.size == (80, 80)
    with Image.open(tmp_path / "out" / "logo_srcnn_x2.png") as logo:
        assert logo.mode == "RGBA" and logo.size == (80, 80)
        upscaled_alpha = np.asarray(logo)[..., 3]
    assert upscaled_alpha[0, 0] == 0 and upscaled_alpha[-1, -1] == 255
