"""Safe model loading: the only two ways a model or training file is read, neither of which runs its code.

A ``.pt`` file is a pickle, and unpickling can run any code a file names. So files are read either
by torch with ``weights_only=True`` (:func:`read_torch_file`: plain values and tensors only), or, to
list models in a millisecond without importing torch, by :func:`read_metadata`, whose allow-list is
narrower still and which leaves the tensors unread.
"""

from __future__ import annotations

import collections
import pickle
import zipfile
from pathlib import Path
from typing import Any

from srcnn_gui.core.errors import ModelLoadError
from srcnn_gui.core.file_kinds import refusal


def check_openable(path: Path, kind: str) -> None:
    """Raise :class:`ModelLoadError` naming ``path`` unless it is a regular file we may read; asked before a
    model or training file is opened, since opening a named pipe would wait for a writer forever."""
    problem = refusal(path, kind)
    if problem:
        raise ModelLoadError(problem)


def read_torch_file(path: Path, kind: str) -> Any:
    """Load a ``torch.save`` file of plain values (``weights_only``) onto the CPU.

    ``kind`` names the file in messages ("model file", "training state file"); a missing or
    unreadable file raises :class:`ModelLoadError` naming it.
    """
    check_openable(path, kind)
    import torch  # here, not above: listing models reads metadata without torch, which takes seconds to import

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


class _UnreadTensor:
    """Where a tensor stands in a payload read by :func:`read_info` (its data stays in the file)."""


def _unread_tensor(*_: Any) -> _UnreadTensor:
    return _UnreadTensor()


class _MetadataUnpickler(pickle.Unpickler):
    """``data.pkl`` of a model file: plain values, an OrderedDict of tensors, nothing else."""

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) == ("collections", "OrderedDict"):
            return collections.OrderedDict
        if module == "torch._utils" and name in ("_rebuild_tensor_v2", "_rebuild_parameter"):
            return _unread_tensor
        if module == "torch" and name.endswith("Storage"):
            return name  # only named in the tensors' storage references, which are never followed
        raise pickle.UnpicklingError(f"{module}.{name} is not allowed in a model file")

    def persistent_load(self, pid: Any) -> None:
        return None  # a tensor's storage: not read


def read_metadata(path: Path) -> Any:
    """The pickled payload of a ``torch.save`` zip with every tensor left unread (its data stays in the file):
    plain values only, by an allow-list narrower than torch's ``weights_only``; raises on anything else."""
    check_openable(path, "model file")
    with zipfile.ZipFile(path) as archive:
        (pickled,) = [name for name in archive.namelist() if name.endswith("/data.pkl") and name.count("/") == 1]
        with archive.open(pickled) as stream:
            return _MetadataUnpickler(stream).load()
