"""Output sizes: a factor, a width, a height or a box gives exact, aspect-kept pixel sizes."""

from __future__ import annotations

import pytest

from srcnn_gui.core.errors import ConfigError
from srcnn_gui.core.images.output_size import OutputSize, parse_box


@pytest.mark.parametrize("height,width,factor,expected", [
    (77, 101, 2.5, (193, 253)),   # 192.5 and 252.5 round up
    (100, 100, 1.1, (110, 110)),  # 100 * 1.1 is 110.00000000000001 in binary: still 110, not 111
    (255, 255, 3, (765, 765)),
    (1, 1, 1.5, (2, 2)),
])
def test_a_factor_gives_the_nearest_whole_pixels(height, width, factor, expected):
    assert OutputSize(factor=factor).pixels(height, width) == expected


def test_a_width_or_height_is_met_exactly_and_the_aspect_kept():
    assert OutputSize(width=1920).pixels(480, 640) == (1440, 1920)
    assert OutputSize(height=1000).pixels(77, 101) == (1000, 1312)  # 101 * 1000 / 77 = 1311.7
    # The factor that picks the model: the larger of the two sides' ratios (254 / 77 here, not 333 / 101).
    assert OutputSize(width=333).factor_for(77, 101) == 254 / 77


@pytest.mark.parametrize("height,width", [(480, 640), (640, 480), (77, 101), (500, 500)])
def test_fit_fills_the_box_on_one_side_and_stays_inside_it(height, width):
    box_w, box_h = 1920, 1080
    out_h, out_w = OutputSize(width=box_w, height=box_h).pixels(height, width)
    assert out_w <= box_w and out_h <= box_h and (out_w == box_w or out_h == box_h)
    assert abs(out_w / out_h - width / height) < 1.0 / min(out_h, out_w)  # aspect kept to within a pixel


def test_the_window_field_and_file_labels():
    assert OutputSize.parse("x2.5") == OutputSize(factor=2.5)
    assert OutputSize.parse(" 1.5 ") == OutputSize(factor=1.5)
    assert OutputSize.parse("1920x1080") == OutputSize(width=1920, height=1080)
    assert OutputSize.parse("w800") == OutputSize(width=800)
    assert OutputSize.parse("H600") == OutputSize(height=600)
    assert [OutputSize.parse(t).label() for t in ("3", "2.5", "1920x1080", "w800", "h600")] == \
        ["3", "2.5", "1920x1080", "w800", "h600"]
    with pytest.raises(ConfigError, match="type a scale"):
        OutputSize.parse("big")


def test_bad_requests_are_refused():
    with pytest.raises(ConfigError):
        OutputSize()
    with pytest.raises(ConfigError):
        OutputSize(factor=2, width=100)
    with pytest.raises(ConfigError):
        OutputSize(width=0)
    with pytest.raises(ConfigError):
        parse_box("1920 by 1080")
