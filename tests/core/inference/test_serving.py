"""Serving any factor: exact output sizes, x2/x3/x4 unchanged, other factors through passes at the models' own factors."""

from __future__ import annotations

import tracemalloc

import numpy as np
import pytest

from srcnn_gui.core.evaluation.picture_as_truth import measure_upscale
from srcnn_gui.core.images.output_size import OutputSize
from srcnn_gui.core.images.pixels import merge_alpha, samples_to_float
from srcnn_gui.core.images.reading import read_image
from srcnn_gui.core.images.writing import save_image
from srcnn_gui.core.inference.file_to_file import upscale_file
from srcnn_gui.core.inference.model_choice import ModelChooser
from srcnn_gui.core.inference.serving import Serving
from srcnn_gui.core.inference.tiling import Tiling
from srcnn_gui.core.inference.upscaler import Upscaler
from srcnn_gui.core.models.registry import default_model


@pytest.fixture(scope="module")
def chooser() -> ModelChooser:
    return ModelChooser(3, "none", device="cpu", tiling=Tiling(96))


def test_a_trained_factor_is_its_model_exactly(chooser, butterfly):
    picture = butterfly[:40, :52]
    serving = chooser.choose(None, 3).upscaler
    alone = Upscaler.from_info(default_model(3), device="cpu", tiling=Tiling(96)).upscale(picture)
    result = serving.upscale(picture, size=(120, 156))
    assert np.array_equal(result.srcnn, alone.srcnn) and np.array_equal(result.bicubic, alone.bicubic)


@pytest.mark.parametrize("factor,size", [(1.5, (60, 78)), (2.5, (100, 130)), (6, (240, 252))])
def test_any_factor_gives_the_exact_size_and_beats_bicubic_on_a_real_picture(chooser, butterfly, factor, size):
    """butterfly shrunk 1/factor and enlarged back: SRCNN is nearer the original than bicubic."""
    truth = butterfly[: size[0], : size[1]]
    serving = chooser.choose(None, factor).upscaler
    assert [u.scale for u in serving.passes] == {1.5: [2], 2.5: [3], 6: [3, 2]}[factor]
    _, result, score = measure_upscale(truth, serving, factor=factor)
    assert result.srcnn.shape == result.bicubic.shape == (*size, 3)
    assert score.srcnn_psnr > score.bicubic_psnr + 0.5


def test_alpha_and_grey_keep_their_channels_at_any_size(chooser, butterfly):
    alpha = np.linspace(0, 1, 30 * 40, dtype=np.float32).reshape(30, 40, 1)
    rgba = merge_alpha(butterfly[:30, :40], alpha)
    serving = chooser.choose(None, 2.5).upscaler
    assert serving.upscale(rgba, size=(75, 100)).srcnn.shape == (75, 100, 4)
    assert serving.upscale(butterfly[:30, :40, :1], size=(75, 100)).srcnn.shape == (75, 100, 1)


@pytest.mark.parametrize("size", [OutputSize(factor=2.5), OutputSize(width=97), OutputSize(height=100, width=100),
                                  OutputSize(factor=3)])
def test_file_to_file_writes_exactly_the_size_asked_for(chooser, butterfly, tmp_path, size):
    source = save_image(tmp_path / "in.png", butterfly[:41, :37])
    target = tmp_path / "out.png"
    serving: Serving = chooser.choose(None, size.factor_for(41, 37)).upscaler
    upscale_file(serving, source, target, inputs={source.resolve()}, size=size)
    out = read_image(target).pixels
    assert out.shape[:2] == size.pixels(41, 37)
    whole = serving.upscale(read_image(source).pixels, size=size.pixels(41, 37)).srcnn
    assert np.abs(out - whole).max() <= 1 / 255 + 1e-6  # the bands are the whole picture, up to the 8-bit file


def test_progress_counts_every_pass(chooser, butterfly):
    serving = chooser.choose(None, 6).upscaler
    steps: list[tuple[int, int]] = []
    serving.upscale(butterfly[:30, :30], lambda done, total: steps.append((done, total)), size=(180, 180))
    assert steps[-1][0] == steps[-1][1] == serving.count_tiles(30, 30)
    assert [done for done, _ in steps] == sorted(done for done, _ in steps)


