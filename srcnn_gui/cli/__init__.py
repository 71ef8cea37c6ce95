"""The command line: the parser, the sub-commands by family, and how a run ends (exit codes, messages).

One module per family of sub-commands, each adding its parsers and naming its commands:
:mod:`~srcnn_gui.cli.upscale` (``upscale``), :mod:`~srcnn_gui.cli.measure` (``eval``, ``card``,
``benchmark``, ``memory``), :mod:`~srcnn_gui.cli.training` (``train``, ``experiment``),
:mod:`~srcnn_gui.cli.models` (``models``, ``import``, ``export``) and
:mod:`~srcnn_gui.cli.window_command` (``gui``: the window's arguments). The window is opened by
:mod:`srcnn_gui.entry`, which hands :func:`main` the function that opens it: nothing here imports Qt
or the GUI, so commands run on machines without a display, and torch, numpy and Pillow load only when
a command needs them.
"""

from __future__ import annotations

import argparse
import difflib
import signal
import sys
import threading
from collections.abc import Callable, Sequence
from pathlib import Path

from srcnn_gui import __version__
from srcnn_gui.cli import measure, models, training, upscale, window_command
from srcnn_gui.cli.selftest import self_test
from srcnn_gui.cli.window_command import window_options
from srcnn_gui.core.errors import CancelledError, ConfigError, SrcnnError
from srcnn_gui.core.interruptions import interrupt

Command = Callable[[argparse.Namespace], int]
# Opens the window for the parsed arguments and the checked window options; its exit code.
WindowOpener = Callable[[argparse.Namespace, dict], int]

_COMMAND_FAMILIES = (upscale, measure, training, models)
# Each sub-command and the function that runs it; no sub-command (or "gui") asks for the window.
COMMANDS: dict[str, Command] = {name: command for family in _COMMAND_FAMILIES for name, command in family.COMMANDS.items()}
WINDOW_COMMAND = "gui"
# What stops a command: Ctrl-C, and `kill` the same way.
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


def build_parser() -> argparse.ArgumentParser:
    """The whole command line: the program's options and every family's sub-commands."""
    parser = argparse.ArgumentParser(prog="srcnn-gui", description="SRCNN image upscaler. Without a command, starts the GUI.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--self-test", action="store_true", help="upscale the bundled sample with a shipped model and check it beats bicubic")
    sub = parser.add_subparsers(dest="command")
    for family in (*_COMMAND_FAMILIES, window_command):
        family.add_parsers(sub)
    return parser


def parse_command_line(argv: Sequence[str]) -> argparse.Namespace:
    """The parsed arguments; ``srcnn-gui photo.jpg ...`` (a file or folder where a command would be) means
    ``srcnn-gui gui photo.jpg ...``."""
    argv = list(argv)
    first = argv[0] if argv else ""
    if first and not first.startswith("-") and first not in COMMANDS and first != WINDOW_COMMAND \
            and (Path(first).exists() or Path(first).suffix):
        argv.insert(0, WINDOW_COMMAND)
    parser = build_parser()
    args, unknown = parser.parse_known_args(argv)
    if unknown:
        _refuse_unknown(parser, args, unknown)
    args.argv = argv  # a training run records the command that started it
    return args


def _refuse_unknown(parser: argparse.ArgumentParser, args: argparse.Namespace, unknown: list[str]) -> None:
    """Stop with the usage of the sub-command the unknown arguments were given to, and the option closest to
    each misspelt one (``--scael`` -> ``--scale``); exit code 2, as argparse's own errors."""
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction)).choices
    where = commands.get(args.command, parser)
    offered = [option for action in where._actions for option in action.option_strings]
    hints = []
    for given in (text.split("=")[0] for text in unknown if text.startswith("-")):
        close = difflib.get_close_matches(given, offered, n=1)
        if close:
            hints.append(f"{given}: did you mean {close[0]}?")
    where.error(f"unrecognized arguments: {' '.join(unknown)}" + "".join(f"; {hint}" for hint in hints))


def wants_window(args: argparse.Namespace) -> bool:
    """True when the arguments ask for the window rather than a command."""
    return not args.self_test and args.command not in COMMANDS


def main(argv: Sequence[str] | None = None, *, open_window: WindowOpener | None = None) -> int:
    """Run the command line; returns the exit code (0 done, 1 some inputs failed, 2 error, 130 cancelled).
    An error of ours or of the operating system is one line on stderr (``error: ...``), not a traceback.

    Arguments that ask for the window are checked here (a model that cannot serve is a message before
    any window), then handed to ``open_window`` (:func:`srcnn_gui.entry.open_window`); without one,
    asking for the window is an error.
    """
    args = parse_command_line(sys.argv[1:] if argv is None else argv)
    # `kill` (SIGTERM) stops a command the way Ctrl-C does: outputs finished are kept, none is left half-written,
    # and a result is never left out of its resume record (both wait for the step that records it).
    handles_stops = not wants_window(args) and threading.current_thread() is threading.main_thread()
    previous = {stop: signal.signal(stop, interrupt) for stop in STOP_SIGNALS} if handles_stops else {}
    try:
        if args.self_test:
            return self_test()
        if args.command in COMMANDS:
            return COMMANDS[args.command](args)
        options = window_options(args) if args.command == WINDOW_COMMAND else {}
        if open_window is None:
            raise ConfigError("the window opens from the srcnn-gui program (srcnn_gui.entry); "
                              "this command line runs the commands")
        return open_window(args, options)
    except CancelledError as exc:
        print(f"cancelled: {exc}", file=sys.stderr)
        return 130
    except KeyboardInterrupt:
        # Outputs are written atomically, so stopping here leaves no half-written file.
        print("cancelled", file=sys.stderr)
        return 130
    except SrcnnError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:  # one no command foresaw: still one line naming the file, not a traceback
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"error: {where}{exc.strerror or exc}", file=sys.stderr)
        return 2
    finally:
        for stop, handler in previous.items():
            signal.signal(stop, signal.SIG_DFL if handler is None else handler)
