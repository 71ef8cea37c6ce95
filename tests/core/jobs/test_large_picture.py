"""A large picture for the window: regions equal the whole result, a cancel or a crash leaves no cache behind."""

from __future__ import annotations

import os

import cv2
import numpy as np
import pytest

from srcnn_gui.core.atomic import temporary_folder
from srcnn_gui.core.errors import CancelledError, ConfigError
from srcnn_gui.core.images import limits
from srcnn_gui.core.images.output_size import OutputSize
from srcnn_gui.core.images.pixels import modcrop, samples_to_float, to_uint8
from srcnn_gui.core.images.reading import read_image, read_samples
from srcnn_gui.core.images.writing import save_image
from srcnn_gui.core.inference.file_to_file import upscale_file
from srcnn_gui.core.inference.model_choice import ModelChooser
from srcnn_gui.core.jobs.control import JobControl
from srcnn_gui.core.jobs.large_picture import LargeOutcome, upscale_any_picture
from srcnn_gui.core.jobs.region_plan import Box, ViewFocus, plan_regions
from srcnn_gui.core.jobs.region_upscale import upscale_region
from srcnn_gui.core.jobs.result_cache import ORIGINAL, ResultCache, remove_stale_caches
from srcnn_gui.core.jobs.result_filling import RegionsStarted


@pytest.mark.parametrize("alpha", [False, True], ids=["rgb", "rgba"])
@pytest.mark.parametrize("scale", [2, 3, 4])
def test_regions_put_together_equal_the_whole_result(butterfly, scale, alpha):
    upscaler = ModelChooser(scale, "none").choose(None).upscaler.passes[0]
    samples = to_uint8(butterfly[:90, :130])
    if alpha:  # clear holes, black under them, for the network to look into near the regions' edges
        yy, xx = np.mgrid[0:90, 0:130]
        clear = (np.hypot(yy - 40, xx - 60) < 14) | ((xx > 95) & (xx < 110))
        samples = np.concatenate([np.where(clear[..., None], 0, samples), np.where(clear, 0, 255)[..., None]], axis=2)
        samples = samples.astype(np.uint8)
    whole = upscaler.upscale(samples / np.float32(255))
    srcnn, bicubic = np.zeros_like(whole.srcnn), np.zeros_like(whole.bicubic)
    for box in plan_regions(90, 130, 36):
        part, out = upscale_region(upscaler, samples, box), box.scaled(scale)
        srcnn[out.top:out.bottom, out.left:out.right] = part.srcnn
        bicubic[out.top:out.bottom, out.left:out.right] = part.bicubic
    # Fully transparent pixels may take another colour in a region (as in bands): the visible ones are compared.
    visible = whole.srcnn[..., 3] > 0 if alpha else np.ones(whole.srcnn.shape[:2], dtype=bool)
    assert visible.mean() > 0.6
    assert np.array_equal(to_uint8(srcnn)[visible], to_uint8(whole.srcnn)[visible])
    assert np.array_equal(to_uint8(bicubic)[visible], to_uint8(whole.bicubic)[visible])


def test_a_cancel_removes_the_cache(tmp_path, butterfly, monkeypatch):
    monkeypatch.setattr(limits, "WINDOW_REGIONS_ABOVE_MEGAPIXELS", 0.1)
    picture = save_image(tmp_path / "wings.png", butterfly)
    control = JobControl()
    started = []

    def report(item):
        if isinstance(item, RegionsStarted):
            started.append(item.cache.folder)
            assert item.cache.folder.is_dir()
            control.cancel()

    control.report = report
    with pytest.raises(CancelledError):
        upscale_any_picture(picture, ModelChooser(3, "none"), control, evaluate=False, size=OutputSize(factor=3))
    assert started and not started[0].exists()


def test_a_small_result_stays_in_memory_and_a_large_one_goes_to_the_cache(tmp_path, butterfly, monkeypatch):
    picture = save_image(tmp_path / "wings.png", butterfly[:60, :60])
    chooser = ModelChooser(2, "none")
    small = upscale_any_picture(picture, chooser, JobControl(), evaluate=False)
    monkeypatch.setattr(limits, "WINDOW_REGIONS_ABOVE_MEGAPIXELS", 0.001)
    large = upscale_any_picture(picture, chooser, JobControl(), evaluate=False)
    assert not isinstance(small, LargeOutcome) and isinstance(large, LargeOutcome)
    full = np.concatenate(list(large.cache.bands(50)), axis=0)
    assert np.array_equal(to_uint8(full), to_uint8(small.result.srcnn))
    large.cache.remove()
    assert not large.cache.folder.exists()


