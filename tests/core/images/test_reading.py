"""Reading every common format into one form, colour conversion, and safe writing."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import numpy as np
import pytest
from PIL import Image

from srcnn_gui.core.errors import ImageReadError, ImageWriteError
from srcnn_gui.core.images.colour import luminance, rgb_to_ycbcr, ycbcr_to_rgb
from srcnn_gui.core.images.limits import MAX_MEGAPIXELS_ENV, max_input_megapixels
from srcnn_gui.core.images.pixels import split_alpha, to_uint8
from srcnn_gui.core.images.reading import ImageMetadata, load_image, read_image
from srcnn_gui.core.images.writing import save_image


def gradient_rgb(h: int = 24, w: int = 32) -> np.ndarray:
    yy, xx = np.mgrid[0:h, 0:w]
    return np.stack([xx * 255 // (w - 1), yy * 255 // (h - 1), (xx + yy) * 255 // (h + w - 2)], -1).astype(np.uint8)


def test_ycbcr_matches_bt601_studio_range_and_round_trips():
    white = rgb_to_ycbcr(np.ones((1, 1, 3)))[0, 0] * 255
    black = rgb_to_ycbcr(np.zeros((1, 1, 3)))[0, 0] * 255
    assert white == pytest.approx([235, 128, 128], abs=0.01)
    assert black == pytest.approx([16, 128, 128])
    rgb = np.random.default_rng(1).random((9, 9, 3))
    assert np.allclose(ycbcr_to_rgb(rgb_to_ycbcr(rgb)), rgb, atol=1e-12)


@pytest.mark.parametrize("suffix", [".png", ".bmp", ".tif", ".webp", ".jpg"])
def test_common_formats_load_as_float_rgb(tmp_path, suffix):
    pixels = gradient_rgb()
    path = tmp_path / f"img{suffix}"
    options = {"lossless": True} if suffix == ".webp" else ({"quality": 100, "subsampling": 0} if suffix == ".jpg" else {})
    Image.fromarray(pixels).save(path, **options)
    img = load_image(path)
    assert img.dtype == np.float32 and img.shape == (24, 32, 3)
    tolerance = 3 if suffix == ".jpg" else 0
    assert np.abs(to_uint8(img).astype(int) - pixels).max() <= tolerance


def test_exif_orientation_is_applied(tmp_path):
    pixels = gradient_rgb(10, 20)
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90 CW to display"
    path = tmp_path / "phone.jpg"
    Image.fromarray(pixels).save(path, exif=exif, quality=100)
    assert load_image(path).shape == (20, 10, 3)


@pytest.mark.parametrize("mode,channels", [("L", 1), ("LA", 2), ("RGBA", 4), ("1", 1), ("CMYK", 3)])
def test_modes_map_to_channel_counts(tmp_path, mode, channels):
    path = tmp_path / ("img.tif" if mode == "CMYK" else "img.png")
    Image.fromarray(gradient_rgb()).convert(mode).save(path)
    assert load_image(path).shape[2] == channels


def test_palette_with_transparency_keeps_alpha(tmp_path):
    im = Image.fromarray(gradient_rgb()).convert("P")
    im.info["transparency"] = 0
    path = tmp_path / "pal.png"
    im.save(path, transparency=0)
    img = load_image(path)
    assert img.shape[2] == 4 and img[..., 3].min() == 0.0 and img[..., 3].max() == 1.0


def test_sixteen_bit_grey_keeps_its_precision(tmp_path):
    values = np.arange(0, 65536, 257 // 2, dtype=np.uint16)[: 20 * 25].reshape(20, 25)
    path = tmp_path / "deep.png"
    Image.fromarray(values).save(path)
    img = load_image(path)
    assert img.shape == (20, 25, 1)
    assert np.allclose(img[..., 0], values / 65535.0, atol=1e-6)


def test_bad_files_raise_our_error_naming_the_file(tmp_path):
    fake = tmp_path / "notes.png"
    fake.write_text("this is not a picture")
    with pytest.raises(ImageReadError, match="notes.png"):
        load_image(fake)
    truncated = tmp_path / "cut.png"
    Image.fromarray(gradient_rgb(64, 64)).save(truncated)
    truncated.write_bytes(truncated.read_bytes()[:200])
    with pytest.raises(ImageReadError, match="cut.png"):
        load_image(truncated)
    with pytest.raises(ImageReadError, match="missing.png"):
        load_image(tmp_path / "missing.png")


def test_luminance_of_grey_is_the_image_itself():
    grey = np.random.default_rng(2).random((5, 6, 1)).astype(np.float32)
    assert np.array_equal(luminance(grey), grey[..., 0])


def test_save_is_atomic_and_never_overwrites_by_default(tmp_path):
    path = tmp_path / "out.png"
    img = gradient_rgb().astype(np.float32) / 255
    save_image(path, img)
    first = path.read_bytes()
    with pytest.raises(ImageWriteError, match="already exists"):
        save_image(path, img * 0.5)
    assert path.read_bytes() == first
    save_image(path, img * 0.5, overwrite=True)
    assert path.read_bytes() != first
    assert [p.name for p in tmp_path.iterdir()] == ["out.png"]  # no temporary files left behind


def test_unknown_output_format_is_refused_before_writing(tmp_path):
    with pytest.raises(ImageWriteError, match=".xyz"):
        save_image(tmp_path / "out.xyz", np.zeros((4, 4, 3), np.float32))
    assert not list(tmp_path.iterdir())


def test_jpeg_output_flattens_transparency_on_white(tmp_path):
    rgba = np.zeros((8, 8, 4), np.float32)  # fully transparent black
    path = save_image(tmp_path / "flat.jpg", rgba)
    back = load_image(path)
    assert back.shape[2] == 3 and back.min() > 0.95


def test_split_alpha_separates_the_last_channel():
    rgba = np.random.default_rng(3).random((4, 4, 4)).astype(np.float32)
    colour, alpha = split_alpha(rgba)
    assert colour.shape[2] == 3 and np.array_equal(alpha[..., 0], rgba[..., 3])
    assert split_alpha(rgba[..., :3])[1] is None


# Bad input: each case gives one exact message naming the file, and the file is left as it was.


def assert_read_error(path, expected: str) -> None:
    before = path.read_bytes() if path.is_file() else None
    with pytest.raises(ImageReadError) as caught:
        read_image(path)
    assert str(caught.value) == expected
    if before is not None:
        assert path.read_bytes() == before


def test_empty_file(tmp_path):
    path = tmp_path / "empty.png"
    path.touch()
    assert_read_error(path, f"{path}: empty file (0 bytes)")


def test_text_named_png_and_an_unsupported_format(tmp_path):
    text = tmp_path / "notes.png"
    text.write_text("shopping list: milk, eggs")
    assert_read_error(text, f"{text}: not an image file, or a format we cannot read")
    svg = tmp_path / "drawing.svg"
    svg.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"><rect width="4" height="4"/></svg>')
    assert_read_error(svg, f"{svg}: not an image file, or a format we cannot read")


@pytest.mark.parametrize("suffix", [".png", ".jpg"])
def test_truncated_files(tmp_path, suffix):
    path = tmp_path / f"cut{suffix}"
    noise = np.random.default_rng(4).integers(0, 256, (64, 64, 3), dtype=np.uint8)  # incompressible
    Image.fromarray(noise).save(path)
    path.write_bytes(path.read_bytes()[: len(path.read_bytes()) // 2])
    with pytest.raises(ImageReadError) as caught:
        read_image(path)
    assert str(caught.value).startswith(f"{path}: damaged or truncated image (")


@pytest.mark.parametrize("suffix", [".gif", ".png", ".webp"])
def test_animated_pictures_are_refused(tmp_path, suffix):
    frames = [Image.new("RGB", (8, 8), colour) for colour in ("red", "green", "blue")]
    path = tmp_path / f"moving{suffix}"
    frames[0].save(path, save_all=True, append_images=frames[1:], duration=100)
    assert_read_error(
        path,
        f"{path}: animated picture (3 frames); only still pictures are upscaled, so export the frame you want as PNG first",
    )
    still = tmp_path / f"still{suffix}"
    frames[0].save(still)
    assert read_image(still).pixels.shape == (8, 8, 3)


@pytest.mark.parametrize("bits", [8, 16])
def test_non_ascii_paths(tmp_path, bits):
    folder = tmp_path / "Фото ✓ 日本"
    source = folder / f"été {bits}.png"
    values = gradient_rgb().astype(np.float32) / 255
    save_image(source, values, metadata=ImageMetadata("PNG", bits))
    picture = read_image(source)
    assert picture.metadata.bit_depth == bits and np.array_equal(to_uint8(picture.pixels), gradient_rgb())
    assert save_image(folder / "résultat.png", picture.pixels, metadata=picture.metadata).is_file()


def test_decompression_bomb_limit_and_its_override(tmp_path, monkeypatch):
    small, big = tmp_path / "small.png", tmp_path / "big.png"
    Image.new("L", (40, 40)).save(small)
    Image.new("L", (100, 100)).save(big)  # above twice the limit: Pillow's own check stops it
    monkeypatch.setenv(MAX_MEGAPIXELS_ENV, "0.001")
    advice = f"above the limit of 0.001 megapixels that guards against decompression bombs; set {MAX_MEGAPIXELS_ENV}"
    assert_read_error(small, f"{small}: 40 x 40 (0.0016 megapixels) is {advice} to a larger number to open it")
    assert_read_error(big, f"{big}: the picture is {advice} to a larger number to open it")
    monkeypatch.setenv(MAX_MEGAPIXELS_ENV, "0.01")
    assert read_image(small).pixels.shape == (40, 40, 1)
    assert read_image(big).pixels.shape == (100, 100, 1)
    monkeypatch.setenv(MAX_MEGAPIXELS_ENV, "lots")
    assert_read_error(small, f"{MAX_MEGAPIXELS_ENV}='lots': expected a positive number of megapixels")
    monkeypatch.delenv(MAX_MEGAPIXELS_ENV)
    assert max_input_megapixels() >= 96  # a 12,000 x 8,000 photo opens by default


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="needs POSIX permissions that apply (not root)")
def test_read_only_output_folder(tmp_path):
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        with pytest.raises(ImageWriteError) as caught:
            save_image(folder / "out.png", np.zeros((4, 4, 3), np.float32))
    finally:
        folder.chmod(0o755)
    assert str(caught.value) == f"{folder / 'out.png'}: cannot write: the folder is read-only or we may not write there"
    assert not list(folder.iterdir())


@pytest.mark.skipif(not hasattr(signal, "SIGXFSZ"), reason="needs POSIX file size limits")
def test_a_full_disk_leaves_no_partial_file(tmp_path):
    """A write that runs out of room (here a 10 kB file size limit) fails cleanly and leaves nothing."""
    target = tmp_path / "out.png"
    script = (
        "import sys, numpy as np\n"
        "from srcnn_gui.core.images.writing import save_image\n"
        "from srcnn_gui.core.errors import ImageWriteError\n"
        "noise = np.random.default_rng(0).random((200, 200, 3)).astype(np.float32)\n"
        "try:\n    save_image(sys.argv[1], noise)\n"
        "except ImageWriteError as exc:\n    print(exc)\n"
    )

    def limit_file_size() -> None:
        import resource  # POSIX only

        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # get EFBIG instead of being killed
        resource.setrlimit(resource.RLIMIT_FSIZE, (10_000, 10_000))

    done = subprocess.run([sys.executable, "-c", script, str(target)], capture_output=True, text=True,
                          preexec_fn=limit_file_size, check=True)
    assert done.stdout.strip() == f"{target}: cannot write: the file is larger than this disk or account allows"
    assert not list(tmp_path.iterdir())


class Blocked(Exception):
    """Not an OSError, which the code under test may catch: the alarm's exception must reach the test."""


