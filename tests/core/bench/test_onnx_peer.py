"""ONNX Runtime, the benchmark's peer, computes the model's own function in both of its configurations."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from srcnn_gui.core.bench import onnx_peer
from srcnn_gui.core.bench.speed import benchmark_luminance, plain_refine

pytest.importorskip("onnxruntime")
pytest.importorskip("onnx")


@pytest.mark.parametrize("configuration", onnx_peer.CONFIGURATIONS)
def test_each_configuration_equals_the_model(shipped_x3, configuration):
    model, _ = shipped_x3
    y = benchmark_luminance(300, 270)  # several tiles of 256 in the tiled configuration
    expected = plain_refine(model, torch.device("cpu"))(y)
    got = onnx_peer.ort_refine(model, configuration, threads=2)(y)
    assert got.shape == expected.shape
    assert np.abs(got - expected).max() <= 1e-5


def test_tiles_run_the_graph_without_its_border_extension(shipped_x3):
    onnx = pytest.importorskip("onnx")
    from srcnn_gui.core.models.onnx_export import BORDER_PREFIX, INPUT_NAME, onnx_graph

    model, _ = shipped_x3
    proto = onnx_graph(model, scale=3, name="x")
    assert {"Slice", "Concat"} <= {node.op_type for node in proto.graph.node}
    assert onnx_peer._without_border(proto)
    assert {node.op_type for node in proto.graph.node} == {"Conv", "Relu", "Identity"}
    assert not [init.name for init in proto.graph.initializer if init.name.startswith(BORDER_PREFIX)]
    assert INPUT_NAME in proto.graph.node[0].input
    onnx.checker.check_model(proto)


def test_an_unknown_configuration_is_refused(shipped_x3):
    with pytest.raises(ValueError):
        onnx_peer.ort_refine(shipped_x3[0], "gpu", threads=1)
