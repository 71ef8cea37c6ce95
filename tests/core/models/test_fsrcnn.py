"""FSRCNN: its output sits on bicubic's grid, tiles and bands change nothing, files round-trip, training resumes."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import torch
from torch import nn

from srcnn_gui.core.errors import ConfigError, ModelLoadError
from srcnn_gui.core.images.pixels import samples_to_float
from srcnn_gui.core.images.reading import load_image
from srcnn_gui.core.inference.fsrcnn_forward import FsrcnnForward
from srcnn_gui.core.inference.tiling import WHOLE_IMAGE, Tiling
from srcnn_gui.core.inference.upscaler import Upscaler
from srcnn_gui.core.models.architecture import check_arch_name, network_arguments, weight_shapes
from srcnn_gui.core.models.files import load_model, save_model
from srcnn_gui.core.models.fsrcnn import FSRCNN, deconvolution_crop, deconvolution_margin
from srcnn_gui.core.models.model_info import read_info
from srcnn_gui.core.training.train_config import TrainConfig
from srcnn_gui.core.training.trainer import Trainer
from tests.core.training.small_runs import small_config

SCALES = (2, 3, 4)


def identity_fsrcnn(scale: int) -> FSRCNN:
    """An FSRCNN that passes its input through channel 0 unchanged (delta kernels, PReLU slopes of 1) and whose
    deconvolution puts each low-res value on the one output pixel under its centre tap: it shows the geometry."""
    model = FSRCNN(scale, d=4, s=2, m=2).eval()
    with torch.no_grad():
        for layer in model.body:
            if isinstance(layer, nn.Conv2d):
                layer.weight.zero_()
                layer.bias.zero_()
                k = layer.kernel_size[0]
                layer.weight[0, 0, k // 2, k // 2] = 1.0
            else:
                layer.weight.fill_(1.0)
        model.deconv.weight.zero_()
        model.deconv.bias.zero_()
        centre = model.deconv.kernel_size[0] // 2
        model.deconv.weight[0, 0, centre, centre] = 1.0
    return model


def random_fsrcnn(scale: int, seed: int = 0) -> FSRCNN:
    torch.manual_seed(seed)
    model = FSRCNN(scale).eval()
    nn.init.normal_(model.deconv.weight, std=0.05)  # the fresh 1e-3 would make every output nearly equal
    return model


@pytest.mark.parametrize("scale", SCALES)
def test_each_low_res_pixel_lands_within_half_a_pixel_of_bicubics_centre_for_it(scale):
    # MATLAB's imresize (our bicubic, the training pairs' degradation) puts low-res pixel j's centre at output
    # coordinate scale * j + (scale - 1) / 2: the middle pixel at odd scales, between the middle two at even ones.
    model = identity_fsrcnn(scale)
    low = torch.rand(1, 1, 9, 11) + 1.0  # nonzero everywhere: the pixels that receive nothing stay 0
    with torch.no_grad():
        out = model(low)[0, 0]
    assert out.shape == (9 * scale, 11 * scale)
    rows, cols = torch.nonzero(out, as_tuple=True)
    offsets = {(int(r) % scale, int(c) % scale) for r, c in zip(rows, cols, strict=True)}
    assert len(offsets) == 1  # one output pixel per low-res pixel, at the same place in each block
    (offset, _), = offsets
    assert abs(offset - (scale - 1) / 2) <= 0.5
    assert torch.equal(out[offset::scale, offset::scale], low[0, 0])


@pytest.mark.parametrize("scale", SCALES)
def test_tiles_and_bands_give_the_whole_pictures_result(scale, datasets: Path):
    picture = load_image(datasets / "Set5" / "butterfly_GT.png")[:97, :83]
    model = random_fsrcnn(scale)
    whole = Upscaler(model, scale, device="cpu", tiling=WHOLE_IMAGE).upscale(picture).srcnn
    tiled = Upscaler(model, scale, device="cpu", tiling=Tiling(40)).upscale(picture).srcnn
    assert whole.shape == (97 * scale, 83 * scale, 3)
    np.testing.assert_allclose(tiled, whole, atol=1e-5)
    samples = np.round(picture * 255).astype(np.uint8)
    reference = Upscaler(model, scale, device="cpu", tiling=WHOLE_IMAGE).upscale(samples_to_float(samples)).srcnn
    ticks: list[tuple[int, int]] = []
    upscaler = Upscaler(model, scale, device="cpu", tiling=Tiling(64))
    bands = np.concatenate(list(upscaler.upscale_bands(samples, lambda done, total: ticks.append((done, total)), band=50)))
    np.testing.assert_allclose(bands, reference, atol=1e-5)
    assert ticks[-1][0] == ticks[-1][1] == upscaler.count_band_tiles(97, 83, band=50)


def test_a_size_other_than_the_models_own_is_its_result_reduced_by_bicubic():
    model = random_fsrcnn(3)
    low = np.random.default_rng(1).random((30, 40)).astype(np.float32)
    upscaler = Upscaler(model, 3, device="cpu")
    native = upscaler.upscale_luminance(low)
    assert native.shape == (90, 120)
    smaller = upscaler.upscale_luminance(low, (75, 100))
    assert smaller.shape == (75, 100)
    assert abs(smaller.mean() - native.mean()) < 0.01
    with pytest.raises(ConfigError, match="enlarges the low-res picture itself"):
        upscaler.enhance_luminance(native)


def test_model_files_round_trip_and_say_what_they_hold(tmp_path):
    model = random_fsrcnn(4)
    path = save_model(tmp_path / "fast.pt", model, 4, {"data": ["T91"]})
    loaded, info = load_model(path)
    assert isinstance(loaded, FSRCNN) and loaded.scale == 4 and info.arch == "fsrcnn"
    assert all(torch.equal(a, b) for a, b in zip(loaded.state_dict().values(), model.state_dict().values(), strict=True))
    assert read_info(path).config == model.config()
    assert weight_shapes(network_arguments(model.config())) == {k: tuple(v.shape) for k, v in model.state_dict().items()}


def test_a_file_whose_weights_are_not_the_declared_fsrcnns_is_refused(tmp_path):
    small = FSRCNN(3, d=32, s=5, m=1)
    path = save_model(tmp_path / "liar.pt", small, 3)
    payload = torch.load(path, weights_only=True)
    payload["config"] = FSRCNN(3).config()
    torch.save(payload, path)
    with pytest.raises(ModelLoadError, match="not those of the fsrcnn network"):
        load_model(path)


@pytest.mark.parametrize("name, problem", [("fsrcnn-56-12", "fsrcnn-d-s-m"), ("fsrcnn-0-12-4", "d = 0"),
                                           ("fsrcnn-56-12-99", "m = 99")])
def test_bad_fsrcnn_names_are_refused_with_the_reason(name, problem):
    with pytest.raises(ConfigError, match=problem):
        check_arch_name(name)


def fsrcnn_config(tmp_path: Path, folder: Path, **changes) -> TrainConfig:
    return small_config(tmp_path, folder, **{"out": str(tmp_path / "fast.pt"), "arch": "fsrcnn-16-5-1", "steps_per_epoch": 5,
                                             "label": 24, "seed": 3, **changes})


def test_fsrcnn_training_trains_on_low_res_patches_and_resumes(tmp_path, three_t91_pictures):
    cfg = fsrcnn_config(tmp_path, three_t91_pictures)
    first = Trainer(cfg)
    inputs, targets = first.sampler.batch(2)
    assert inputs.shape[-1] == 24 // 3 + 2 * first.model.radius and targets.shape[-1] == 24
    reports = []
    for report in first.run(cancelled=lambda: len(reports) >= 1):
        reports.append(report)
    assert first.progress.step == 5
    second = Trainer(cfg)
    assert second.progress.step == 5
    assert torch.equal(second.model.deconv.weight, first.model.deconv.weight)
    list(second.run())
    model, info = load_model(cfg.out)
    assert isinstance(model, FSRCNN) and info.meta["steps"] == cfg.total_steps == 10


def test_an_fsrcnn_of_another_scale_starts_a_run_with_all_but_its_deconvolution(tmp_path, three_t91_pictures):
    x3 = random_fsrcnn(3)
    x3_file = save_model(tmp_path / "x3.pt", x3, 3)
    trainer = Trainer(fsrcnn_config(tmp_path, three_t91_pictures, scale=2, arch="fsrcnn", init=str(x3_file)))
    assert trainer.model.scale == 2
    assert torch.equal(trainer.model.body[0].weight, x3.body[0].weight)
    assert trainer.model.deconv.stride == (2, 2)


@pytest.mark.parametrize("scale", SCALES)
def test_the_subpixel_computation_is_the_transposed_convolution(scale):
    model = random_fsrcnn(scale, seed=scale)
    x = torch.rand(2, 1, 31, 26)
    with torch.no_grad():
        full = model.deconv(model.body(x))
        start = deconvolution_crop(scale) + scale * deconvolution_margin(scale)
        expected = full[..., start : start + scale * (31 - 2 * model.radius), start : start + scale * (26 - 2 * model.radius)]
        torch.testing.assert_close(model.forward_valid(x), expected, atol=1e-5, rtol=1e-5)


def test_the_cpu_layout_computes_the_networks_own_pass():
    model = random_fsrcnn(3, seed=9)
    x = torch.rand(40, 33)
    with torch.no_grad():
        expected = model.forward_valid(x[None, None])[0, 0]
    torch.testing.assert_close(FsrcnnForward(model)(x), expected, atol=1e-5, rtol=1e-5)


def test_a_target_patch_that_is_no_multiple_of_the_scale_is_rounded_down_to_one(tmp_path, three_t91_pictures):
    trainer = Trainer(fsrcnn_config(tmp_path, three_t91_pictures, label=32))
    inputs, targets = trainer.sampler.batch(2)
    assert targets.shape[-1] == 30 and inputs.shape[-1] == 10 + 2 * trainer.model.radius
