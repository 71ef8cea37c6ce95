"""Training: learning happens, state resumes, bad files are skipped, DDP ranks stay in sync."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import torch

from srcnn_gui.core.errors import DatasetError, ModelLoadError
from srcnn_gui.core.images.reading import load_image
from srcnn_gui.core.images.writing import save_image
from srcnn_gui.core.models.files import load_model, save_model
from srcnn_gui.core.training.patches import scan_images, split_holdout
from srcnn_gui.core.training.train_config import TrainConfig
from srcnn_gui.core.training.trainer import EpochReport, Trainer, learning_rate, preview_training, weights_digest
from tests.core.training.small_runs import small_config as config


@pytest.fixture(scope="module")
def small_t91(datasets: Path, tmp_path_factory) -> Path:
    """Six T91 pictures in a temporary folder (the shared copy is never written to)."""
    folder = tmp_path_factory.mktemp("t91")
    for name in ("t1", "t2", "t3", "t10", "t20", "t30"):
        save_image(folder / f"{name}.png", load_image(datasets / "T91" / f"{name}.png"))
    return folder


@pytest.fixture(scope="module")
def tiny_val(datasets: Path, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("val")
    save_image(folder / "bird.png", load_image(datasets / "Set5" / "bird_GT.png")[60:180, 60:180])
    return folder


def test_training_learns_and_writes_a_loadable_model(tmp_path, small_t91, tiny_val):
    trainer = Trainer(config(tmp_path, small_t91, val=str(tiny_val), epochs=3))
    start = trainer.validate().mean("srcnn_psnr")
    reports = list(trainer.run())
    epochs = [r for r in reports if isinstance(r, EpochReport)]
    assert [e.epoch for e in epochs] == [1, 2, 3]
    assert epochs[-1].val_psnr > start + 5  # from a blank network to a rough image
    model, info = load_model(tmp_path / "model.pt")
    assert info.scale == 3 and info.meta["steps"] == 30 and info.meta["validation"]["psnr"] == pytest.approx(epochs[-1].val_psnr, abs=1e-3)
    assert (tmp_path / "model.best.pt").is_file()


def test_same_seed_same_weights(tmp_path, small_t91):
    digests = []
    for run in ("a", "b"):
        trainer = Trainer(config(tmp_path / run, small_t91))
        list(trainer.run())
        digests.append(weights_digest(trainer.model))
    assert digests[0] == digests[1]


def test_cancel_saves_state_and_a_new_trainer_resumes(tmp_path, small_t91):
    cfg = config(tmp_path, small_t91)
    first = Trainer(cfg)
    steps = []
    for report in first.run(cancelled=lambda: len(steps) >= 1):
        steps.append(report.step)
    assert first.progress.step == 10 and cfg.state_path.is_file()
    second = Trainer(cfg)
    assert second.progress.step == 10
    assert torch.equal(second.model.body[0].weight, first.model.body[0].weight)
    list(second.run())
    assert second.progress.step == cfg.total_steps == 20


def test_running_a_finished_run_again_rewrites_nothing(tmp_path, small_t91):
    cfg = config(tmp_path, small_t91)
    list(Trainer(cfg).run())
    model, info = load_model(cfg.out)
    save_model(cfg.out, model, info.scale, {**info.meta, "metrics": {"Set5": {"psnr": 30.0}}})  # as the card does
    before = {path: path.read_bytes() for path in (Path(cfg.out), cfg.state_path)}
    again = Trainer(cfg)
    assert list(again.run()) == []
    assert {path: path.read_bytes() for path in before} == before


def test_a_damaged_or_foreign_state_file_is_named_in_the_error(tmp_path, small_t91):
    cfg = config(tmp_path, small_t91)
    list(Trainer(cfg).run())
    cfg.state_path.write_bytes(cfg.state_path.read_bytes()[:300])  # cut short, as by a full disk
    with pytest.raises(ModelLoadError, match=rf"^{re.escape(str(cfg.state_path))}: not a readable training state file"):
        Trainer(cfg)
    foreign = config(tmp_path, small_t91, state=str(tmp_path / "model.pt"))  # a model file given as --state
    with pytest.raises(ModelLoadError, match=r"model\.pt: not an srcnn-gui training state file"):
        Trainer(foreign)


def test_time_budget_stops_early(tmp_path, small_t91):
    trainer = Trainer(config(tmp_path, small_t91, epochs=1000, minutes=0.02))
    list(trainer.run())
    assert 0 < trainer.progress.step < 1000 * 10


def test_fine_tuning_starts_from_given_weights(tmp_path, small_t91):
    first = Trainer(config(tmp_path / "a", small_t91))
    list(first.run())
    tuned = Trainer(config(tmp_path / "b", small_t91, init=str(tmp_path / "a" / "model.pt")))
    assert weights_digest(tuned.model) == weights_digest(first.model)


def test_unreadable_and_tiny_images_are_skipped_and_counted(tmp_path, small_t91):
    folder = tmp_path / "mixed"
    save_image(folder / "good.png", load_image(small_t91 / "t1.png"))
    save_image(folder / "tiny.png", np.zeros((10, 10, 3), np.float32))
    (folder / "broken.jpg").write_bytes(b"not a jpeg")
    trainer = Trainer(config(tmp_path, folder))
    assert trainer.images_used == 1
    assert any("tiny.png" in s for s in trainer.skipped) and any("broken.jpg" in s for s in trainer.skipped)
    with pytest.raises(DatasetError):
        Trainer(config(tmp_path, tmp_path / "nothing-here"))


def test_schedule_warms_up_then_decays():
    cfg = TrainConfig(folders=[], scale=3, out="x", epochs=10, steps_per_epoch=100, lr=1e-3, warmup_steps=50)
    rates = [learning_rate(cfg, s) for s in range(cfg.total_steps)]
    assert rates[0] < rates[49] == pytest.approx(1e-3)
    assert rates[-1] == pytest.approx(1e-5, rel=0.01)
    assert np.all(np.diff(rates[50:]) <= 0)


@pytest.mark.slow
def test_two_ddp_processes_end_with_identical_weights(tmp_path, small_t91):
    command = [
        sys.executable, "-m", "torch.distributed.run", "--standalone", "--nproc_per_node", "2",
        "-m", "srcnn_gui", "train", str(small_t91), "--scale", "2", "--arch", "9-1-5", "--epochs", "1",
        "--steps-per-epoch", "6", "--batch-size", "4", "--label", "16", "--threads", "1", "--precision", "fp32",
        "--out", str(tmp_path / "ddp.pt"),
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    digests = dict(re.findall(r"rank (\d) finished at step 6, weights (\w+)", done.stdout))
    assert set(digests) == {"0", "1"}
    assert digests["0"] == digests["1"]
    _, info = load_model(tmp_path / "ddp.pt")
    assert info.meta["world_size"] == 2 and info.meta["patches_seen"] == 6 * 4 * 2


def test_scan_lists_usable_pictures_and_says_why_others_are_skipped(tmp_path, small_t91):
    folder = tmp_path / "mixed"
    save_image(folder / "a" / "good.png", load_image(small_t91 / "t1.png"))
    save_image(folder / "tiny.png", np.zeros((30, 60, 3), np.float32))
    (folder / "broken.png").write_bytes(b"not a png")
    (folder / "notes.txt").write_text("not a picture")
    scan = scan_images([folder], 3, min_side=48)
    assert scan.usable == [folder / "a" / "good.png"] and scan.not_pictures == 1
    assert len(scan.too_small) == 1 and "tiny.png: too small (30 pixels" in scan.too_small[0]
    assert len(scan.unreadable) == 1 and "broken.png" in scan.unreadable[0]


@pytest.mark.parametrize("kind, expected", [
    ("empty", "no pictures found"),
    ("text", "no pictures found (1 other file, not pictures)"),
    ("fake", "none of the 1 picture file could be read"),
    ("small", "all 2 pictures are too small to train x3 on: each side must be at least 48 pixels"),
])
def test_unusable_folders_raise_a_message_naming_folder_and_cause(tmp_path, kind, expected):
    folder = tmp_path / kind
    folder.mkdir()
    if kind == "text":
        (folder / "readme.txt").write_text("hello")
    elif kind == "fake":
        (folder / "photo.jpg").write_bytes(b"\x00" * 100)
    elif kind == "small":
        for name in ("a.png", "b.png"):
            save_image(folder / name, np.full((40, 200, 3), 0.5, np.float32))
    with pytest.raises(DatasetError) as raised:
        scan_images([folder], 3, min_side=48)
    assert str(folder) in str(raised.value) and expected in str(raised.value)


def test_holdout_split_is_disjoint_spread_and_stable():
    paths = [Path(f"p{i:02d}.png") for i in range(10)]
    train, val = split_holdout(paths, 0.2)
    assert val == [Path("p02.png"), Path("p07.png")] and sorted(train + val) == paths
    assert split_holdout(paths, 0.2) == (train, val)
    assert split_holdout(paths[:1], 0.2) == (paths[:1], [])  # one picture cannot be split
    assert split_holdout(paths, 0.0) == (paths, [])


def test_holdout_run_records_before_after_and_keeps_the_best_weights(tmp_path, small_t91):
    first = Trainer(config(tmp_path / "a", small_t91))
    list(first.run())
    base = tmp_path / "a" / "model.pt"
    cfg = config(tmp_path / "b", small_t91, init=str(base), holdout=0.34, keep_best=True, epochs=3, lr=3e-3)
    trainer = Trainer(cfg)
    assert [p.name for p in trainer.val_paths] == ["t10.png", "t3.png"] and trainer.images_used == 4
    before = trainer.measure_start()
    epochs = [r for r in trainer.run() if isinstance(r, EpochReport)]
    model, info = load_model(cfg.out)
    meta = info.meta
    assert meta["base_model"] == "model" and meta["folders"] == [str(small_t91.resolve())]
    assert meta["psnr_before"] == pytest.approx(before["psnr"]) and meta["bicubic_psnr"] == pytest.approx(before["bicubic_psnr"])
    best = max([before["psnr"]] + [e.val_psnr for e in epochs])
    assert meta["psnr_after"] == pytest.approx(best) and meta["weights"] == "best on validation"
    assert "2 held-out picture(s): t10.png, t3.png" == meta["validation_set"]
    # The file holds the best weights: scoring it again gives the recorded figure.
    trainer.model.load_state_dict(model.state_dict())
    assert trainer.validate().mean("srcnn_psnr") == pytest.approx(best, abs=1e-6)


def test_preview_counts_pictures_and_times_steps_without_touching_the_model(tmp_path, small_t91):
    cfg = config(tmp_path, small_t91, holdout=0.2)
    preview = preview_training(cfg, timing_steps=2)
    assert (len(preview.scan.usable), preview.train_images, preview.val_images) == (6, 5, 1)
    assert preview.step_seconds > 0 and preview.epoch_seconds == pytest.approx(10 * preview.step_seconds)
    assert preview.patches_per_s == pytest.approx(8 / preview.step_seconds)
    assert not Path(cfg.out).exists() and not cfg.state_path.exists()
