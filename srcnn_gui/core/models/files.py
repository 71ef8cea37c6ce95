"""Model files: writing, reading and checking them.

A model file is a ``torch.save`` of plain values only, so it loads with ``weights_only=True``::

    {"format": "srcnn-gui/1", "scale": 3, "config": {...SRCNN arguments...},
     "state_dict": {...tensors...}, "meta": {...data, epochs, command, measured PSNR...}}

Files are read only by :mod:`srcnn_gui.core.models.safe_loading` (nothing in a file can run code);
what a file says about itself is read without torch by :mod:`srcnn_gui.core.models.model_info`; the
models on offer are listed and ranked by :mod:`srcnn_gui.core.models.registry`.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import torch

from srcnn_gui.core.atomic import atomic_path, atomic_write_bytes, destination_problem, write_problem
from srcnn_gui.core.errors import ConfigError, FileWriteError, ModelLoadError
from srcnn_gui.core.models.architecture import network_arguments, weight_shapes
from srcnn_gui.core.models.model_info import WEIGHTS_FORMAT, ModelInfo, check_payload, info_from_payload
from srcnn_gui.core.models.network import Network, build_network
from srcnn_gui.core.models.safe_loading import check_openable, read_torch_file
from srcnn_gui.core.models.scales import serving_passes


def save_model(path: str | os.PathLike[str], model: Network, scale: int, meta: dict[str, Any] | None = None) -> Path:
    """Write a model file atomically (temporary file renamed into place)."""
    path = Path(path)
    payload = {
        "format": WEIGHTS_FORMAT,
        "scale": int(scale),
        "config": model.config(),
        "state_dict": {k: v.detach().to("cpu", torch.float32).clone() for k, v in model.state_dict().items()},
        "meta": dict(meta or {}),
    }
    with atomic_path(path) as tmp:
        torch.save(payload, tmp)
    return path


def _read(path: Path) -> dict[str, Any]:
    return check_payload(path, read_torch_file(path, "model file"))


def _mismatches(path: Path, arch: str, expected: dict[str, tuple[int, ...]], found: dict[str, Any]) -> str | None:
    """Why ``found`` weights cannot be loaded into a network whose state has the ``expected`` shapes."""
    problems = [f"{name} missing" for name in expected if name not in found]
    problems += [f"unexpected {name}" for name in found if name not in expected]
    problems += [f"{name} is not a tensor" for name in expected if name in found and not isinstance(found[name], torch.Tensor)]
    problems += [
        f"{name} is {tuple(found[name].shape)}, {arch} needs {shape}"
        for name, shape in expected.items()
        if isinstance(found.get(name), torch.Tensor) and tuple(found[name].shape) != shape
    ]
    if not problems:
        return None
    more = f" and {len(problems) - 3} more" if len(problems) > 3 else ""
    return f"{path}: the weights are not those of the {arch} network the file declares ({'; '.join(problems[:3])}{more})"


def check_scale(info: ModelInfo, factor: float) -> None:
    """Raise :class:`ModelLoadError` unless the model runs the first pass at ``factor`` (:func:`serving_passes`)."""
    first = serving_passes(factor)[0]
    if info.scale != first:
        raise ModelLoadError(f"{info.path}: a x{info.scale} model cannot upscale x{factor:g}; choose a x{first} model")


def load_model(path: str | os.PathLike[str]) -> tuple[Network, ModelInfo]:
    """The network (on the CPU, in eval mode) and its metadata from a model file."""
    path = Path(path)
    payload = _read(path)
    info = info_from_payload(path, payload)
    try:
        arguments = network_arguments(info.config)
        shapes = weight_shapes(arguments)
    except ConfigError as exc:
        raise ModelLoadError(f"{path}: unknown network '{info.arch}' ({exc})") from exc
    weights = payload["state_dict"]
    # Shapes and values are checked before the network is built, so a file cannot make us allocate for nothing.
    problem = _mismatches(path, info.arch, shapes, weights)
    if problem:
        raise ModelLoadError(problem)
    broken = [name for name in shapes if not torch.isfinite(weights[name]).all()]
    if broken:
        raise ModelLoadError(f"{path}: the weights hold NaN or infinite values ({', '.join(broken)}); the file is damaged")
    model = build_network(arguments)
    try:
        model.load_state_dict(weights)
    except (KeyError, ValueError, RuntimeError) as exc:
        raise ModelLoadError(f"{path}: weights do not fit the model they describe ({exc})") from exc
    return model.eval(), info


def export_model(info: ModelInfo, destination: str | os.PathLike[str]) -> Path:
    """Copy a model file to ``destination`` (atomically; an existing file there is replaced); a place where no
    file can be written raises :class:`FileWriteError` naming it."""
    destination = Path(destination)
    if destination.resolve() == info.path.resolve():
        raise ModelLoadError(f"{destination}: is the model file itself; choose another place")
    problem = destination_problem(destination)
    if problem:
        raise FileWriteError(f"{destination}: cannot write: {problem}")
    check_openable(info.path, "model file")
    data = info.path.read_bytes()
    try:
        atomic_write_bytes(destination, data)
    except OSError as exc:
        raise FileWriteError(f"{destination}: cannot write: {write_problem(exc)}") from exc
    return destination
