"""One file to another through the pipelined band path: the pixels equal the in-memory result for SRCNN and
FSRCNN, in every mode, PNG and TIFF; the PNG level trades size only; a bad level is refused by name."""

from __future__ import annotations

import cv2
import numpy as np
import pytest
import tifffile
from PIL import Image

from srcnn_gui.core.errors import ImageWriteError
from srcnn_gui.core.images.pixels import samples_to_float, to_uint8, to_uint16
from srcnn_gui.core.inference.file_to_file import upscale_file
from srcnn_gui.core.inference.tiling import Tiling
from srcnn_gui.core.inference.upscaler import Upscaler
from srcnn_gui.core.models.files import load_model
from srcnn_gui.core.models.registry import default_model
from tests.core.inference.test_large_images import cv2_rgb, photo
from tests.core.models.test_fsrcnn import random_fsrcnn


def _srcnn() -> Upscaler:
    model, info = load_model(default_model(2).path)
    return Upscaler(model, info.scale, device="cpu", tiling=Tiling(96))


def _fsrcnn() -> Upscaler:
    return Upscaler(random_fsrcnn(3), 3, device="cpu", tiling=Tiling(96))


def _save(path, samples: np.ndarray) -> None:
    if samples.dtype == np.uint16:  # Pillow writes no 16-bit colour PNG; OpenCV does (BGR)
        cv2.imwrite(str(path), samples[..., ::-1] if samples.shape[2] == 3 else samples)
    else:
        Image.fromarray(samples[..., 0] if samples.shape[2] == 1 else samples).save(path)


@pytest.mark.parametrize("make", [_srcnn, _fsrcnn], ids=["srcnn", "fsrcnn"])
@pytest.mark.parametrize(("channels", "dtype"), [(3, np.uint8), (4, np.uint8), (3, np.uint16)])
@pytest.mark.parametrize("suffix", [".png", ".tif"])
def test_the_file_holds_the_in_memory_results_pixels(tmp_path, make, channels, dtype, suffix):
    upscaler = make()
    samples = photo(150 if upscaler.scale == 2 else 100, 70, channels, dtype)  # 300 output rows: two bands
    source, target = tmp_path / "in.png", tmp_path / f"out{suffix}"
    _save(source, samples)
    upscale_file(upscaler, source, target, inputs={source.resolve()})
    expected = upscaler.upscale(samples_to_float(samples)).srcnn
    expected = to_uint16(expected) if dtype == np.uint16 else to_uint8(expected)
    # OpenCV reads a TIFF's unassociated alpha premultiplied: tifffile gives the samples as stored.
    written = tifffile.imread(target) if suffix == ".tif" else cv2_rgb(target)
    assert written.dtype == dtype
    if channels == 4:  # fully transparent pixels may borrow another colour in bands (Upscaler.upscale_bands)
        visible = expected[..., 3] > 0
        assert np.array_equal(written[..., 3], expected[..., 3]) and visible.mean() > 0.5
        written, expected = written[visible], expected[visible]
    assert np.array_equal(written, expected)


def test_the_png_level_changes_the_size_not_the_pixels(tmp_path):
    upscaler = _srcnn()
    source = tmp_path / "in.png"
    _save(source, photo(150, 90))
    sizes, pixels = {}, {}
    for level in (0, 9):
        target = tmp_path / f"level{level}.png"
        upscale_file(upscaler, source, target, inputs={source.resolve()}, png_level=level)
        sizes[level], pixels[level] = target.stat().st_size, cv2_rgb(target)
    assert sizes[9] < 0.9 * sizes[0] and np.array_equal(pixels[0], pixels[9])
    with pytest.raises(ImageWriteError, match="level runs from 0 .* not 10"):
        upscale_file(upscaler, source, tmp_path / "bad.png", inputs={source.resolve()}, png_level=10)
    assert not (tmp_path / "bad.png").exists()


@pytest.mark.parametrize("dtype", [np.uint8, np.uint16])
def test_a_real_picture_at_x3_holds_the_in_memory_results_pixels(tmp_path, datasets, dtype):
    # x3's bicubic weights differ in their last bits from one period to the next (x2's repeat exactly), and
    # the band is wider than one block of the colour conversion: the band path still gives the same pixels.
    model, info = load_model(default_model(3).path)
    upscaler = Upscaler(model, info.scale, device="cpu", tiling=Tiling(96))
    samples = np.asarray(Image.open(datasets / "Kodak24" / "kodim23.png").convert("RGB"))[200:300, 100:500]
    samples = samples.astype(np.uint16) * 257 if dtype == np.uint16 else samples
    source, target = tmp_path / "in.png", tmp_path / "out.png"
    _save(source, samples)
    upscale_file(upscaler, source, target, inputs={source.resolve()})
    expected = upscaler.upscale(samples_to_float(samples)).srcnn
    assert np.array_equal(cv2_rgb(target), to_uint16(expected) if dtype == np.uint16 else to_uint8(expected))


def test_a_stop_while_a_band_is_written_leaves_no_band_computing_behind(tmp_path, monkeypatch):
    """Ctrl-C lands in the writer as often as anywhere. The bands computed ahead must stop with the call, not when
    the garbage collector frees the stopped call's frames: a traceback kept alive (by a handler, or a reference
    cycle) kept them computing into the interpreter's exit, which then aborted ("terminate called without an
    active exception", exit -6)."""
    import threading

    from srcnn_gui.core.images import writing

    source = tmp_path / "in.png"
    _save(source, photo(200, 160, 3, np.uint8))
    write_png = writing._WRITERS["PNG"]

    def stopped_after_a_band(handle, out, bands):
        def bands_then_stop():
            iterator = iter(bands)
            yield next(iterator)
            raise KeyboardInterrupt

        write_png(handle, out, bands_then_stop())

    monkeypatch.setitem(writing._WRITERS, "PNG", stopped_after_a_band)
    with pytest.raises(KeyboardInterrupt) as stopped:
        upscale_file(_srcnn(), source, tmp_path / "out.png", inputs={source})
    assert stopped.value.__traceback__ is not None  # still held here, as the command line's handler holds it
    assert not [thread for thread in threading.enumerate() if thread.name == "computed-ahead"]
    assert not (tmp_path / "out.png").exists()
