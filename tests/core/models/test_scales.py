"""The factors we offer and which trained models serve each (the rule measured by `card --any-scale`)."""

from __future__ import annotations

import math

import pytest

from srcnn_gui.core.errors import ConfigError
from srcnn_gui.core.models.scales import MAX_FACTOR, SCALES, parse_factor, serving_passes


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
