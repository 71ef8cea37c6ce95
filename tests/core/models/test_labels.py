"""Models in a user's words: the label says the network, FSRCNN's speed, the factor and a JPEG model's cleanup."""

from __future__ import annotations

from pathlib import Path

import pytest

from srcnn_gui.core.models.labels import model_label
from srcnn_gui.core.models.model_info import ModelInfo


def _info(name: str, arch: str, denoise: str | None = None, *, shipped: bool = True) -> ModelInfo:
    meta = {"denoise": denoise} if denoise else {}
    return ModelInfo(name, Path(f"{name}.pt"), 3, {"arch": arch}, meta, shipped)


@pytest.mark.parametrize("info,label", [
    (_info("srcnn-9-5-5-x3", "9-5-5"), "SRCNN 9-5-5 x3"),
    (_info("srcnn-9-5-5-x3-jpeg-high", "9-5-5", "high"), "SRCNN 9-5-5 x3 — JPEG, strong cleanup"),
    (_info("srcnn-9-5-5-x3-jpeg-low", "9-5-5", "low"), "SRCNN 9-5-5 x3 — JPEG, light cleanup"),
    (_info("fsrcnn-x3", "fsrcnn"), "FSRCNN (fast) x3"),
    (_info("fsrcnn-s-x3", "fsrcnn-32-5-1"), "FSRCNN 32-5-1 (fast) x3"),
    (_info("leaves", "9-1-5", shipped=False), "leaves — yours, SRCNN 9-1-5 x3"),
])
def test_each_model_has_a_plain_label_without_its_registry_name(info, label):
    assert model_label(info) == label