def test_caches_of_ended_runs_are_removed_and_those_of_live_ones_kept(tmp_path):
    live = temporary_folder(tmp_path)
    ended = live.with_name(live.name.replace(f"-{os.getpid()}-", "-999999999-"))  # a process that is gone
    ended.mkdir()
    (ended / "srcnn-0.npy").write_bytes(b"x")
    assert remove_stale_caches(tmp_path) == [ended]
    assert live.is_dir() and not ended.exists()


def _generated_photo(height: int, width: int) -> np.ndarray:
    """A made-up picture with edges, texture and smooth parts, as 8-bit samples."""
    rng = np.random.default_rng(11)
    blocks = np.kron(rng.random((height // 12 + 1, width // 12 + 1, 3)), np.ones((12, 12, 1)))[:height, :width]
    rows, columns = np.mgrid[0:height, 0:width]
    waves = 0.5 + 0.5 * np.sin(columns / 5.0 + rows / 9.0)[..., None]
    return to_uint8(0.6 * blocks + 0.4 * waves)


@pytest.mark.parametrize("size", [OutputSize(factor=2.5), OutputSize(factor=5), OutputSize(width=410)])
def test_a_factor_other_than_a_models_own_goes_to_the_cache_with_the_files_pixels(tmp_path, monkeypatch, size):
    """x2.5 (the x3 model reduced), x5 (x3 then x2, reduced) and a width: in bands into the cache, the preview first,
    the pixels the CLI's file holds (upscale_file) and the bicubic of the in-memory way beside them."""
    monkeypatch.setattr(limits, "WINDOW_REGIONS_ABOVE_MEGAPIXELS", 0.01)
    picture = save_image(tmp_path / "made.png", samples_to_float(_generated_photo(90, 82)))
    chooser = ModelChooser(size.factor, "none")
    control = JobControl()
    previews = []
    control.report = lambda item: previews.append((item.cache.levels[item.cache.smallest]["srcnn"].max(),
                                                   any(map(item.cache.is_done, range(len(item.cache.regions))))))
    large = upscale_any_picture(picture, chooser, control, evaluate=False, size=size)
    assert isinstance(large, LargeOutcome) and large.size == size.pixels(90, 82)
    assert previews == [(previews[0][0], False)] and previews[0][0] > 0  # a preview, before any band
    serving = chooser.choose(None, size.factor_for(90, 82)).upscaler
    upscale_file(serving, picture, tmp_path / "cli.png", inputs={picture.resolve()}, size=size)
    cached = np.concatenate([to_uint8(band) for band in large.cache.bands(100)])
    assert np.array_equal(cached, read_samples(tmp_path / "cli.png").pixels)
    whole = serving.upscale(read_image(picture).pixels, size=large.size)
    assert np.array_equal(cached, to_uint8(whole.srcnn))
    assert np.array_equal(large.cache.read("bicubic", 0, Box(0, 0, *large.size)), to_uint8(whole.bicubic))
    large.cache.remove()


def test_bands_of_another_factor_start_where_the_view_is_and_follow_it(tmp_path, monkeypatch):
    """x2.5 of a picture four bands tall, the view on the bottom part: the bands come from there down, and when the
    view moves to the top the next run starts there; every band once, the pixels still the CLI's file."""
    monkeypatch.setattr(limits, "WINDOW_REGIONS_ABOVE_MEGAPIXELS", 0.01)
    picture = save_image(tmp_path / "tall.png", samples_to_float(_generated_photo(160, 80)))  # 400 x 200: 4 bands
    focus = ViewFocus()
    focus.set(0.7, 0.0, 1.0, 1.0)  # rows 280-400: the third band on
    order = []
    write = ResultCache.write

    def written(cache: ResultCache, index: int, result) -> None:
        write(cache, index, result)
        if not order:
            focus.set(0.0, 0.0, 0.3, 1.0)  # then the user scrolls to the top
        order.append(index)

    monkeypatch.setattr(ResultCache, "write", written)
    size = OutputSize(factor=2.5)
    chooser = ModelChooser(size.factor, "none")
    large = upscale_any_picture(picture, chooser, JobControl(), evaluate=False, size=size, focus=focus)
    assert order == [2, 0, 1, 3]
    serving = chooser.choose(None, size.factor_for(160, 80)).upscaler
    upscale_file(serving, picture, tmp_path / "cli.png", inputs={picture.resolve()}, size=size)
    cached = np.concatenate([to_uint8(band) for band in large.cache.bands(100)])
    assert np.array_equal(cached, read_samples(tmp_path / "cli.png").pixels)
    large.cache.remove()


@pytest.mark.parametrize("factor,jpeg", [(2, None), (2.5, 70)])
def test_evaluate_on_a_large_picture_scores_as_the_in_memory_way(tmp_path, monkeypatch, factor, jpeg):
    """Shrunk in bands, enlarged back into the cache (region by region at x2, in bands at x2.5), scored in bands:
    the in-memory way's pictures exactly and its scores to 1e-6."""
    picture = save_image(tmp_path / "truth.png", samples_to_float(_generated_photo(123, 97)))
    chooser = ModelChooser(factor, "auto")
    small = upscale_any_picture(picture, chooser, JobControl(), evaluate=True, jpeg=jpeg, size=OutputSize(factor=factor))
    monkeypatch.setattr(limits, "WINDOW_REGIONS_ABOVE_MEGAPIXELS", 0.01)
    steps = []
    large = upscale_any_picture(picture, chooser, JobControl(lambda done, total: steps.append((done, total))),
                                evaluate=True, jpeg=jpeg, size=OutputSize(factor=factor))
    assert isinstance(large, LargeOutcome) and not isinstance(small, LargeOutcome)
    assert large.size == small.truth.shape[:2] and large.summary == small.summary
    for name in ("bicubic", "srcnn"):
        assert np.array_equal(large.cache.read(name, 0, Box(0, 0, *large.size)), to_uint8(getattr(small.result, name)))
    for field in ("bicubic_psnr", "bicubic_ssim", "srcnn_psnr", "srcnn_ssim"):
        assert getattr(large.score, field) == pytest.approx(getattr(small.score, field), abs=1e-6)
    assert large.score.srcnn_psnr > large.score.bicubic_psnr  # a real network on a real enough picture
    assert steps[-1][0] == steps[-1][1] and [done for done, _ in steps] == sorted(done for done, _ in steps)
    large.cache.remove()


def test_evaluate_needs_a_factor_on_a_large_picture_too(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "WINDOW_REGIONS_ABOVE_MEGAPIXELS", 0.001)
    picture = save_image(tmp_path / "truth.png", samples_to_float(_generated_photo(60, 60)))
    with pytest.raises(ConfigError, match="choose a scale such as x2.5"):
        upscale_any_picture(picture, ModelChooser(None, "none"), JobControl(), evaluate=True, size=OutputSize(width=200))


def test_a_cancel_while_scoring_removes_the_cache(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "WINDOW_REGIONS_ABOVE_MEGAPIXELS", 0.001)
    picture = save_image(tmp_path / "truth.png", samples_to_float(_generated_photo(600, 40)))
    control = JobControl()
    caches = []
    control.report = lambda item: caches.append(item.cache)

    def progress(done: int, total: int) -> None:
        if caches and all(map(caches[0].is_done, range(len(caches[0].regions)))):
            control.cancel()  # every region is in: the scoring has begun

    control.progress = progress
    with pytest.raises(CancelledError):
        upscale_any_picture(picture, ModelChooser(2, "none"), control, evaluate=True, size=OutputSize(factor=2))
    assert caches and not caches[0].folder.exists()


def test_evaluate_on_a_large_picture_keeps_the_original_the_scores_read_at_every_level(tmp_path, monkeypatch):
    """A 16-bit picture whose sides are not multiples of 3, evaluated at x3 into the cache: its third picture is the
    mod-cropped ground truth in the 8-bit samples the scores are computed against (the in-memory way's truth,
    rounded), and its reduced level holds the reductions of the bands it was written in (128 rows: whole pixels)."""
    deep = _generated_photo(131, 1301).astype(np.uint16) * 257 + np.uint16(100)  # 16-bit, off the 8-bit values
    picture = tmp_path / "deep.png"
    cv2.imwrite(str(picture), deep)
    chooser = ModelChooser(3, "none")
    small = upscale_any_picture(picture, chooser, JobControl(), evaluate=True, size=OutputSize(factor=3))
    monkeypatch.setattr(limits, "WINDOW_REGIONS_ABOVE_MEGAPIXELS", 0.01)
    large = upscale_any_picture(picture, chooser, JobControl(), evaluate=True, size=OutputSize(factor=3))
    assert isinstance(large, LargeOutcome) and large.size == (129, 1299) and large.cache.has_original
    truth = modcrop(read_samples(picture).pixels, 3)
    expected = to_uint8(samples_to_float(truth))  # what the scores compare with (large_evaluation._bands)
    assert not np.array_equal(expected, truth >> 8)  # rounded, not cut: the test can tell them apart
    original = large.cache.read(ORIGINAL, 0, Box(0, 0, *large.size))
    assert np.array_equal(original, expected) and np.array_equal(original, to_uint8(small.truth))
    assert large.cache.smallest == 1  # 1299 wide: one reduced level
    reduced = large.cache.read(ORIGINAL, 1, Box(0, 0, 65, 650))
    bands = [cv2.resize(original[top:top + 128], (650, -(-len(original[top:top + 128]) // 2)),
                        interpolation=cv2.INTER_AREA).reshape(-1, 650, 3) for top in (0, 128)]
    assert np.array_equal(reduced, np.concatenate(bands))
    assert not ResultCache((4, 4, 3), np.uint8, [], root=tmp_path / "plain").has_original  # upscaling: none
    large.cache.remove()
