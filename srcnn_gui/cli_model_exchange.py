"""Command line for models from and for other tools: ``import``, ``export`` and ``card --versus``.

Kept beside :mod:`srcnn_gui.cli`, which adds these sub-commands; like it, never imports Qt.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def add_parsers(sub: argparse._SubParsersAction) -> None:
    """The ``import`` and ``export`` sub-commands."""
    imp = sub.add_parser("import", help="read a published SRCNN model (.mat, text dumps, PyTorch state dict) as one of ours")
    imp.add_argument("path", type=Path, help="a .mat file, a folder of text dumps (or a file in it), or a .pth state dict")
    imp.add_argument("--scale", type=int, required=True, choices=(2, 3, 4), help="the scale the model was trained for")
    imp.add_argument("--name", help="registry name (default: the file's or folder's name)")
    imp.add_argument("--out", type=Path, help="model file to write (default: NAME.pt in your model folder)")
    imp.add_argument("--data", help="what the model was trained on, for the model card (e.g. ImageNet)")

    exp = sub.add_parser("export", help="write a model in another format")
    exp.add_argument("model", help="model file or registry name")
    exp.add_argument("--onnx", type=Path, required=True, help="ONNX file to write (dynamic height and width)")


def cmd_import(args: argparse.Namespace) -> int:
    from srcnn_gui.core.models.importing import import_model

    info = import_model(args.path, args.scale, name=args.name, out=args.out, data=args.data)
    imported = info.meta["imported"]
    print(f"imported {imported['format']} {args.path} as {info.describe()}")
    print(f"  written to {info.path}; original padding: {imported['original_padding']}")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from srcnn_gui.core.models.onnx_export import export_onnx
    from srcnn_gui.core.models.registry import find_model

    info = find_model(args.model)
    export_onnx(info, args.onnx)
    print(f"exported {info.describe()} to {args.onnx}")
    return 0


def cmd_card_versus(args: argparse.Namespace) -> int:
    """Measure imported models beside our shipped ones; print and update only the side-by-side block."""
    from tqdm import tqdm

    from srcnn_gui.core.atomic import atomic_write_bytes
    from srcnn_gui.core.evaluation.model_card import measure, with_metrics
    from srcnn_gui.core.evaluation.side_by_side import pair_up, put_side_by_side, render_side_by_side
    from srcnn_gui.core.models.registry import find_model, list_models
    from srcnn_gui.core.paths import datasets_dir

    datasets = args.datasets or datasets_dir()
    pairings = pair_up([find_model(name) for name in args.versus], list_models())
    measured = {}
    for info in tqdm({m.path: m for theirs, ours in pairings for m in [theirs, *ours]}.values(),
                     unit="model", desc="measuring", file=sys.stderr):
        measured[info.path] = with_metrics(info, measure(info, datasets))
    block = render_side_by_side([(measured[t.path], [measured[m.path] for m in ours]) for t, ours in pairings])
    print(block)
    for doc in args.update:
        atomic_write_bytes(doc, put_side_by_side(doc.read_text(encoding="utf-8"), block).encode("utf-8"))
    return 0
