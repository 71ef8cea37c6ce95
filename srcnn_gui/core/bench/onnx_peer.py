"""ONNX Runtime as a peer in the benchmark: the same network, as other tools (chaiNNer, OpenCV) would run it.

The model goes through :func:`~srcnn_gui.core.models.onnx_export.onnx_graph` (the file ``srcnn-gui
export --onnx`` writes) into ONNX Runtime's CPU provider with every graph optimisation on. Two
configurations, and the benchmark reports the faster of the two in each row, as ONNX Runtime's best:

- ``whole``: the whole picture in one call, ``threads`` intra-op threads (how a user calls it);
- ``tiles``: tiles of :data:`~srcnn_gui.core.inference.tiling.DEFAULT_TILE_SIDE` with the radius of
  context, one single-threaded session per thread, ``threads`` tiles at a time (the engine's own
  scheme, which avoided a thread barrier per layer on a busy machine). The graph's border extension is
  dropped for this, so a tile costs ONNX Runtime what it costs the engine (a residual model keeps
  it and pays for the padded border: none is shipped). FSRCNN's tiles are cut in low-res space, as the
  engine cuts them, and each gives ``scale`` times its size.

onnxruntime is an optional extra (``pip install 'srcnn-gui[onnx]'``); :func:`available` says whether
it is installed.
"""

from __future__ import annotations

import importlib.util
import queue
from collections.abc import Callable
from typing import Any

import numpy as np

from srcnn_gui.core.inference.tiling import DEFAULT_TILING, Tiling, run_tiled, tile_boxes
from srcnn_gui.core.models.border import extend_border
from srcnn_gui.core.models.network import Network
from srcnn_gui.core.models.onnx_export import BORDER_PREFIX, EXTENDED, INPUT_NAME, onnx_graph

CONFIGURATIONS = ("whole", "tiles")


def available() -> bool:
    """Whether onnxruntime (and onnx, to build the graph) are installed."""
    return all(importlib.util.find_spec(name) is not None for name in ("onnxruntime", "onnx"))


def _session(graph: bytes, threads: int) -> Any:
    import onnxruntime

    options = onnxruntime.SessionOptions()
    options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_ALL
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    return onnxruntime.InferenceSession(graph, options, providers=["CPUExecutionProvider"])


def _without_border(proto: Any) -> bool:
    """Drop the graph's border extension (the convolutions then read ``y`` itself); False where the residual needs it."""
    nodes = list(proto.graph.node)
    border = [node for node in nodes if any(name.startswith(BORDER_PREFIX) or name == EXTENDED for name in node.output)]
    if any(INPUT_NAME in node.input for node in nodes if node not in border):
        return False
    for node in border:
        proto.graph.node.remove(node)
    for node in proto.graph.node:
        node.input[:] = [INPUT_NAME if name == EXTENDED else name for name in node.input]
    for constant in [init for init in proto.graph.initializer if init.name.startswith(BORDER_PREFIX)]:
        proto.graph.initializer.remove(constant)
    return True


def ort_refine(model: Network, configuration: str, threads: int) -> Callable[[np.ndarray], np.ndarray]:
    """A function from the network's input (a bicubic luminance; FSRCNN: the low-res one) to ONNX Runtime's
    output for it, in ``configuration``."""
    if configuration not in CONFIGURATIONS:
        raise ValueError(f"unknown ONNX Runtime configuration {configuration!r} (choose from {', '.join(CONFIGURATIONS)})")
    proto = onnx_graph(model, scale=1, name=model.name)
    if configuration == "whole":
        session = _session(proto.SerializeToString(), threads)

        def whole(y: np.ndarray) -> np.ndarray:
            return session.run(None, {INPUT_NAME: np.ascontiguousarray(y, dtype=np.float32)[None, None]})[0][0, 0]

        return whole
    r, factor = model.radius, model.input_factor
    cut = 0 if _without_border(proto) else r  # a padded graph returns the context's outputs too
    tiling = Tiling(max(1, DEFAULT_TILING.side // factor))  # type: ignore[operator]
    graph = proto.SerializeToString()
    sessions: queue.SimpleQueue[Any] = queue.SimpleQueue()
    for _ in range(threads):
        sessions.put(_session(graph, 1))

    def network(patch: np.ndarray) -> np.ndarray:
        session = sessions.get()
        try:
            result = session.run(None, {INPUT_NAME: np.ascontiguousarray(patch)[None, None]})[0][0, 0]
        finally:
            sessions.put(session)
        return result[cut : result.shape[0] - cut, cut : result.shape[1] - cut]

    def tiled(y: np.ndarray) -> np.ndarray:
        padded = extend_border(np.asarray(y, dtype=np.float32), r)
        out = np.empty((y.shape[0] * factor, y.shape[1] * factor), np.float32)
        run_tiled(network, padded, out, r, tile_boxes(*y.shape, tiling), workers=threads, factor=factor)
        return out

    return tiled