def _samples(height: int, width: int, channels: int, dtype: type = np.uint8) -> np.ndarray:
    """A generated picture with edges and smooth parts, as the file's integers."""
    rng = np.random.default_rng(3)
    coarse = rng.random((height // 8 + 1, width // 8 + 1, channels))
    picture = np.kron(coarse, np.ones((8, 8, 1)))[:height, :width] * np.linspace(0.3, 1, width)[None, :, None]
    return np.round(picture * np.iinfo(dtype).max).astype(dtype)


@pytest.mark.parametrize("arch", ["9-5-5", "fsrcnn"])
@pytest.mark.parametrize("size,channels,dtype", [(OutputSize(factor=2.5), 3, np.uint8), (OutputSize(factor=5), 4, np.uint8),
                                                 (OutputSize(factor=5), 1, np.uint16), (OutputSize(width=97), 3, np.uint8)])
def test_bands_at_any_factor_are_the_whole_pictures_result(arch, size, channels, dtype):
    """Several passes and a reduction in bands, each pass reading the previous one's bands as they come: for SRCNNs
    the same values as the whole picture enlarged in memory, not merely close. FSRCNN's deconvolution runs in
    oneDNN kernels that sum in another order on maps of other shapes (a band's tiles are shorter), so there the
    values agree to float rounding, which a later pass's rounding to the file's integers can raise to a fraction
    of a level: within a quarter of an 8-bit level."""
    samples = _samples(41, 37, channels, dtype)
    if channels == 4:
        samples[..., 3] = np.iinfo(dtype).max // 2 + samples[..., 3] // 2  # visible: see upscale_bands on transparency
    chooser = ModelChooser(3, "none", device="cpu", tiling=Tiling(96), clean=default_model(3, "none", arch))
    serving: Serving = chooser.choose(None, size.factor_for(41, 37)).upscaler
    assert serving.passes[0].enlarges == (arch == "fsrcnn")  # later passes run the best clean models
    out_size = size.pixels(41, 37)
    whole = serving.upscale(samples_to_float(samples), size=out_size).srcnn
    steps: list[tuple[int, int]] = []
    bands = list(serving.upscale_bands(samples, lambda done, total: steps.append((done, total)), size=out_size, band=24))
    assert [len(b) for b in bands[:-1]] == [24] * (len(bands) - 1)
    if any(u.enlarges for u in serving.passes):
        np.testing.assert_allclose(np.concatenate(bands), whole, rtol=0, atol=0.25 / 255)
    else:
        assert np.array_equal(np.concatenate(bands), whole)
    assert steps[-1][0] == steps[-1][1] == serving.count_band_tiles(41, 37, band=24)
    assert [done for done, _ in steps] == sorted(done for done, _ in steps)


@pytest.mark.parametrize("arch", ["9-5-5", "fsrcnn"])
@pytest.mark.parametrize("size", [OutputSize(factor=2.5), OutputSize(factor=5), OutputSize(width=97), OutputSize(factor=3)])
def test_bands_from_any_band_down_are_the_whole_pictures_rows(arch, size):
    """The window starts a large result where the view is: the bands from any band on, each pass started only
    as far up as the next one reads, are the same values as those rows of the bands from the top (the file the
    CLI writes; for 9-5-5 also the whole picture's result, above)."""
    samples = _samples(41, 37, 3)
    factor = size.factor_for(41, 37)
    first_pass = 3
    chooser = ModelChooser(factor, "none", device="cpu", tiling=Tiling(96),
                           clean=default_model(first_pass, "none", arch))
    serving: Serving = chooser.choose(None, factor).upscaler
    out_size = size.pixels(41, 37)
    top_down = np.concatenate(list(serving.upscale_bands(samples, size=out_size, band=24)))
    for first in range(24, out_size[0], 24):
        bands = list(serving.upscale_bands(samples, size=out_size, band=24, first=first))
        assert np.array_equal(np.concatenate(bands), top_down[first:]), f"from row {first}"


def test_bands_of_several_passes_hold_a_few_rows_not_the_picture(chooser):
    """x5 (the x3 model, then the x2, then a reduction) of a tall picture: the float numbers alive at once stay
    well below the result's own size (the in-memory way holds every pass's whole result)."""
    samples = _samples(1920, 40, 3)
    serving: Serving = chooser.choose(None, 5).upscaler
    size = (9600, 200)
    result_bytes = size[0] * size[1] * 3 * 4
    tracemalloc.start()
    try:
        rows = sum(len(band) for band in serving.upscale_bands(samples, size=size, band=48))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert rows == size[0]
    assert peak < result_bytes / 3, f"{peak / 1e6:.1f} MB at once for a {result_bytes / 1e6:.1f} MB result"
