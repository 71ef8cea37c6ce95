"""Real-world pictures keep what they carry: EXIF, ICC profile, 16 bits, alpha without halos, grey.

Every picture is made here, by the test, with Pillow or OpenCV; no binary files are committed.
"""

from __future__ import annotations

import io
import itertools
import struct

import cv2
import numpy as np
import pytest
import tifffile
from PIL import Image, ImageCms

from srcnn_gui.core.images.bicubic import imresize
from srcnn_gui.core.images.pixels import to_uint8
from srcnn_gui.core.images.reading import ImageMetadata, read_image
from srcnn_gui.core.images.writing import encode_image, save_bands, save_image
from srcnn_gui.core.inference.tiling import WHOLE_IMAGE
from srcnn_gui.core.inference.upscaler import Upscaler
from srcnn_gui.core.models.registry import find_model

MAKE, MODEL, ORIENTATION = 0x010F, 0x0110, 0x0112


def gradient_rgb(h: int = 24, w: int = 32) -> np.ndarray:
    yy, xx = np.mgrid[0:h, 0:w]
    return np.stack([xx * 255 // (w - 1), yy * 255 // (h - 1), (xx + yy) * 255 // (h + w - 2)], -1).astype(np.uint8)


def camera_exif(orientation: int = 1) -> Image.Exif:
    exif = Image.Exif()
    exif[MAKE], exif[MODEL] = "Canon", "EOS 5D"
    if orientation != 1:
        exif[ORIENTATION] = orientation
    return exif


def swapped_primaries_profile() -> bytes:
    """A valid RGB profile whose red and blue primaries are swapped: applying it changes colours."""
    srgb = bytearray(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    count = struct.unpack_from(">I", srgb, 128)[0]
    entries = {bytes(srgb[132 + 12 * i : 136 + 12 * i]): 132 + 12 * i for i in range(count)}
    red, blue = entries[b"rXYZ"], entries[b"bXYZ"]
    srgb[red + 4 : red + 12], srgb[blue + 4 : blue + 12] = srgb[blue + 4 : blue + 12], srgb[red + 4 : red + 12]
    return bytes(srgb)


D50 = (0.9642, 1.0, 0.8249)


def s15fixed16(*values: float) -> bytes:
    return b"".join(struct.pack(">i", round(v * 65536)) for v in values)


def lut8(inputs: int, outputs: int, grid: list[int]) -> bytes:
    """An ICC lut8Type: identity matrix and curves around a 2-point-per-input grid (first input slowest)."""
    identity = bytes(range(256))
    matrix = s15fixed16(*(float(row == col) for row in range(3) for col in range(3)))
    return b"mft1" + bytes(4) + bytes([inputs, outputs, 2, 0]) + matrix + identity * inputs + bytes(grid) + identity * outputs


def press_lab(c: float, m: float, y: float, k: float) -> tuple[float, float, float]:
    """CIELAB (D50) of inks in [0, 1] on a made-up press whose cyan ink prints red."""
    paper = 1 - k
    return max(0.0, 100 - 40 * (c + m + y)) * paper, (70 * c + 60 * m - 10 * y) * paper, (50 * c - 10 * m + 80 * y) * paper


def lab8(lab: tuple[float, float, float]) -> list[int]:
    """Lab as lut8Type stores it: L 0..100 over 0..255, a and b offset by 128."""
    lightness, a, b = lab
    return [round(lightness * 2.55), *(min(255, max(0, round(v + 128))) for v in (a, b))]


def press_profile() -> bytes:
    """A valid ICC v2 CMYK output profile (PCS Lab) for :func:`press_lab`; B2A0 prints only black."""
    a2b0 = [v for inks in itertools.product((0, 1), repeat=4) for v in lab8(press_lab(*inks))]
    b2a0 = [v for lightness, _, _ in itertools.product((0, 1), repeat=3) for v in (0, 0, 0, 255 - 255 * lightness)]
    description = b"Made-up press\0"
    tags = {
        b"desc": b"desc" + bytes(4) + struct.pack(">I", len(description)) + description + bytes(8 + 3 + 67),
        b"cprt": b"text" + bytes(4) + b"No copyright\0",
        b"wtpt": b"XYZ " + bytes(4) + s15fixed16(*D50),
        b"A2B0": lut8(4, 3, a2b0),
        b"B2A0": lut8(3, 4, b2a0),
    }
    table, data = struct.pack(">I", len(tags)), b""
    start = 128 + 4 + 12 * len(tags)
    for signature, body in tags.items():
        body += bytes(-len(body) % 4)
        table += signature + struct.pack(">II", start + len(data), len(body))
        data += body
    header = (struct.pack(">II", start + len(data), 0) + bytes([2, 0x10, 0, 0]) + b"prtrCMYKLab "
              + struct.pack(">6H", 2024, 1, 1, 0, 0, 0) + b"acsp" + bytes(24) + bytes(4) + s15fixed16(*D50) + bytes(48))
    return header + table + data


def lab_to_srgb8(lab: tuple[float, float, float]) -> np.ndarray:
    """CIELAB (D50) to 8-bit sRGB by the CIE and sRGB formulas, Bradford-adapted to D65: no LittleCMS."""
    lightness, a, b = lab
    fy = (lightness + 16) / 116
    f = np.array([fy + a / 500, fy, fy - b / 200])
    xyz = np.where(f > 6 / 29, f**3, 3 * (6 / 29) ** 2 * (f - 4 / 29)) * D50
    bradford = [[0.9555766, -0.0230393, 0.0631636], [-0.0282895, 1.0099416, 0.0210077], [0.0122982, -0.0204830, 1.3299098]]
    to_rgb = [[3.2404542, -1.5371385, -0.4985314], [-0.9692660, 1.8760108, 0.0415560], [0.0556434, -0.2040259, 1.0572252]]
    linear = np.clip(np.array(to_rgb) @ np.array(bradford) @ xyz, 0, 1)
    encoded = np.where(linear <= 0.0031308, 12.92 * linear, 1.055 * linear ** (1 / 2.4) - 0.055)
    return np.round(encoded * 255)


@pytest.fixture(scope="module")
def upscaler(shipped_x3) -> Upscaler:
    model, info = shipped_x3
    return Upscaler(model, info.scale, device="cpu", tiling=WHOLE_IMAGE)


@pytest.fixture(scope="module", params=["srcnn-9-5-5-x3", "fsrcnn-x3"])
def either_network(request) -> Upscaler:
    """SRCNN, which refines the bicubic enlargement, and FSRCNN, which enlarges the low-res picture itself."""
    return Upscaler.from_info(find_model(request.param), device="cpu", tiling=WHOLE_IMAGE)


@pytest.mark.parametrize("suffix", [".jpg", ".png", ".webp", ".tif"])
def test_exif_is_carried_and_orientation_applied_once(tmp_path, suffix):
    source = tmp_path / "phone.jpg"
    Image.fromarray(gradient_rgb(10, 20)).save(source, exif=camera_exif(orientation=6), quality=95)
    picture = read_image(source)
    assert picture.pixels.shape == (20, 10, 3)  # turned upright
    exif = Image.Exif()
    exif.load(picture.metadata.exif)
    assert (exif[MAKE], exif[MODEL], ORIENTATION in exif) == ("Canon", "EOS 5D", False)

    out = save_image(tmp_path / f"out{suffix}", picture.pixels, metadata=picture.metadata)
    with Image.open(out) as written:
        assert written.size == (10, 20)
        tags = written.getexif()
        assert (tags[MAKE], tags[MODEL], tags.get(ORIENTATION, 1)) == ("Canon", "EOS 5D", 1)
    assert read_image(out).pixels.shape == (20, 10, 3)  # not turned a second time


def test_exif_states_the_output_size_and_keeps_the_rest(tmp_path):
    exif = camera_exif()
    details = exif.get_ifd(0x8769)
    details[0xA002], details[0xA003], details[0x9003] = 20, 10, "2024:05:01 12:00:00"
    out = save_image(tmp_path / "big.jpg", np.zeros((30, 60, 3), np.float32), metadata=ImageMetadata("JPEG", 8, exif.tobytes()))
    written = Image.open(out).getexif()
    details = written.get_ifd(0x8769)
    assert (details[0xA002], details[0xA003], details[0x9003], written[MAKE]) == (60, 30, "2024:05:01 12:00:00", "Canon")


def test_bmp_cannot_hold_metadata_and_gets_none(tmp_path):
    metadata = ImageMetadata("JPEG", 8, camera_exif().tobytes(), swapped_primaries_profile())
    out = save_image(tmp_path / "out.bmp", np.full((4, 4, 3), 0.5, np.float32), metadata=metadata)
    with Image.open(out) as written:
        assert "icc_profile" not in written.info and len(written.getexif()) == 0


@pytest.mark.parametrize("suffix", [".png", ".jpg", ".webp", ".tif"])
def test_icc_profile_is_kept_and_never_applied(tmp_path, suffix):
    profile = swapped_primaries_profile()
    red = np.zeros((6, 6, 3), np.uint8)
    red[..., 0] = 200
    im = Image.fromarray(red)
    # The profile is real: colour management with it would turn red into blue.
    managed = ImageCms.profileToProfile(im, ImageCms.ImageCmsProfile(io.BytesIO(profile)), ImageCms.createProfile("sRGB"))
    assert np.asarray(managed)[0, 0, 2] > np.asarray(managed)[0, 0, 0]

    source = tmp_path / f"wide{suffix}"
    options = {"quality": 100, "subsampling": 0} if suffix == ".jpg" else ({"lossless": True} if suffix == ".webp" else {})
    im.save(source, icc_profile=profile, **options)
    picture = read_image(source)
    assert picture.metadata.icc_profile == profile
    assert np.abs(to_uint8(picture.pixels).astype(int) - red).max() <= 1  # the file's own RGB
    out = save_image(tmp_path / f"out{suffix}", picture.pixels, metadata=picture.metadata)
    with Image.open(out) as written:
        assert written.info["icc_profile"] == profile


def make_16bit(h: int = 12, w: int = 16, channels: int = 3) -> np.ndarray:
    """Values that 8 bits cannot hold (none is a multiple of 257)."""
    values = np.random.default_rng(6).integers(0, 65535 // 257, (h, w, channels)) * 257 + 100
    return values.astype(np.uint16)


@pytest.mark.parametrize("suffix,channels", [(".png", 3), (".png", 4), (".tif", 3), (".tif", 4)])
def test_sixteen_bit_colour_is_read_and_written_at_full_depth(tmp_path, suffix, channels):
    values = make_16bit(channels=channels)
    source = tmp_path / f"deep{suffix}"
    cv2.imwrite(str(source), values[..., [2, 1, 0, 3][:channels]])  # OpenCV writes BGR(A)
    picture = read_image(source)
    assert (picture.metadata.bit_depth, picture.pixels.dtype, picture.pixels.shape) == (16, np.float32, (12, 16, channels))
    assert np.array_equal(np.round(picture.pixels * 65535).astype(np.uint16), values)

    profile = swapped_primaries_profile()
    metadata = ImageMetadata(picture.metadata.format, 16, camera_exif().tobytes() if suffix == ".png" else None, profile)
    out = save_image(tmp_path / f"out{suffix}", picture.pixels, metadata=metadata)
    back = cv2.imdecode(np.fromfile(out, np.uint8), cv2.IMREAD_UNCHANGED)
    assert back.dtype == np.uint16 and np.array_equal(back[..., [2, 1, 0, 3][:channels]], values)
    with Image.open(out) as written:
        assert written.info["icc_profile"] == profile
        if suffix == ".png":
            assert written.getexif()[MAKE] == "Canon"
    if suffix == ".tif":
        with tifffile.TiffFile(out) as tif:
            assert tif.pages[0].bitspersample == 16


@pytest.mark.parametrize("how", ["whole", "bands", "bands as BigTIFF"])
def test_sixteen_bit_tiff_keeps_exif_and_its_exif_directory(tmp_path, monkeypatch, how):
    if how == "bands as BigTIFF":
        monkeypatch.setattr("srcnn_gui.core.images.writing._BIGTIFF_ABOVE", 0)
    exif = camera_exif(orientation=6)  # the pixels are upright already: the tag must not come back
    exif.get_ifd(0x8769)[0x9003] = "2024:05:01 12:00:00"
    exif.get_ifd(0x8769)[0xA002] = 100
    values = make_16bit(300, 270)  # two tile rows and columns
    picture, metadata = values.astype(np.float32) / 65535, ImageMetadata("TIFF", 16, exif.tobytes())
    if how == "whole":
        out = save_image(tmp_path / "out.tif", picture, metadata=metadata)
    else:
        out = save_bands(tmp_path / "out.tif", (picture[top : top + 64] for top in range(0, 300, 64)), values.shape, metadata=metadata)

    with tifffile.TiffFile(out) as tif:
        assert tif.is_bigtiff == (how == "bands as BigTIFF")
        assert np.array_equal(tif.asarray(), values)
    with Image.open(out) as written:
        tags = written.getexif()
        details = tags.get_ifd(0x8769)
        assert (tags[MAKE], tags[MODEL], ORIENTATION in tags) == ("Canon", "EOS 5D", False)
        assert (details[0x9003], details[0xA002]) == ("2024:05:01 12:00:00", 270)


def test_sixteen_bit_goes_to_eight_only_where_the_format_has_no_sixteen(tmp_path):
    picture = np.full((4, 4, 3), 1000 / 65535, np.float32)
    metadata = ImageMetadata("PNG", 16)
    jpeg = Image.open(io.BytesIO(encode_image(picture, ".jpg", metadata)))
    assert jpeg.mode == "RGB"
    grey = Image.open(io.BytesIO(encode_image(picture[..., :1], ".png", metadata)))
    assert grey.mode == "I;16" and np.asarray(grey)[0, 0] == 1000


@pytest.mark.parametrize("orientation", range(1, 9))
def test_sixteen_bit_pictures_are_turned_upright_like_eight_bit_ones(tmp_path, orientation):
    eight = gradient_rgb(6, 9)
    Image.fromarray(eight).save(tmp_path / "eight.png", exif=camera_exif(orientation))
    deep = save_image(tmp_path / "deep.png", eight.astype(np.float32) / 255,
                      metadata=ImageMetadata("PNG", 16, camera_exif(orientation).tobytes()))
    expected = read_image(tmp_path / "eight.png").pixels
    got = read_image(deep)
    assert got.metadata.bit_depth == 16
    assert np.array_equal(to_uint8(got.pixels), to_uint8(expected))


def test_grey_stays_grey_at_eight_and_sixteen_bits(tmp_path):
    Image.fromarray(gradient_rgb()[..., 0]).save(tmp_path / "grey.png")
    Image.fromarray(make_16bit(channels=1)[..., 0]).save(tmp_path / "grey16.png")
    for name, mode in (("grey.png", "L"), ("grey16.png", "I;16")):
        picture = read_image(tmp_path / name)
        assert picture.pixels.shape[2] == 1
        out = save_image(tmp_path / f"out-{name}", picture.pixels, metadata=picture.metadata)
        assert Image.open(out).mode == mode


def test_palette_pictures_become_rgb_or_rgba_and_say_so(tmp_path):
    Image.fromarray(gradient_rgb()).convert("P").save(tmp_path / "pal.png")
    Image.fromarray(gradient_rgb()).convert("P").save(tmp_path / "pal-alpha.png", transparency=0)
    plain, clear = read_image(tmp_path / "pal.png"), read_image(tmp_path / "pal-alpha.png")
    assert plain.pixels.shape[2] == 3 and plain.metadata.notes == ("palette colours expanded to RGB",)
    assert clear.pixels.shape[2] == 4 and clear.metadata.notes == ("palette colours expanded to RGBA",)
    expected = np.asarray(Image.open(tmp_path / "pal.png").convert("RGB"))
    assert np.array_equal(to_uint8(plain.pixels), expected)


def test_cmyk_jpeg_becomes_rgb_and_says_how(tmp_path):
    source = tmp_path / "print.jpg"
    Image.fromarray(gradient_rgb()).convert("CMYK").save(source, quality=100)
    picture = read_image(source)
    assert picture.pixels.shape[2] == 3 and picture.metadata.icc_profile is None
    assert picture.metadata.notes == ("CMYK converted to RGB without colour management: no profile embedded",)
    assert np.array_equal(to_uint8(picture.pixels), np.asarray(Image.open(source).convert("RGB")))

    # An RGB profile cannot describe CMYK data: the picture still opens, and the note says why.
    wrong = tmp_path / "wrong-profile.jpg"
    Image.fromarray(gradient_rgb()).convert("CMYK").save(wrong, icc_profile=swapped_primaries_profile())
    assert read_image(wrong).metadata.notes == ("CMYK converted to RGB without colour management: its embedded profile is unusable",)


def test_cmyk_with_a_real_profile_is_converted_through_it(tmp_path):
    profile = press_profile()
    press = ImageCms.getOpenProfile(io.BytesIO(profile))  # LittleCMS accepts it as a CMYK-to-Lab profile
    assert (press.profile.xcolor_space, press.profile.connection_space) == ("CMYK", "Lab ")
    source = tmp_path / "press.jpg"
    inks = Image.new("CMYK", (48, 16), (0, 0, 0, 0))  # paper, cyan, a mixed colour: flat 16 x 16 patches
    inks.paste((255, 0, 0, 0), (16, 0, 32, 16))
    inks.paste((40, 120, 200, 30), (32, 0, 48, 16))
    inks.save(source, icc_profile=profile, quality=100)

    picture = read_image(source)
    assert picture.metadata.notes == ("CMYK converted to sRGB with its embedded profile",)
    with Image.open(source) as decoded:
        srgb = ImageCms.createProfile("sRGB")
        expected = np.asarray(ImageCms.profileToProfile(decoded, press, srgb, outputMode="RGB"))
        naive = np.asarray(decoded.convert("RGB"))
        cyan_inks = decoded.getpixel((24, 8))
    got = to_uint8(picture.pixels)
    assert np.array_equal(got, expected)
    assert cyan_inks == (255, 0, 0, 0) and tuple(naive[8, 24]) == (0, 255, 255)
    assert np.abs(got[8, 24] - lab_to_srgb8(press_lab(1, 0, 0, 0))).max() <= 2  # the profile's red, not cyan

    written_profile = ImageCms.getOpenProfile(io.BytesIO(picture.metadata.icc_profile))
    assert written_profile.profile.xcolor_space == "RGB "
    assert ImageCms.getProfileDescription(written_profile) == ImageCms.getProfileDescription(srgb)
    out = save_image(tmp_path / "out.png", picture.pixels, metadata=picture.metadata)
    with Image.open(out) as written:
        assert written.info["icc_profile"] == picture.metadata.icc_profile


def white_disk_on_clear_black(size: int = 40) -> np.ndarray:
    yy, xx = np.mgrid[0:size, 0:size]
    alpha = (np.hypot(yy - size / 2, xx - size / 2) < size / 3).astype(np.float32)[..., None]
    return np.concatenate([np.repeat(alpha, 3, axis=2), alpha], axis=2)  # colour black where clear


def over_white(rgba: np.ndarray) -> np.ndarray:
    return rgba[..., :3] * rgba[..., 3:] + (1 - rgba[..., 3:])


def test_alpha_edges_have_no_dark_halo(either_network):
    rgba = white_disk_on_clear_black()
    result = either_network.upscale(rgba)
    # Resampling the straight colour would mix in the invisible black: a dark ring.
    straight = np.concatenate([imresize(rgba[..., :3], 3.0), np.clip(imresize(rgba[..., 3:], 3.0), 0, 1)], axis=2)
    assert over_white(np.clip(straight, 0, 1)).min() < 0.8
    assert over_white(result.bicubic).min() >= 1 - 0.5 / 255  # within half an 8-bit step of white
    assert over_white(result.srcnn).min() > 0.98


def test_colour_under_full_transparency_changes_nothing(either_network):
    rgba = white_disk_on_clear_black()
    noisy = rgba.copy()
    clear = rgba[..., 3] == 0
    noisy[clear, :3] = np.random.default_rng(7).random((int(clear.sum()), 3))
    a, b = either_network.upscale(rgba), either_network.upscale(noisy)
    assert np.array_equal(a.srcnn, b.srcnn) and np.array_equal(a.bicubic, b.bicubic)


def test_a_jpeg_carries_a_profile_larger_than_one_segment_and_its_exif(tmp_path):
    profile = bytes(range(256)) * 600  # 153,600 bytes: three APP2 chunks
    metadata = ImageMetadata("JPEG", 8, camera_exif().tobytes(), profile)
    picture = gradient_rgb(40, 30).astype(np.float32) / 255  # smooth: JPEG keeps it within a few levels
    for channels in (3, 1):
        out = save_image(tmp_path / f"out{channels}.jpg", picture[..., :channels], metadata=metadata)
        with Image.open(out) as written:
            assert written.mode == ("RGB" if channels == 3 else "L")
            assert written.info["icc_profile"] == profile and written.getexif()[MAKE] == "Canon"
            assert np.abs(np.asarray(written, dtype=float) - to_uint8(picture[..., :channels]).squeeze()).mean() < 3
