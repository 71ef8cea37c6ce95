"""Thumbnails for the window's list: upright, small, read by the reader (so a named pipe is never opened)."""

from __future__ import annotations

import os

import numpy as np
import pytest
from PIL import Image

from srcnn_gui.core.errors import ImageReadError
from srcnn_gui.core.images.reading import read_image, read_samples
from srcnn_gui.core.images.thumbnail import read_thumbnail


def test_a_turned_photo_gives_an_upright_thumbnail_of_the_same_picture(tmp_path):
    y, x = np.mgrid[0:600, 0:800]
    pixels = np.stack([x * 255 // 800, y * 255 // 600, np.full_like(x, 90)], axis=-1).astype(np.uint8)
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90 CW to display": the picture is 600 wide, 800 high
    path = tmp_path / "photo.jpg"
    Image.fromarray(pixels).save(path, exif=exif, quality=95)
    assert read_samples(path, reduce_to=56).pixels.shape == (100, 75, 3)  # the JPEG decoded at 1/8 of its size
    thumb = read_thumbnail(path, 56)
    assert thumb.shape == (56, 42, 3) and thumb.dtype == np.float32
    whole = read_image(path).pixels
    corners = [(0, 0), (0, -1), (-1, 0), (-1, -1)]
    assert np.allclose([thumb[r, c] for r, c in corners], [whole[r, c] for r, c in corners], atol=0.05)


def test_a_small_grey_sixteen_bit_picture_is_kept_as_it_is(tmp_path):
    path = tmp_path / "grey16.png"
    Image.fromarray(np.arange(0, 65535, 65535 // 300, dtype=np.uint16)[:300].reshape(15, 20)).save(path)
    thumb = read_thumbnail(path, 56)
    assert thumb.shape == (15, 20, 1) and np.array_equal(thumb, read_image(path).pixels)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX thing")
def test_a_named_pipe_is_refused_without_being_opened(tmp_path):
    pipe = tmp_path / "pipe.png"
    os.mkfifo(pipe)  # opening it would wait for a writer forever
    with pytest.raises(ImageReadError, match="named pipe"):
        read_thumbnail(pipe, 56)
