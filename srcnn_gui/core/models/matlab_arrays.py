"""The SRCNN authors' MATLAB model layout: reading the arrays and turning them into convolution weights.

The authors publish each model as MATLAB variables ``weights_conv1..3`` and ``biases_conv1..3``,
either as a ``.mat`` file or (``../shared/models``) as text dumps: a first line with the array's
MATLAB size, then its values in MATLAB's column-major order (``x(:)``). Both readers return numpy
arrays with the MATLAB shape and indexing, ``a[i, j] == x(i+1, j+1)``.

Layout of a 9-5-5 model with ``n1 = 64``, ``n2 = 32`` maps (the authors' ``SRCNN.m``):

- ``weights_conv1`` is 81 x 64: column i is filter i, ``reshape(w(:, i), 9, 9)`` (column-major);
- ``weights_conv2`` is 64 x 25 x 32: ``reshape(w(j, :, i), 5, 5)`` maps j to map i; for a 1x1
  middle layer (9-1-5) MATLAB drops the singleton and the array is 64 x 32;
- ``weights_conv3`` is 32 x 25: row j is the 5x5 kernel from map j to the output.

``SRCNN.m`` applies each kernel with ``imfilter``, which is a correlation, like ``torch.conv2d``,
so the kernels are used as they are, with MATLAB's rows as image rows (no flip, no transpose).
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import torch

from srcnn_gui.core.errors import ModelImportError

LAYER_COUNT = 3
WEIGHT_NAMES = tuple(f"weights_conv{i}" for i in range(1, LAYER_COUNT + 1))
BIAS_NAMES = tuple(f"biases_conv{i}" for i in range(1, LAYER_COUNT + 1))
VARIABLE_NAMES = WEIGHT_NAMES + BIAS_NAMES
TEXT_SUFFIX = ".txt"

ConvLayer = tuple[torch.Tensor, torch.Tensor]  # (weight out x in x kh x kw, bias out), torch's layout


def read_mat(path: Path) -> dict[str, np.ndarray]:
    """The six model variables of a MATLAB ``.mat`` file (v4 to v7; v7.3 is HDF5 and refused)."""
    from scipy.io import loadmat  # scipy is slow to import and only needed here

    try:
        variables = loadmat(path)
    except NotImplementedError as exc:  # scipy's way of saying "v7.3"
        raise ModelImportError(f"{path}: a MATLAB v7.3 (HDF5) file; save it again with save(..., '-v7')") from exc
    except Exception as exc:  # scipy raises ValueError, TypeError, OSError... for foreign or damaged files
        raise ModelImportError(f"{path}: not a readable MATLAB .mat file ({type(exc).__name__}: {exc})") from exc
    return _pick_variables(path, {k: v for k, v in variables.items() if not k.startswith("__")})


def read_text_dump(path: Path) -> dict[str, np.ndarray]:
    """The six model variables from a folder of text dumps (``path`` is the folder or a file in it)."""
    folder = path if path.is_dir() else path.parent
    missing = [name for name in VARIABLE_NAMES if not (folder / f"{name}{TEXT_SUFFIX}").is_file()]
    if missing:
        raise ModelImportError(f"{folder}: not a model dump folder ({', '.join(n + TEXT_SUFFIX for n in missing)} missing)")
    return {name: _read_text_array(folder / f"{name}{TEXT_SUFFIX}") for name in VARIABLE_NAMES}


def is_text_dump(path: Path) -> bool:
    """Whether ``path`` is a text-dump folder or one of its files."""
    folder = path if path.is_dir() else path.parent
    return (path.is_dir() or path.suffix == TEXT_SUFFIX) and (folder / f"{WEIGHT_NAMES[0]}{TEXT_SUFFIX}").is_file()


def _read_text_array(path: Path) -> np.ndarray:
    header, _, body = path.read_text(encoding="ascii", errors="replace").partition("\n")
    try:
        size = tuple(int(v) for v in header.split())
        values = np.array(body.split(), dtype=np.float64)
    except ValueError as exc:
        raise ModelImportError(f"{path}: expected a line with the array size, then numbers ({exc})") from exc
    if not size or any(v < 1 for v in size):
        raise ModelImportError(f"{path}: the first line gives no array size ({header.strip()[:40]!r})")
    if values.size != math.prod(size):
        raise ModelImportError(f"{path}: {values.size} values, but the size line says {' x '.join(map(str, size))} "
                               f"= {math.prod(size)}")
    return values.reshape(size, order="F")


def _pick_variables(path: Path, variables: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    missing = [name for name in VARIABLE_NAMES if name not in variables]
    if missing:
        found = ", ".join(sorted(variables)) or "none"
        raise ModelImportError(f"{path}: not an SRCNN model file: no {', '.join(missing)} (variables found: {found})")
    picked = {}
    for name in VARIABLE_NAMES:
        value = variables[name]
        if not isinstance(value, np.ndarray) or not np.issubdtype(value.dtype, np.number):
            raise ModelImportError(f"{path}: {name} is not a numeric array")
        picked[name] = value
    return picked


def _kernel_side(source: Path, name: str, shape: tuple[int, ...], taps: int) -> int:
    side = math.isqrt(taps)
    if side * side != taps:
        raise ModelImportError(f"{source}: {name} is {' x '.join(map(str, shape))}: {taps} is not the square of a kernel side")
    return side


def layers_from_matlab(source: Path, arrays: dict[str, np.ndarray]) -> list[ConvLayer]:
    """Convolution weights in torch's layout from the authors' arrays (see the module docstring)."""
    w1, w2, w3 = (np.asarray(arrays[name], dtype=np.float64) for name in WEIGHT_NAMES)
    if w1.ndim != 2:
        raise ModelImportError(f"{source}: weights_conv1 is {' x '.join(map(str, w1.shape))}; expected taps x filters (e.g. 81 x 64)")
    f1 = _kernel_side(source, "weights_conv1", w1.shape, w1.shape[0])
    conv1 = w1.reshape(f1, f1, w1.shape[1], order="F").transpose(2, 0, 1)[:, None]
    if w2.ndim == 2:  # a 1x1 layer: MATLAB dropped the singleton tap dimension
        w2 = w2[:, None, :]
    if w2.ndim != 3:
        raise ModelImportError(f"{source}: weights_conv2 is {' x '.join(map(str, w2.shape))}; expected n1 x taps x n2 (e.g. 64 x 25 x 32)")
    f2 = _kernel_side(source, "weights_conv2", w2.shape, w2.shape[1])
    conv2 = w2.reshape(w2.shape[0], f2, f2, w2.shape[2], order="F").transpose(3, 0, 1, 2)
    if w3.ndim != 2:
        raise ModelImportError(f"{source}: weights_conv3 is {' x '.join(map(str, w3.shape))}; expected n2 x taps (e.g. 32 x 25)")
    f3 = _kernel_side(source, "weights_conv3", w3.shape, w3.shape[1])
    conv3 = w3.reshape(w3.shape[0], f3, f3, order="F")[None]
    weights = (conv1, conv2, conv3)
    biases = [np.asarray(arrays[name], dtype=np.float64).reshape(-1) for name in BIAS_NAMES]
    return [(torch.from_numpy(np.ascontiguousarray(w)).float(), torch.from_numpy(b).float()) for w, b in zip(weights, biases, strict=True)]

