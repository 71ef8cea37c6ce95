"""Training runs small enough for a test: a few steps on a few T91 pictures."""

from __future__ import annotations

from pathlib import Path

from srcnn_gui.core.training.train_config import TrainConfig


def small_config(tmp_path: Path, folder: Path, **changes) -> TrainConfig:
    """Two epochs of ten steps of a 9-1-5 x3 in fp32, written to ``tmp_path/model.pt``; ``changes`` override."""
    base = dict(folders=[str(folder)], scale=3, out=str(tmp_path / "model.pt"), arch="9-1-5", epochs=2,
                steps_per_epoch=10, batch_size=8, label=16, warmup_steps=2, lr=1e-3, precision="fp32", seed=7)
    base.update(changes)
    return TrainConfig(**base)
