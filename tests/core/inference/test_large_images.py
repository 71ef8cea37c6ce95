"""Pictures too large for memory go through in bands, and the bands change nothing.

Every picture is made here; the memory test runs the real CLI in a fresh process and reads the
peak resident memory the operating system counted for it.
"""

from __future__ import annotations

import io
import sys

import cv2
import numpy as np
import pytest
import tifffile
from PIL import Image

from srcnn_gui.core.errors import CancelledError, ImageWriteError, PictureTooLargeError
from srcnn_gui.core.images.bicubic import imresize, imresize_rows, source_rows
from srcnn_gui.core.images.pixels import samples_to_float, to_uint8
from srcnn_gui.core.images.png import PngWriter
from srcnn_gui.core.images.reading import ImageMetadata, read_image
from srcnn_gui.core.images.writing import save_bands, save_image
from srcnn_gui.core.inference.file_to_file import upscale_file
from srcnn_gui.core.inference.tiling import Tiling
from srcnn_gui.core.inference.upscaler import Upscaler
from srcnn_gui.core.models.files import load_model
from srcnn_gui.core.models.registry import default_model, find_model

MAKE = 0x010F


def photo(h: int, w: int, channels: int = 3, dtype: type = np.uint8) -> np.ndarray:
    """Edges, gradients and noise: content on which a wrong band border would show."""
    rng = np.random.default_rng(h * 1000 + w + channels)
    yy, xx = np.mgrid[0:h, 0:w]
    base = np.stack([(xx * 7 + yy * 3) % 97 / 97, np.sin(xx / 5.0) * 0.5 + 0.5, (yy > h // 2) * 0.8 + 0.1], -1)
    base = base[..., : max(channels, 1)] if channels < 3 else np.concatenate([base] + [base[..., :1]] * (channels - 3), -1)
    values = np.clip(base + rng.normal(0, 0.05, base.shape), 0, 1)
    top = np.iinfo(dtype).max
    return np.round(values * top).astype(dtype)


def cv2_rgb(path) -> np.ndarray:
    data = cv2.imdecode(np.fromfile(path, np.uint8), cv2.IMREAD_UNCHANGED)
    data = data[..., None] if data.ndim == 2 else data
    return data[..., [2, 1, 0, 3][: data.shape[2]]] if data.shape[2] >= 3 else data


@pytest.mark.parametrize("scale", [2, 3, 4])
def test_resized_rows_equal_the_rows_of_the_whole_resize(scale):
    img = np.random.default_rng(scale).random((47, 31, 3), dtype=np.float32)
    whole = imresize(img, scale)
    size = whole.shape[:2]
    for start, stop in [(0, 1), (0, 20), (13, 77), (whole.shape[0] - 9, whole.shape[0])]:
        first, last = source_rows(47, size[0], start, stop)
        assert 0 <= first < last <= 47
        rows = imresize_rows(img[first:last], first, 47, size, start, stop)
        assert np.array_equal(rows, whole[start:stop])
    with pytest.raises(ValueError, match="need input rows"):
        imresize_rows(img[first + 1 : last], first + 1, 47, size, start, stop)


@pytest.mark.parametrize("size", [(118, 77), (117, 80), (100, 78)])  # x2.5, the rows' ratio larger, the columns'
def test_resized_rows_equal_the_whole_resize_at_any_size(size):
    img = np.random.default_rng(7).random((47, 31, 3), dtype=np.float32)
    whole = imresize(img, size=size)
    first, last = source_rows(47, size[0], 30, 60)
    assert np.array_equal(imresize_rows(img[first:last], first, 47, size, 30, 60), whole[30:60])


@pytest.fixture(scope="module")
def x2_upscaler() -> Upscaler:
    model, info = load_model(default_model(2).path)
    return Upscaler(model, info.scale, device="cpu", tiling=Tiling(96))


@pytest.mark.parametrize("channels,dtype", [(3, np.uint8), (1, np.uint8), (3, np.uint16), (4, np.uint8)])
@pytest.mark.parametrize("band", [40, 256])
def test_bands_equal_the_whole_picture(x2_upscaler, channels, dtype, band):
    samples = photo(70, 53, channels, dtype)
    if channels == 4:
        samples[..., 3] = np.iinfo(dtype).max  # opaque: see upscale_bands on transparent regions
    whole = x2_upscaler.upscale(samples_to_float(samples)).srcnn
    seen = []
    bands = list(x2_upscaler.upscale_bands(samples, lambda done, total: seen.append((done, total)), band=band))
    assert [len(b) for b in bands[:-1]] == [band] * (len(bands) - 1)
    assert np.array_equal(np.concatenate(bands), whole)
    total = x2_upscaler.count_band_tiles(70, 53, band)
    assert seen[-1] == (total, total) and [d for d, _ in seen] == list(range(1, total + 1))


def test_cancel_stops_the_bands_within_a_tile(x2_upscaler):
    calls = []
    bands = x2_upscaler.upscale_bands(photo(90, 40), band=32, cancelled=lambda: len(calls) >= 3,
                                      progress=lambda done, total: calls.append(done))
    with pytest.raises(CancelledError):
        list(bands)
    assert calls == [1, 2, 3]


@pytest.mark.parametrize("dtype", [np.uint8, np.uint16])
@pytest.mark.parametrize("channels", [1, 2, 3, 4])
def test_png_writer_round_trips_every_mode_in_uneven_bands(dtype, channels):
    values = photo(33, 21, channels, dtype)
    buffer = io.BytesIO()
    writer = PngWriter(buffer, 21, 33, channels, dtype, icc_profile=b"profile-bytes" * 40)
    for top in (0, 1, 11, 30):
        writer.write_rows(values[top : {0: 1, 1: 11, 11: 30, 30: 33}[top]])
    writer.close()
    back = cv2.imdecode(np.frombuffer(buffer.getvalue(), np.uint8), cv2.IMREAD_UNCHANGED)
    back = back[..., None] if back.ndim == 2 else back
    if channels == 2 and back.shape[2] == 4:
        back = back[..., [0, 3]]
    elif channels >= 3:
        back = back[..., [2, 1, 0, 3][:channels]]
    assert back.dtype == dtype and np.array_equal(back, values)
    assert Image.open(io.BytesIO(buffer.getvalue())).info["icc_profile"] == b"profile-bytes" * 40


def test_png_writer_refuses_missing_and_extra_rows():
    writer = PngWriter(io.BytesIO(), 4, 3, 3, np.uint8)
    writer.write_rows(np.zeros((2, 4, 3), np.uint8))
    with pytest.raises(ValueError, match="2 of 3 rows"):
        writer.close()
    with pytest.raises(ValueError, match="more than the 3 rows"):
        writer.write_rows(np.zeros((2, 4, 3), np.uint8))
    with pytest.raises(ValueError, match="expected rows of 4 x 3"):
        writer.write_rows(np.zeros((1, 5, 3), np.uint8))


@pytest.mark.parametrize("suffix", [".png", ".tif", ".jpg"])
def test_banded_file_equals_the_whole_picture_file(tmp_path, suffix):
    img = samples_to_float(photo(300, 270))
    exif = Image.Exif()
    exif[MAKE] = "Canon"
    metadata = ImageMetadata("PNG", 8, exif.tobytes(), None)
    whole = save_image(tmp_path / f"whole{suffix}", img, metadata=metadata)
    banded = save_bands(tmp_path / f"banded{suffix}", (img[t : t + 64] for t in range(0, 300, 64)), img.shape, metadata=metadata)
    assert np.array_equal(read_image(banded).pixels, read_image(whole).pixels)
    if suffix == ".tif":
        with tifffile.TiffFile(banded) as tif:
            assert tif.pages[0].is_tiled  # written tile by tile as the bands came
    else:
        assert Image.open(banded).getexif()[MAKE] == "Canon"


def test_sixteen_bit_grey_with_alpha_is_written_at_sixteen_bits(tmp_path):
    values = photo(20, 30, 2, np.uint16)
    source = tmp_path / "deep-la.png"
    save_image(source, samples_to_float(values), metadata=ImageMetadata("PNG", 16))
    picture = read_image(source)
    assert picture.metadata.bit_depth == 16 and picture.pixels.shape == (20, 30, 2)
    assert np.array_equal(np.round(picture.pixels * 65535).astype(np.uint16), values)
    out = save_image(tmp_path / "out.tif", picture.pixels, metadata=picture.metadata)
    with tifffile.TiffFile(out) as tif:
        assert np.array_equal(tif.asarray(), values)


def test_a_picture_too_wide_for_webp_is_refused_before_any_file_appears(tmp_path):
    target = tmp_path / "wide.webp"
    bands = iter([np.zeros((1, 20000, 3), np.float32)])
    with pytest.raises(ImageWriteError, match="WEBP holds at most 16383 pixels a side.*20000 x 1.*PNG or TIFF"):
        save_bands(target, bands, (1, 20000, 3))
    assert list(tmp_path.iterdir()) == []


def test_a_cancelled_banded_save_leaves_no_file(tmp_path, x2_upscaler):
    source = tmp_path / "in.png"
    Image.fromarray(photo(120, 80)).save(source)
    with pytest.raises(CancelledError):
        upscale_file(x2_upscaler, source, tmp_path / "out.png", inputs={source.resolve()}, cancelled=lambda: True)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.png"]


def test_file_to_file_upscale_equals_the_viewer_result(tmp_path, x2_upscaler):
    source = tmp_path / "in.png"
    Image.fromarray(photo(150, 110)).save(source)
    out = upscale_file(x2_upscaler, source, tmp_path / "out.png", inputs={source.resolve()})
    assert out == []  # no notes: nothing had to be converted
    expected = x2_upscaler.upscale(read_image(source).pixels).srcnn
    assert np.array_equal(cv2_rgb(tmp_path / "out.png"), to_uint8(expected))


@pytest.mark.skipif(sys.platform != "linux", reason="peak resident memory in KiB is Linux's getrusage")
def test_peak_memory_grows_far_less_than_the_output_picture(tmp_path):
    from srcnn_gui.core.bench.memory import measure_large_upscale

    # Tall pictures: bands span the width, so a picture four times as tall needs the same bands.
    model = find_model("srcnn-9-1-5-x2").name
    short = measure_large_upscale(1000, 1500, 2, workdir=tmp_path, model=model)
    tall = measure_large_upscale(1000, 6000, 2, workdir=tmp_path, model=model)
    assert (short.returncode, tall.returncode) == (0, 0)
    assert tall.output_size == (2000, 12000)
    # Holding the SRCNN result as floats, as the viewer does, would grow by this much (and more
    # for the bicubic result and the temporaries); the bands may only grow by the input's samples
    # (13 MiB), plus what a process's peak varies from run to run (measured up to 43 MiB in all).
    more_floats_mib = 2000 * (12000 - 3000) * 3 * 4 / 2**20
    assert tall.peak_rss_mib - short.peak_rss_mib < more_floats_mib / 2


def test_in_memory_upscale_refuses_what_only_bands_can_hold(x2_upscaler, monkeypatch):
    samples = photo(40, 30)
    monkeypatch.setattr("srcnn_gui.core.images.limits.MAX_IN_MEMORY_MEGAPIXELS", 0.004)  # 60 x 80 = 0.0048 MP
    with pytest.raises(PictureTooLargeError, match=r"30 x 40 becomes 60 x 80 \(0 megapixels\) at x2.*in bands"):
        x2_upscaler.upscale(samples_to_float(samples))
    assert np.concatenate(list(x2_upscaler.upscale_bands(samples))).shape == (80, 60, 3)