@pytest.fixture()
def no_waiting():
    """Fails a test that blocks, e.g. opening a named pipe that nobody writes, instead of hanging the run."""
    def give_up(signum, frame):
        raise Blocked("blocked: a named pipe was opened")

    previous = signal.signal(signal.SIGALRM, give_up)
    signal.alarm(20)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


def test_a_folder_scan_lists_what_is_no_picture_file_without_opening_it(tmp_path, no_waiting):
    from srcnn_gui.core.images.reading import scan_folder

    Image.fromarray(gradient_rgb()).save(tmp_path / "a.png")
    os.mkfifo(tmp_path / "pipe.png")
    (tmp_path / "gone.jpg").symlink_to(tmp_path / "deleted.jpg")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "up").symlink_to(tmp_path)  # a link back up the tree is followed once
    (tmp_path / "notes.txt").write_text("not a picture's name: not looked at")
    scan = scan_folder(tmp_path)
    assert scan.images == [tmp_path / "a.png"]
    assert scan.problems == [f"{tmp_path / 'gone.jpg'}: a link to a missing file, not a picture file",
                             f"{tmp_path / 'pipe.png'}: a named pipe (fifo), not a picture file"]


def test_header_peeks_do_not_open_a_named_pipe(tmp_path, no_waiting):
    from srcnn_gui.core.images.jpeg import file_quality
    from srcnn_gui.core.images.reading import has_transparency

    fifo = tmp_path / "pipe.jpg"
    os.mkfifo(fifo)
    assert file_quality(fifo) is None
    assert has_transparency(fifo) is False
