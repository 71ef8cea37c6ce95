"""Nothing lost in training (issue 31): settings, destinations and state files are checked before any work,
a run that diverges saves nothing, and the temporaries of a killed checkpoint do not stay for good."""

from __future__ import annotations

import math
import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
import torch

from srcnn_gui.core.atomic import TEMP_PREFIX, TEMP_SUFFIX, _host
from srcnn_gui.core.errors import ConfigError, TrainingDivergedError, TrainingStateError
from srcnn_gui.core.models.network import build_model
from srcnn_gui.core.training.divergence import output_problem
from srcnn_gui.core.training.train_config import TrainConfig
from srcnn_gui.core.training.trainer import Trainer, preview_training
from tests.core.training.small_runs import small_config


def config(tmp_path: Path, folder: Path, **changes) -> TrainConfig:
    return small_config(tmp_path, folder, **{"steps_per_epoch": 5, "batch_size": 4, "warmup_steps": 1, "seed": 5, **changes})


def files(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir()) if path.is_file()}


@pytest.fixture()
def half_trained(tmp_path, three_t91_pictures) -> TrainConfig:
    """A 9-1-5 x3 run stopped after its first epoch: a model file and a state to resume."""
    cfg = config(tmp_path, three_t91_pictures)
    reports = []
    for report in Trainer(cfg).run(cancelled=lambda: len(reports) >= 1):
        reports.append(report)
    assert Path(cfg.out).is_file() and cfg.state_path.is_file()
    return cfg


@pytest.mark.parametrize("changes, setting, words", [
    ({"arch": "9-5-5"}, "arch", "arch: 9-1-5 in the state, 9-5-5 asked"),
    ({"scale": 2}, "scale", "scale: 3 in the state, 2 asked"),
    ({"residual": True}, "residual", "residual: no in the state, yes asked"),
    ({"n1": 32}, "n1", "n1: 64 in the state, 32 asked"),
])
def test_resuming_a_state_of_another_network_or_scale_is_refused_naming_the_setting(
        half_trained, changes, setting, words):
    cfg = replace(half_trained, **changes)
    before = files(Path(cfg.out).parent)
    with pytest.raises(TrainingStateError) as refused:
        Trainer(cfg)
    message = str(refused.value)
    assert message.startswith(f"{cfg.state_path}: this training state is of another run") and words in message
    assert "start afresh" in message and set(refused.value.differences) == {setting}
    assert files(Path(cfg.out).parent) == before  # model and state as they were
    assert Trainer(cfg, resume=False).progress.step == 0  # starting afresh is allowed


def test_a_state_written_before_the_network_was_recorded_is_checked_by_its_settings(half_trained):
    state = torch.load(half_trained.state_path, weights_only=True)
    del state["network"]
    torch.save(state, half_trained.state_path)
    assert Trainer(half_trained).progress.step == 5  # the same settings resume it
    with pytest.raises(TrainingStateError, match="arch: 9-1-5 in the state, 9-3-5 asked"):
        Trainer(replace(half_trained, arch="9-3-5"))


@pytest.mark.parametrize("changes, words", [
    ({"lr": -1.0}, "learning rate must be a number above 0"),
    ({"lr": 0.0}, "learning rate must be a number above 0"),
    ({"lr": math.nan}, "learning rate must be a number above 0"),
    ({"lr": math.inf}, "learning rate must be a number above 0"),
    ({"minutes": 0.0}, "time budget must be a number of minutes above 0, not 0"),
    ({"minutes": -5.0}, "time budget must be a number of minutes above 0, not -5"),
    ({"epochs": 0}, "epochs must be a whole number of at least 1, not 0"),
    ({"batch_size": 0}, "batch size must be a whole number of at least 1"),
    ({"holdout": 1.0}, "held-out share of the pictures must be at least 0 and below 1"),
    ({"scale": 5}, "scale must be one of 2, 3, 4"),
    ({"folders": []}, "no folder of pictures"),
])
def test_settings_no_run_can_use_are_refused_before_anything_is_written(tmp_path, three_t91_pictures, changes, words):
    cfg = config(tmp_path / "new", three_t91_pictures, **changes)
    with pytest.raises(ConfigError, match=words):
        Trainer(cfg)
    with pytest.raises(ConfigError, match=words):  # the window's "Check folders" says the same
        preview_training(cfg)
    assert not (tmp_path / "new").exists()


