"""Export a model to ONNX, so other tools (ONNX Runtime, OpenCV's dnn, ...) run the same network.

The graph computes exactly the network's ``forward``: the input mirrored about its border by the receptive-field
radius (``Slice`` and ``Concat``: :mod:`~srcnn_gui.core.models.border`; pictures at least that radius, 8 pixels at
most, on each side), then for SRCNN the unpadded convolutions with ReLUs between them and, for a
residual model, the input added back; input ``y`` and output ``sr`` are N x 1 x H x W float32, the
bicubic-upscaled luminance in [0, 1] and its refinement. For FSRCNN the input is the low-res luminance, the
convolutions have PReLUs between them, and the deconvolution is the sub-pixel convolution our engine runs
(:mod:`~srcnn_gui.core.models.fsrcnn`): ``Conv`` to scale² maps, ``DepthToSpace`` (mode CRD, torch's
pixel shuffle), and a ``Slice`` onto bicubic's grid; the output is N x 1 x scale H x scale W. Batch, height
and width are free.

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

from srcnn_gui.core.atomic import atomic_write_bytes, destination_problem, write_problem
from srcnn_gui.core.errors import FileWriteError, SrcnnError
from srcnn_gui.core.models.files import load_model
from srcnn_gui.core.models.fsrcnn import FSRCNN, subpixel_kernel, subpixel_taps
from srcnn_gui.core.models.model_info import ModelInfo
from srcnn_gui.core.models.network import SRCNN, Network

OPSET = 17
IR_VERSION = 8  # the oldest IR that opset 17 allows, so older runtimes open the file too
INPUT_NAME, OUTPUT_NAME = "y", "sr"
EXTENDED = "extended"  # the input extended beyond its border, what the first convolution reads
BORDER_PREFIX = "border/"  # the names of the nodes and constants that extend it
ONNX_SUFFIX = ".onnx"


def _onnx() -> Any:
    try:
        import onnx
    except ImportError as exc:
        raise SrcnnError("ONNX export needs the onnx package: pip install 'srcnn-gui[onnx]'") from exc
    return onnx


class _GraphBuilder:
    """Nodes and initialisers of a graph, added one after another from the input ``y``."""

    def __init__(self, onnx: Any) -> None:
        self.helper, self.numpy_helper = onnx.helper, onnx.numpy_helper
        self.nodes: list[Any] = []
        self.initializers: list[Any] = []
        self.current = INPUT_NAME

    def constant(self, name: str, values: np.ndarray) -> str:
        self.initializers.append(self.numpy_helper.from_array(values, name))
        return name

    def node(self, op: str, output: str, *inputs: str, **attributes: Any) -> None:
        self.nodes.append(self.helper.make_node(op, [self.current, *inputs], [output], **attributes))
        self.current = output

    def extend_border(self, radius: int) -> None:
        """The input mirrored about its border by ``radius`` (:mod:`~srcnn_gui.core.models.border`), rows then
        columns: ONNX's ``Pad`` has no such mode, so each side is a ``Slice`` read backwards, joined by ``Concat``.
        Its names start with :data:`BORDER_PREFIX`, its output is :data:`EXTENDED`: a tool that extends the
        border itself drops these nodes (the benchmark's ONNX Runtime peer does)."""
        def ints(name: str, value: int) -> str:
            return self.constant(f"{BORDER_PREFIX}{name}", np.array([value], dtype=np.int64))

        backwards = ints("step", -1)
        before = ints("before.start", radius - 1), ints("before.end", np.iinfo(np.int64).min)
        after = ints("after.start", -1), ints("after.end", -radius - 1)
        for axis, output in ((2, f"{BORDER_PREFIX}rows"), (3, EXTENDED)):
            sides, axes = [], ints(f"axis.{axis}", axis)
            for side, (start, end) in (("before", before), ("after", after)):
                sides.append(f"{BORDER_PREFIX}{side}.{axis}")
                self.nodes.append(self.helper.make_node("Slice", [self.current, start, end, axes, backwards], [sides[-1]]))
            self.nodes.append(self.helper.make_node("Concat", [sides[0], self.current, sides[1]], [output], axis=axis))
            self.current = output

    def conv(self, name: str, weight: np.ndarray, bias: np.ndarray, **attributes: Any) -> None:
        inputs = self.constant(f"{name}.weight", weight), self.constant(f"{name}.bias", bias)
        self.node("Conv", name, *inputs, kernel_shape=list(weight.shape[-2:]), **attributes)


def _array(tensor: Any) -> np.ndarray:
    return tensor.detach().cpu().float().numpy()


def _srcnn_nodes(graph: _GraphBuilder, model: SRCNN) -> None:
    convs = [m for m in model.body if isinstance(m, nn.Conv2d)]
    for index, conv in enumerate(convs, start=1):
        graph.conv(f"conv{index}", _array(conv.weight), _array(conv.bias))
        if index < len(convs):
            graph.node("Relu", f"relu{index}")
    if model.residual:
        graph.node("Add", OUTPUT_NAME, INPUT_NAME)
    else:
        graph.node("Identity", OUTPUT_NAME)


def _fsrcnn_nodes(graph: _GraphBuilder, model: FSRCNN) -> None:
    layers = list(model.body)
    for index, (conv, prelu) in enumerate(zip(layers[::2], layers[1::2], strict=True), start=1):
        graph.conv(f"conv{index}", _array(conv.weight), _array(conv.bias))
        slopes = graph.constant(f"prelu{index}.slope", _array(prelu.weight).reshape(-1, 1, 1))
        graph.node("PRelu", f"prelu{index}", slopes)
    scale, taps = model.scale, subpixel_taps(model.scale)
    phase_bias = np.repeat(_array(model.deconv.bias), scale * scale)
    graph.conv("deconv", _array(subpixel_kernel(model.deconv.weight, scale)), phase_bias, pads=[taps - 1] * 4)
    graph.node("DepthToSpace", "enlarged", blocksize=scale, mode="CRD")
    # The same window as FSRCNN.forward_valid: its start and the rows past its end do not depend on the size.
    start = model.output_start
    end = -(scale * (2 * (model.radius - model.radius_of_convolutions) + taps - 1) - start) or np.iinfo(np.int64).max
    bounds = [graph.constant(name, np.array(values, dtype=np.int64))
              for name, values in (("starts", [start, start]), ("ends", [end, end]), ("axes", [2, 3]))]
    graph.node("Slice", OUTPUT_NAME, *bounds)


def onnx_graph(model: Network, *, scale: int, name: str) -> Any:
    """The network as an ``onnx.ModelProto`` with dynamic batch, height and width."""
    onnx = _onnx()
    helper = onnx.helper
    graph = _GraphBuilder(onnx)
    graph.extend_border(model.radius)
    if model.enlarges:
        _fsrcnn_nodes(graph, model)  # type: ignore[arg-type]
        out_shape: list[Any] = ["batch", 1, f"{scale}*height", f"{scale}*width"]
        described = {"input": "low-res luminance (BT.601 Y, studio range) in [0, 1], N x 1 x H x W float32",
                     "output": f"the luminance enlarged x{scale}, N x 1 x {scale}H x {scale}W (not clipped)"}
    else:
        _srcnn_nodes(graph, model)  # type: ignore[arg-type]
        out_shape = ["batch", 1, "height", "width"]
        described = {"input": "bicubic-upscaled luminance (BT.601 Y, studio range) in [0, 1], N x 1 x H x W float32",
                     "output": "refined luminance, same size (not clipped)"}
    built = helper.make_graph(
        graph.nodes, f"{model.name}-x{scale}",
        [helper.make_tensor_value_info(INPUT_NAME, onnx.TensorProto.FLOAT, ["batch", 1, "height", "width"])],
        [helper.make_tensor_value_info(OUTPUT_NAME, onnx.TensorProto.FLOAT, out_shape)],
        graph.initializers,
    )
    proto = helper.make_model(built, opset_imports=[helper.make_opsetid("", OPSET)], producer_name="srcnn-gui")
    proto.ir_version = IR_VERSION
    helper.set_model_props(proto, {
        "model": name, "arch": model.name, "scale": str(scale), "residual": str(getattr(model, "residual", False)),
        **described,
    })
    onnx.checker.check_model(proto)
    return proto


def export_onnx(info: ModelInfo, destination: str | os.PathLike[str]) -> Path:
    """Write a model as an ONNX file (atomically; an existing file there is replaced). A place where no file
    can be written is refused before the model is read."""
    destination = Path(destination)
    if destination.suffix.lower() != ONNX_SUFFIX:
        raise SrcnnError(f"{destination}: ONNX files end in {ONNX_SUFFIX}")
    problem = destination_problem(destination)
    if problem:
        raise FileWriteError(f"{destination}: cannot write: {problem}")
    model, loaded = load_model(info.path)
    proto = onnx_graph(model, scale=loaded.scale, name=loaded.name)
    try:
        atomic_write_bytes(destination, proto.SerializeToString())
    except OSError as exc:
        raise FileWriteError(f"{destination}: cannot write: {write_problem(exc)}") from exc
    return destination
