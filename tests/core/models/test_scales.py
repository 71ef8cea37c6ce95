"""The factors we offer and which trained models serve each (the rule measured by `card --any-scale`)."""

from __future__ import annotations

import math

import pytest

from srcnn_gui.core.errors import ConfigError
from srcnn_gui.core.images.output_size import OutputSize
from srcnn_gui.core.models.scales import (
    DEFAULT_FACTOR,
    FACTOR_HELP,
    MAX_FACTOR,
    SCALES,
    SIZE_HELP,
    parse_factor,
    parse_request,
    picture_factor,
    serving_passes,
)


@pytest.mark.parametrize("factor,passes", [
    (1.01, (2,)), (1.5, (2,)), (2, (2,)), (2.5, (3,)), (3, (3,)), (3.5, (4,)), (4, (4,)),
    (4.5, (3, 2)), (6, (3, 2)), (6.5, (4, 2)), (8, (4, 2)),
])
def test_each_factor_is_served_by_models_at_their_own_factors(factor, passes):
    assert serving_passes(factor) == passes


def test_every_factor_is_reached_by_the_fewest_passes_and_the_trained_scales_serve_themselves():
    for tenth in range(11, int(MAX_FACTOR * 10) + 1):
        factor = tenth / 10
        passes = serving_passes(factor)
        assert set(passes) <= set(SCALES) and math.prod(passes) >= factor
        assert len(passes) == (1 if factor <= max(SCALES) else 2)
    assert all(serving_passes(scale) == (scale,) for scale in SCALES)


@pytest.mark.parametrize("text,value", [("2", 2), ("x3", 3), ("2.5", 2.5), (" X1.5 ", 1.5), ("8", 8)])
def test_typed_factors(text, value):
    parsed = parse_factor(text)
    assert parsed == value and type(parsed) is type(value)


@pytest.mark.parametrize("text", ["1", "0.5", "8.5", "nan", "inf", "two"])
def test_factors_we_do_not_offer_are_refused(text):
    with pytest.raises(ConfigError):
        parse_factor(text)


@pytest.mark.parametrize("text,request_", [("x2.5", OutputSize(factor=2.5)), ("1920x1080", OutputSize(width=1920, height=1080)),
                                           ("w800", OutputSize(width=800))])
def test_typed_requests_are_factors_or_sizes(text, request_):
    assert parse_request(text) == request_


@pytest.mark.parametrize("text", ["9", "1", "x0.5", "big"])
def test_typed_requests_we_do_not_offer_are_refused(text):
    with pytest.raises(ConfigError):
        parse_request(text)


def test_an_output_size_gives_each_picture_its_own_factor_within_the_offered_range():
    box = OutputSize(width=800, height=800)
    assert picture_factor(box, 200, 400) == 2 and picture_factor(box, 400, 100) == 2
    assert picture_factor(OutputSize(factor=2.5), 10, 10) == 2.5
    with pytest.raises(ConfigError, match="100 x 100 to 1000 x 1000"):
        picture_factor(OutputSize(width=1000), 100, 100)
    with pytest.raises(ConfigError):
        picture_factor(box, 800, 800)  # no enlargement at all


def test_the_default_factor_is_a_trained_scale_and_the_help_names_the_maximum():
    assert DEFAULT_FACTOR in SCALES
    assert f"{MAX_FACTOR:g}" in FACTOR_HELP and f"{MAX_FACTOR:g}" in SIZE_HELP
