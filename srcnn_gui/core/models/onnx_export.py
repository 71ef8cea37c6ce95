"""Export a model to ONNX, so other tools (ONNX Runtime, OpenCV's dnn, ...) run the same network.

The graph computes exactly :meth:`SRCNN.forward`: the input's border replicated by the receptive-field
radius (``Pad``, mode ``edge``), the unpadded convolutions with ReLUs between them and, for a
residual model, the input added back. Input ``y`` and output ``sr`` are N x 1 x H x W float32, the
bicubic-upscaled luminance in [0, 1] and its refinement; batch, height and width are free.

It is built node by node rather than traced with ``torch.onnx.export``: the network has four kinds
of node, and so the file depends on neither torch's exporter (whose default changed in torch 2.9 and
which now needs onnxscript) nor on its warnings.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import numpy as np
from torch import nn

from srcnn_gui.core.atomic import atomic_write_bytes
from srcnn_gui.core.errors import SrcnnError
from srcnn_gui.core.models.files import load_model
from srcnn_gui.core.models.model_info import ModelInfo
from srcnn_gui.core.models.network import SRCNN

OPSET = 17
IR_VERSION = 8  # the oldest IR that opset 17 allows, so older runtimes open the file too
INPUT_NAME, OUTPUT_NAME = "y", "sr"
ONNX_SUFFIX = ".onnx"


def _onnx() -> Any:
    try:
        import onnx
    except ImportError as exc:
        raise SrcnnError("ONNX export needs the onnx package: pip install 'srcnn-gui[onnx]'") from exc
    return onnx


def onnx_graph(model: SRCNN, *, scale: int, name: str) -> Any:
    """The network as an ``onnx.ModelProto`` with dynamic batch, height and width."""
    onnx = _onnx()
    helper, numpy_helper = onnx.helper, onnx.numpy_helper
    r = model.radius
    initializers = [numpy_helper.from_array(np.array([0, 0, r, r, 0, 0, r, r], dtype=np.int64), "pads")]
    nodes = [helper.make_node("Pad", [INPUT_NAME, "pads"], ["padded"], mode="edge")]
    convs = [m for m in model.body if isinstance(m, nn.Conv2d)]
    current = "padded"
    for index, conv in enumerate(convs, start=1):
        weight, bias = f"conv{index}.weight", f"conv{index}.bias"
        initializers += [numpy_helper.from_array(conv.weight.detach().cpu().float().numpy(), weight),
                         numpy_helper.from_array(conv.bias.detach().cpu().float().numpy(), bias)]
        nodes.append(helper.make_node("Conv", [current, weight, bias], [f"conv{index}"], kernel_shape=list(conv.kernel_size)))
        current = f"conv{index}"
        if index < len(convs):
            nodes.append(helper.make_node("Relu", [current], [f"relu{index}"]))
            current = f"relu{index}"
    if model.residual:
        nodes.append(helper.make_node("Add", [current, INPUT_NAME], [OUTPUT_NAME]))
    else:
        nodes.append(helper.make_node("Identity", [current], [OUTPUT_NAME]))
    shape = ["batch", 1, "height", "width"]
    graph = helper.make_graph(
        nodes, f"srcnn-{model.name}-x{scale}",
        [helper.make_tensor_value_info(INPUT_NAME, onnx.TensorProto.FLOAT, shape)],
        [helper.make_tensor_value_info(OUTPUT_NAME, onnx.TensorProto.FLOAT, shape)],
        initializers,
    )
    proto = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)], producer_name="srcnn-gui")
    proto.ir_version = IR_VERSION
    helper.set_model_props(proto, {
        "model": name, "arch": model.name, "scale": str(scale), "residual": str(model.residual),
        "input": "bicubic-upscaled luminance (BT.601 Y, studio range) in [0, 1], N x 1 x H x W float32",
        "output": "refined luminance, same size (not clipped)",
    })
    onnx.checker.check_model(proto)
    return proto


def export_onnx(info: ModelInfo, destination: str | os.PathLike[str]) -> Path:
    """Write a model as an ONNX file (atomically)."""
    destination = Path(destination)
    if destination.suffix.lower() != ONNX_SUFFIX:
        raise SrcnnError(f"{destination}: ONNX files end in {ONNX_SUFFIX}")
    model, loaded = load_model(info.path)
    proto = onnx_graph(model, scale=loaded.scale, name=loaded.name)
    atomic_write_bytes(destination, proto.SerializeToString())
    return destination
