"""Every training default comes from one preset: the library, the command line and the experiment agree with it."""

from __future__ import annotations

from dataclasses import fields

from srcnn_gui.cli import build_parser
from srcnn_gui.core.training.experiment import ExperimentPlan
from srcnn_gui.core.training.presets import COMMAND_LINE, DEFAULT, EXPERIMENT, TrainingPreset
from srcnn_gui.core.training.train_config import TrainConfig


def test_train_config_defaults_are_the_default_preset():
    config = TrainConfig(folders=[], scale=3, out="m.pt")
    assert TrainingPreset(**{f.name: getattr(config, f.name) for f in fields(TrainingPreset)}) == DEFAULT


def test_the_train_command_defaults_are_its_preset():
    args = build_parser().parse_args(["train", "pictures", "--scale", "3", "--out", "m.pt"])
    assert (args.epochs, args.steps_per_epoch, args.batch_size, args.label, args.lr) == (
        COMMAND_LINE.epochs, COMMAND_LINE.steps_per_epoch, COMMAND_LINE.batch_size, COMMAND_LINE.label, COMMAND_LINE.lr)


def test_the_experiment_trains_with_its_preset(tmp_path):
    config = ExperimentPlan(train=tmp_path, val=tmp_path, runs=tmp_path).config("9-1-5")
    assert (config.batch_size, config.label, config.lr, config.warmup_steps) == (
        EXPERIMENT.batch_size, EXPERIMENT.label, EXPERIMENT.lr, EXPERIMENT.warmup_steps)