@pytest.mark.parametrize("which", ["out", "state"])
def test_a_model_or_state_that_cannot_be_written_is_refused_before_training(tmp_path, three_t91_pictures, which):
    blocker = tmp_path / "a-file"
    blocker.write_text("a file where a folder should be")
    target = blocker / ("model.pt" if which == "out" else "model.state.pt")
    cfg = config(tmp_path, three_t91_pictures, **({"out": str(target)} if which == "out" else {"state": str(target)}))
    what = "the model file" if which == "out" else "the training state"
    with pytest.raises(ConfigError, match=f"cannot write {what} there: {blocker} is not a folder") as refused:
        Trainer(cfg)  # refused by the constructor: no step was trained
    assert str(refused.value).startswith(str(target))
    with pytest.raises(ConfigError, match="a folder; the model file needs a file name"):
        Trainer(config(tmp_path, three_t91_pictures, out=str(tmp_path)))


def test_temporaries_a_killed_checkpoint_left_are_removed_when_the_next_run_starts(tmp_path, three_t91_pictures):
    cfg = config(tmp_path, three_t91_pictures)
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    left = tmp_path / f"{TEMP_PREFIX}{_host()}-{int(dead.stdout)}-abcd1234{TEMP_SUFFIX}"  # as a kill -9 leaves it
    alive = tmp_path / f"{TEMP_PREFIX}{_host()}-{os.getppid()}-efgh5678{TEMP_SUFFIX}"  # another run, still writing
    for path in (left, alive):
        path.write_bytes(b"half a checkpoint")
    Trainer(cfg)
    assert not left.exists() and alive.exists()


def test_a_loss_that_overflows_stops_the_run_and_saves_nothing(tmp_path, three_t91_pictures):
    cfg = config(tmp_path, three_t91_pictures, lr=1e6)
    with pytest.raises(TrainingDivergedError) as stopped:
        list(Trainer(cfg).run())
    message = str(stopped.value)
    assert message.startswith("training diverged at step ") and "Nothing was saved" in message
    assert "Try a lower learning rate (this run's: 1e+06; the usual: 0.0005)" in message
    assert not Path(cfg.out).exists() and not cfg.state_path.exists()


def test_a_diverging_resumed_run_leaves_the_last_good_checkpoint_as_it_was(half_trained):
    before = files(Path(half_trained.out).parent)
    with pytest.raises(TrainingDivergedError, match="the checkpoint of step 5 is kept as it was"):
        list(Trainer(replace(half_trained, lr=1e6)).run())
    assert files(Path(half_trained.out).parent) == before


def test_a_network_that_makes_every_picture_one_flat_colour_is_not_saved(tmp_path, three_t91_pictures):
    trainer = Trainer(config(tmp_path, three_t91_pictures))
    with torch.no_grad():
        trainer.model.body[0].bias.fill_(-1e3)  # every ReLU dead: the output is the last layer's bias, everywhere
    with pytest.raises(TrainingDivergedError, match="step 5 of 10: the network now turns every picture into one flat colour"):
        list(trainer.run())
    assert not Path(trainer.config.out).exists() and not trainer.config.state_path.exists()


def test_flat_or_broken_output_is_told_from_a_new_network():
    torch.manual_seed(0)
    model = build_model("9-1-5")
    x = torch.rand(4, 1, 24, 24)
    y = torch.rand(4, 1, 24 - 2 * model.radius, 24 - 2 * model.radius)
    assert output_problem(model, x, y) is None  # a new network's output is small, but not flat
    with torch.no_grad():
        model.body[-1].bias.fill_(5.0)  # everything above white: one flat colour once clipped
    assert "flat colour" in output_problem(model, x, y)
    with torch.no_grad():
        model.body[0].weight[0, 0, 0, 0] = math.nan
    assert "no longer a number" in output_problem(model, x, y)


def test_a_time_budget_always_trains_one_step_and_leaves_a_model(tmp_path, three_t91_pictures):
    trainer = Trainer(config(tmp_path, three_t91_pictures, minutes=1e-9))
    list(trainer.run())
    assert trainer.progress.step == 1 and Path(trainer.config.out).is_file()
