"""The difference heat map is dark where images agree and bright where they differ."""

from __future__ import annotations

import numpy as np
import pytest

from srcnn_gui.core.evaluation.difference_map import difference_heatmap


def test_heat_follows_the_difference(butterfly):
    changed = butterfly.copy()
    changed[:20, :20] = np.clip(changed[:20, :20] + 0.3, 0, 1)
    heat = difference_heatmap(changed, butterfly)
    assert heat.shape == butterfly.shape and heat.dtype == np.float32
    assert heat[25:, 25:].max() < 0.05  # identical region: the colour map's black
    assert heat[5:15, 5:15].mean() > 0.5


def test_sizes_must_match(butterfly):
    with pytest.raises(ValueError, match="differ in size"):
        difference_heatmap(butterfly[:10], butterfly)
