"""Model files: writing, reading and checking them.

A model file is a ``torch.save`` of plain values only, so it loads with ``weights_only=True``::

    {"format": "srcnn-gui/1", "scale": 3, "config": {...SRCNN arguments...},
     "state_dict": {...tensors...}, "meta": {...data, epochs, command, measured PSNR...}}

What a file says about itself is read without torch by :mod:`srcnn_gui.core.models.model_info`; the
models on offer are listed and ranked by :mod:`srcnn_gui.core.models.registry`.
"""

from __future__ import annotations

import os
import pickle
from pathlib import Path
from typing import Any

import torch

from srcnn_gui.core.atomic import atomic_path, atomic_write_bytes
from srcnn_gui.core.errors import ConfigError, ModelLoadError
from srcnn_gui.core.models.architecture import network_arguments, weight_shapes
from srcnn_gui.core.models.model_info import WEIGHTS_FORMAT, ModelInfo, check_payload, info_from_payload
from srcnn_gui.core.models.network import SRCNN, Network, build_model, build_network
from srcnn_gui.core.models.scales import serving_passes


def model_from_config(config: dict[str, Any]) -> SRCNN:
    """Build an (untrained) network from the ``config`` saved in a model file (:class:`ConfigError` when it is
    out of bounds: see :func:`~srcnn_gui.core.models.architecture.check_config`)."""
    arguments = network_arguments(config)
    return build_model(arguments.pop("arch"), **arguments)


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


def read_torch_file(path: Path, kind: str) -> Any:
    """Load a ``torch.save`` file of plain values (``weights_only``) onto the CPU.

    ``kind`` names the file in messages ("model file", "training state file"); a missing or
    unreadable file raises :class:`ModelLoadError` naming it.
    """
    if not path.is_file():
        raise ModelLoadError(f"{path}: no such {kind}")
    try:
        return torch.load(path, map_location="cpu", weights_only=True)
    except pickle.UnpicklingError as exc:
        # torch's message advises weights_only=False, i.e. running the file's code: we never do, so it is not repeated.
        if "Unsupported global" in str(exc):
            raise ModelLoadError(
                f"{path}: not a plain-tensor {kind}; it holds Python objects that may run code when loaded, so it is not loaded"
            ) from exc
        detail = str(exc).partition("WeightsUnpickler error:")[2].strip().split("\n")[0] or type(exc).__name__
        raise ModelLoadError(f"{path}: not a readable {kind}: damaged, truncated or not saved by torch ({detail})") from exc
    except Exception as exc:  # torch raises many types for corrupt or foreign files
        first_line = str(exc).splitlines()[0] if str(exc) else ""
        raise ModelLoadError(
            f"{path}: not a readable {kind}: damaged, truncated or not saved by torch ({type(exc).__name__}: {first_line})"
        ) from exc


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
    """Copy a model file to ``destination`` (atomically; an existing file there is replaced)."""
    destination = Path(destination)
    if destination.resolve() == info.path.resolve():
        raise ModelLoadError(f"{destination}: is the model file itself; choose another place")
    atomic_write_bytes(destination, info.path.read_bytes())
    return destination
