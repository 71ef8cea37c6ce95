"""``srcnn-gui models``, ``import`` and ``export``: the models on offer, and models from and for other tools."""

from __future__ import annotations

import argparse
from pathlib import Path

from srcnn_gui.core.errors import ModelLoadError
from srcnn_gui.core.models.model_info import ModelInfo
from srcnn_gui.core.models.scales import SCALES


def add_parsers(sub: argparse._SubParsersAction) -> None:
    """The ``models``, ``import`` and ``export`` sub-commands."""
    sub.add_parser("models", help="list the models the registry knows")
    imp = sub.add_parser("import", help="read a published SRCNN model (.mat, text dumps, PyTorch state dict) as one of ours")
    imp.add_argument("path", type=Path, help="a .mat file, a folder of text dumps (or a file in it), or a .pth state dict")
    imp.add_argument("--scale", type=int, required=True, choices=SCALES, help="the scale the model was trained for")
    imp.add_argument("--name", help="registry name (default: the file's or folder's name)")
    imp.add_argument("--out", type=Path, help="model file to write (default: NAME.pt in your model folder)")
    imp.add_argument("--data", help="what the model was trained on, for the model card (e.g. ImageNet)")

    exp = sub.add_parser("export", help="write a model in another format")
    exp.add_argument("model", help="model file or registry name")
    exp.add_argument("--onnx", type=Path, required=True, help="ONNX file to write (dynamic height and width)")


def cmd_models(_: argparse.Namespace) -> int:
    """Each model the registry knows (``*``: the user's), the one that runs by default at each scale marked, then the
    files that are no usable model."""
    from srcnn_gui.core.models.registry import scan_models

    models, unusable = scan_models()
    defaults = {info.path: scale for scale, info in _defaults().items()}
    for info in models:
        mark = f"  <- default at x{defaults[info.path]}" if info.path in defaults else ""
        print(("  " if info.shipped else "* ") + info.describe() + mark)
    if not models:
        print("no models found")
    for problem in unusable:
        print(f"! unusable: {problem}")
    return 0


def _defaults() -> dict[int, ModelInfo]:
    """The model that runs by default at each scale that has one."""
    from srcnn_gui.core.models.registry import default_model

    found = {}
    for scale in SCALES:
        try:
            found[scale] = default_model(scale)
        except ModelLoadError:
            continue
    return found


def cmd_import(args: argparse.Namespace) -> int:
    """Read a published model as one of ours, in the user's model folder unless ``--out`` says otherwise."""
    from srcnn_gui.core.models.importing import import_model

    info = import_model(args.path, args.scale, name=args.name, out=args.out, data=args.data)
    imported = info.meta["imported"]
    print(f"imported {imported['format']} {args.path} as {info.describe()}")
    print(f"  written to {info.path}; original padding: {imported['original_padding']}")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    """Write a model as ONNX."""
    from srcnn_gui.core.models.onnx_export import export_onnx
    from srcnn_gui.core.models.registry import find_model

    info = find_model(args.model)
    export_onnx(info, args.onnx)
    print(f"exported {info.describe()} to {args.onnx}")
    return 0


# Each sub-command and the function that runs it.
COMMANDS = {"models": cmd_models, "import": cmd_import, "export": cmd_export}
