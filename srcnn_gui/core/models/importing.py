"""Import published SRCNN models into our model format, with where they came from in the metadata.

Three sources are read:

- the authors' MATLAB ``.mat`` files and text dumps of the same arrays (:mod:`srcnn_gui.core.models.matlab_arrays`);
- PyTorch state dicts of the common reimplementations: ``conv1/conv2/conv3.weight|bias``
  (optionally under DataParallel's ``module.`` prefix), loaded with ``weights_only=True``; and FSRCNN's
  ``first_part/mid_part/last_part`` (:mod:`~srcnn_gui.core.models.fsrcnn_import`).

The weights are used as they are; only the border handling changes. The authors replicate the
border before every layer, the reimplementations zero-pad every layer; our network mirrors the
input about its border once by its receptive-field radius (:mod:`~srcnn_gui.core.models.border`) and
runs unpadded layers (see :mod:`srcnn_gui.core.models.network`). Inside the picture all three agree, so the original convention is
recorded in the metadata rather than copied.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import torch

from srcnn_gui.core.atomic import destination_problem, write_problem
from srcnn_gui.core.errors import FileWriteError, ModelImportError, ModelLoadError
from srcnn_gui.core.file_kinds import not_a_regular_file, refusal
from srcnn_gui.core.models.files import save_model
from srcnn_gui.core.models.fsrcnn_import import REIMPLEMENTATION_GEOMETRY, fsrcnn_from_state, is_fsrcnn_state
from srcnn_gui.core.models.matlab_arrays import LAYER_COUNT, ConvLayer, is_text_dump, layers_from_matlab, read_mat, read_text_dump
from srcnn_gui.core.models.model_info import MODEL_SUFFIX, WEIGHTS_FORMAT, ModelInfo, read_info
from srcnn_gui.core.models.network import SRCNN, build_model
from srcnn_gui.core.models.registry import list_models
from srcnn_gui.core.models.safe_loading import read_torch_file
from srcnn_gui.core.paths import user_weights_dir

MATLAB_MAT = "matlab-mat"
MATLAB_TEXT = "matlab-text-dump"
TORCH_STATE_DICT = "torch-state-dict"
TORCH_FSRCNN_STATE_DICT = "torch-fsrcnn-state-dict"

AUTHORS_PADDING = "replicate before every layer (the authors' SRCNN.m: imfilter 'same', 'replicate')"
REIMPLEMENTATION_PADDING = "zeros before every layer (nn.Conv2d padding = kernel // 2, the common reimplementations' choice)"
OUR_PADDING = "input mirrored about its border once by the receptive-field radius, unpadded layers"

_MAT_MAGIC = b"MATLAB"
_TORCH_MAGICS = (b"PK\x03\x04", b"\x80")  # a zip archive (torch >= 1.6) or a legacy pickle
_SCALE_IN_NAME = re.compile(r"(?<![0-9a-z])x([2-9])(?![0-9])", re.I)


@dataclass(frozen=True)
class PublishedModel:
    """Weights read from a published model, before they become one of our models."""

    source: Path
    format: str
    padding: str
    layers: list[ConvLayer]
    files: list[Path]
    fsrcnn_state: dict[str, Any] | None = None  # an FSRCNN's weights by the reimplementation's names (no layers)


def read_published(path: str | os.PathLike[str]) -> PublishedModel:
    """Read a ``.mat`` file, a text-dump folder (or a file in it) or a PyTorch state dict."""
    path = Path(path)
    if not path.exists():
        raise ModelImportError(f"{path}: no such file or folder")
    if is_text_dump(path):
        folder = path if path.is_dir() else path.parent
        layers = layers_from_matlab(folder, read_text_dump(folder))
        files = [file for file in sorted(folder.glob("*.txt")) if not_a_regular_file(file) is None]  # a pipe would hang the digest
        return PublishedModel(folder, MATLAB_TEXT, AUTHORS_PADDING, layers, files)
    if path.is_dir():
        raise ModelImportError(f"{path}: a folder, but not one of model text dumps (weights_conv1.txt ...)")
    problem = refusal(path, "model file")
    if problem:
        raise ModelImportError(problem)
    with path.open("rb") as handle:
        head = handle.read(8)
    if head.startswith(_MAT_MAGIC) or (path.suffix.lower() == ".mat" and not head.startswith(_TORCH_MAGICS)):
        return PublishedModel(path, MATLAB_MAT, AUTHORS_PADDING, layers_from_matlab(path, read_mat(path)), [path])
    if head.startswith(_TORCH_MAGICS):
        state = _read_state_dict(path)
        if is_fsrcnn_state(state):
            return PublishedModel(path, TORCH_FSRCNN_STATE_DICT, REIMPLEMENTATION_GEOMETRY, [], [path], state)
        return PublishedModel(path, TORCH_STATE_DICT, REIMPLEMENTATION_PADDING, _srcnn_layers(path, state), [path])
    raise ModelImportError(f"{path}: not a model format srcnn-gui imports "
                           "(a MATLAB .mat file, a folder of text dumps, or a PyTorch state dict)")


def _read_state_dict(path: Path) -> dict[str, Any]:
    """A state dict's named values, without DataParallel's ``module.`` prefix."""
    try:
        payload = read_torch_file(path, "PyTorch state dict")
    except ModelLoadError as exc:  # one exception type for every import problem
        raise ModelImportError(str(exc)) from exc
    if isinstance(payload, dict) and payload.get("format") == WEIGHTS_FORMAT:
        raise ModelImportError(f"{path}: already an srcnn-gui model file; use it as it is (or copy it to your model folder)")
    if not isinstance(payload, dict) or not all(isinstance(k, str) for k in payload):
        raise ModelImportError(f"{path}: not a state dict (a dictionary of named tensors)")
    return {key.removeprefix("module."): value for key, value in payload.items()}


def _srcnn_layers(path: Path, state: dict[str, Any]) -> list[ConvLayer]:
    expected = [f"conv{i}.{part}" for i in range(1, LAYER_COUNT + 1) for part in ("weight", "bias")]
    missing = [key for key in expected if key not in state]
    if missing:
        found = ", ".join(sorted(state)[:8]) or "none"
        raise ModelImportError(f"{path}: not an SRCNN state dict: no {', '.join(missing)} (keys found: {found})")
    extra = sorted(set(state) - set(expected))
    if extra:
        raise ModelImportError(f"{path}: more than three convolutions' weights ({', '.join(extra[:4])}); "
                               "srcnn-gui imports three-layer SRCNN models")
    for key in expected:
        if not isinstance(state[key], torch.Tensor):
            raise ModelImportError(f"{path}: {key} is not a tensor")
    return [(state[f"conv{i}.weight"].float(), state[f"conv{i}.bias"].float()) for i in range(1, LAYER_COUNT + 1)]


def _check_layers(source: Path, layers: list[ConvLayer]) -> None:
    """Raise :class:`ModelImportError` unless the layers form a one-channel-in, one-channel-out SRCNN."""
    channels = 1
    for index, (weight, bias) in enumerate(layers, start=1):
        shape = " x ".join(map(str, weight.shape))
        if weight.dim() != 4 or weight.shape[2] != weight.shape[3] or weight.shape[2] % 2 == 0:
            raise ModelImportError(f"{source}: layer {index} weights are {shape}; expected out x in x k x k with an odd k")
        if weight.shape[1] != channels:
            what = "luminance (1 channel)" if index == 1 else f"the {channels} maps of layer {index - 1}"
            raise ModelImportError(f"{source}: layer {index} takes {weight.shape[1]} input channels ({shape}); "
                                   f"it must take {what}")
        if bias.shape != (weight.shape[0],):
            raise ModelImportError(f"{source}: layer {index} has {bias.numel()} biases for {weight.shape[0]} filters")
        for what, tensor in (("weights", weight), ("biases", bias)):
            bad = int((~torch.isfinite(tensor)).sum())
            if bad:
                raise ModelImportError(f"{source}: layer {index} {what} hold {bad} NaN or infinite value(s)")
        channels = weight.shape[0]
    if channels != 1:
        raise ModelImportError(f"{source}: the last layer gives {channels} channels; SRCNN gives one (luminance)")


def network_from_layers(source: Path, layers: list[ConvLayer]) -> SRCNN:
    """Our network (eval mode) holding exactly the given weights."""
    if len(layers) != LAYER_COUNT:
        raise ModelImportError(f"{source}: {len(layers)} layers; srcnn-gui imports three-layer SRCNN models")
    _check_layers(source, layers)
    arch = "-".join(str(weight.shape[-1]) for weight, _ in layers)
    model = build_model(arch, n1=layers[0][0].shape[0], n2=layers[1][0].shape[0])
    convs = [m for m in model.body if isinstance(m, torch.nn.Conv2d)]
    with torch.no_grad():
        for conv, (weight, bias) in zip(convs, layers, strict=True):
            conv.weight.copy_(weight)
            conv.bias.copy_(bias)
    return model.eval()


def sha256_of(path: Path) -> str:
    """Hex SHA-256 of a file's bytes."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def provenance(published: PublishedModel) -> dict[str, Any]:
    """What the model file records about the file it was imported from."""
    return {
        "source": str(published.source.resolve()),
        "format": published.format,
        "sha256": {f.name: sha256_of(f) for f in published.files},
        "original_padding": published.padding,
        "padding_here": OUR_PADDING,
    }


