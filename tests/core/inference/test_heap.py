"""The heap keeps freed feature maps: a pass repeated costs no fresh pages (glibc)."""

from __future__ import annotations

import resource

import pytest
import torch

from srcnn_gui.core.inference import heap
from srcnn_gui.core.inference.fsrcnn_forward import FsrcnnForward
from srcnn_gui.core.models.files import load_model
from srcnn_gui.core.models.registry import find_model


def _page_faults_of(action) -> int:
    before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    action()
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before


def test_a_float32_pass_repeated_takes_no_fresh_pages():
    if not heap.keep_freed_memory():
        pytest.skip("no glibc mallopt here: the heap keeps its own policy")
    model, _ = load_model(find_model("fsrcnn-x3").path)
    forward = FsrcnnForward(model)
    tile = torch.rand(270, 270)  # a 256-pixel low-res tile with its context: maps of 4-16 MiB

    def one_pass():
        with torch.inference_mode():
            forward(tile)

    for _ in range(3):  # the heap grows to its working size
        one_pass()
    # glibc's default returns these maps' pages and faults them in again on every pass (measured: 7707 a pass).
    assert min(_page_faults_of(one_pass) for _ in range(3)) < 300
