"""Held-out scoring outside a run: the trainer's pictures and the trainer's numbers."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from srcnn_gui.core.images.reading import load_image
from srcnn_gui.core.images.writing import save_image
from srcnn_gui.core.inference.tiling import WHOLE_IMAGE
from srcnn_gui.core.inference.upscaler import Upscaler
from srcnn_gui.core.models.registry import default_model
from srcnn_gui.core.training.held_out import HOLDOUT_CROP, centre_crop, held_out_paths, score_held_out
from srcnn_gui.core.training.train_config import TrainConfig
from srcnn_gui.core.training.trainer import Trainer


def test_centre_crop_takes_the_middle_and_mod_crops():
    image = np.arange(1000 * 700 * 3, dtype=np.uint32).reshape(1000, 700, 3)
    crop = centre_crop(image, 4)
    assert crop.shape == (HOLDOUT_CROP, HOLDOUT_CROP, 3)
    assert np.array_equal(crop, image[260 : 260 + HOLDOUT_CROP, 110 : 110 + HOLDOUT_CROP])
    small = centre_crop(image[:301, :203], 3)  # smaller than the crop: the whole picture, mod-cropped
    assert small.shape == (300, 201, 3) and np.array_equal(small, image[:300, :201])


def test_held_out_scores_are_the_trainers(tmp_path: Path, datasets: Path):
    a, b = tmp_path / "a", tmp_path / "b"
    for folder, names in ((a, ("t1", "t2", "t3")), (b, ("t10", "t20", "t30"))):
        folder.mkdir()
        for name in names:
            save_image(folder / f"{name}.png", load_image(datasets / "T91" / f"{name}.png"))
    info = default_model(3)
    cfg = TrainConfig(folders=[str(a), str(b)], scale=3, out=str(tmp_path / "m.pt"), init=str(info.path),
                      holdout=0.34, label=16, precision="fp32")
    trainer = Trainer(cfg)
    paths = held_out_paths([a, b], 3, 0.34, 16 + 2 * trainer.model.radius)
    assert paths == trainer.val_paths and {p.parent for p in paths} == {a, b}  # one from each folder
    upscaler = Upscaler.from_info(info, device="cpu", tiling=WHOLE_IMAGE, bf16=False)
    report = score_held_out(paths, 3, None, upscale=upscaler.upscale_luminance)
    assert [s.name for s in report.images] == [p.stem for p in paths]
    assert report.mean("srcnn_psnr") == pytest.approx(trainer.validate().mean("srcnn_psnr"), abs=1e-9)
    assert report.mean("srcnn_psnr") > report.mean("bicubic_psnr") + 1
