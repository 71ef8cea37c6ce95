"""``srcnn-gui gui`` (and ``srcnn-gui photo.jpg ...``): what the window is asked for, checked before it opens.

The window itself is opened by :mod:`srcnn_gui.entry`: nothing in :mod:`srcnn_gui.cli` imports the GUI,
not even lazily (an import-linter contract), so every command runs where Qt cannot.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from srcnn_gui.cli.options import checked_by
from srcnn_gui.core.errors import ConfigError
from srcnn_gui.core.models.scales import SIZE_HELP, parse_request

# The window's --scale: a factor we offer or an output size, passed on as typed.
window_scale = checked_by(parse_request)


def add_parsers(sub: argparse._SubParsersAction) -> None:
    """The ``gui`` sub-command."""
    gui = sub.add_parser("gui", help="open the desktop window (the default without a command; "
                         "`srcnn-gui photo.jpg ...` opens pictures in it)")
    gui.add_argument("files", nargs="*", help="pictures or folders to open")
    gui.add_argument("--scale", type=window_scale, help=f"what the Scale field asks for: {SIZE_HELP}")
    gui.add_argument("--model", help="model file or registry name to select (default: the remembered or best one)")
    gui.add_argument("--view", choices=("split", "side", "difference"), help="how to compare")
    gui.add_argument("--mode", choices=("upscale", "evaluate"))
    gui.add_argument("--zoom", type=float, help="zoom factor for --screenshot (default: fit)")
    gui.add_argument("--screenshot", type=Path, help="save a picture of the window when done, then quit")


def window_options(args: argparse.Namespace) -> dict:
    """What ``gui`` asks the window for (:func:`srcnn_gui.gui.app.build_window`): the files, view, mode,
    the Scale field's text and the model file; without ``--scale`` a named model brings its own scale."""
    options = {"files": args.files, "view": args.view, "mode": args.mode, "scale": args.scale, "model": None}
    if not args.model:
        return options
    from srcnn_gui.core.models.registry import find_model

    info = find_model(args.model)
    options["model"] = info.path
    if args.scale is None:
        options["scale"] = f"x{info.scale}"
        return options
    request = parse_request(args.scale)
    if request.factor is None:
        raise ConfigError(f"--model {args.model} goes with a factor: an output size ({args.scale}) gives each picture "
                          "its own factor and model")
    from srcnn_gui.core.models.files import check_scale

    check_scale(info, request.factor)
    return options