def default_name(path: Path) -> str:
    """The registry name an import gets unless one is given: the file's stem or the dump folder's name."""
    if is_text_dump(path):
        return (path if path.is_dir() else path.parent).name
    return path.stem


def scale_from_name(path: Path) -> int | None:
    """The scale a published file's name or folder states (``x4.mat``, ``...-x3/``), if it states one."""
    found = _SCALE_IN_NAME.findall(f"{path.parent.name}/{path.name}")
    return int(found[-1]) if found else None


def import_model(
    path: str | os.PathLike[str],
    scale: int,
    *,
    name: str | None = None,
    out: str | os.PathLike[str] | None = None,
    data: str | None = None,
) -> ModelInfo:
    """Read a published model and save it as one of ours; by default into the user's model folder.

    ``data`` says what the model was trained on (for the model card). An existing model file or a
    name the registry already knows is never replaced.
    """
    path = Path(path)
    if scale < 2:
        raise ModelImportError(f"{path}: scale x{scale}: SRCNN models upscale by 2 or more")
    target = _import_target(path, name, out)
    published = read_published(path)
    changes: dict[str, Any] = {}
    if published.fsrcnn_state is not None:
        model, changes = fsrcnn_from_state(published.source, published.fsrcnn_state, scale)
    else:
        model = network_from_layers(published.source, published.layers)
    meta = {"imported": {**provenance(published), **changes}, "data": [data] if data else None}
    try:
        saved = save_model(target, model, scale, meta)
    except OSError as exc:
        raise FileWriteError(f"{target}: cannot write: {write_problem(exc)}") from exc
    return read_info(saved)


def _import_target(path: Path, name: str | None, out: str | os.PathLike[str] | None) -> Path:
    """The model file an import writes, checked before the published file is read: a usable name that no
    model has yet, in a place where a file can be written."""
    name = name or default_name(path)
    if not name or Path(name).name != name or name.startswith("."):
        raise ModelImportError(f"{name!r}: not a usable model name (no folders, not empty)")
    target = Path(out) if out is not None else user_weights_dir() / f"{name}{MODEL_SUFFIX}"
    if target.suffix != MODEL_SUFFIX:
        raise ModelImportError(f"{target}: model files end in {MODEL_SUFFIX}")
    if target.exists() or target.is_symlink():
        raise ModelImportError(f"{target}: already exists; choose another name or output file")
    clash = next((m for m in list_models() if m.name == target.stem), None)
    if clash is not None:
        raise ModelImportError(f"a model named '{target.stem}' already exists ({clash.path}); choose another name")
    problem = destination_problem(target)
    if problem:
        raise FileWriteError(f"{target}: cannot write: {problem}")
    return target
