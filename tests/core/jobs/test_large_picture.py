"""A large picture for the window: regions equal the whole result, a cancel or a crash leaves no cache behind."""

from __future__ import annotations

import os

import numpy as np
import pytest

from srcnn_gui.core.atomic import temporary_folder
from srcnn_gui.core.errors import CancelledError
from srcnn_gui.core.images import limits
from srcnn_gui.core.images.output_size import OutputSize
from srcnn_gui.core.images.pixels import to_uint8
from srcnn_gui.core.images.writing import save_image
from srcnn_gui.core.inference.model_choice import ModelChooser
from srcnn_gui.core.jobs.control import JobControl
from srcnn_gui.core.jobs.large_picture import LargeOutcome, RegionsStarted, upscale_any_picture
from srcnn_gui.core.jobs.region_plan import plan_regions
from srcnn_gui.core.jobs.region_upscale import upscale_region
from srcnn_gui.core.jobs.result_cache import remove_stale_caches


@pytest.mark.parametrize("scale", [2, 3, 4])
def test_regions_put_together_equal_the_whole_result(butterfly, scale):
    upscaler = ModelChooser(scale, "none").choose(None).upscaler.passes[0]
    samples = to_uint8(butterfly[:90, :130])
    whole = upscaler.upscale(samples / np.float32(255))
    srcnn, bicubic = np.zeros_like(whole.srcnn), np.zeros_like(whole.bicubic)
    for box in plan_regions(90, 130, 36):
        part, out = upscale_region(upscaler, samples, box), box.scaled(scale)
        srcnn[out.top:out.bottom, out.left:out.right] = part.srcnn
        bicubic[out.top:out.bottom, out.left:out.right] = part.bicubic
    assert np.array_equal(to_uint8(srcnn), to_uint8(whole.srcnn))
    assert np.array_equal(to_uint8(bicubic), to_uint8(whole.bicubic))


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
