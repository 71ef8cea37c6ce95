"""The ``srcnn-gui`` program: the window, or a command of :mod:`srcnn_gui.cli`.

The command line parses and checks the arguments; when they ask for the window, :func:`open_window`
opens it. Only this module reaches the GUI, and only through a function-level import, so a command
(``srcnn-gui upscale ...``) never loads Qt.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from srcnn_gui import cli
from srcnn_gui.cli.selftest import self_test


def open_window(args: argparse.Namespace, options: dict) -> int:
    """The desktop window with ``options`` (:func:`srcnn_gui.cli.window_command.window_options`); where
    there is no display, or Qt could not open one, the headless self-test instead."""
    screenshot = getattr(args, "screenshot", None)  # a scripted run without a window is a failure, not a self-test
    headless = sys.platform.startswith("linux") and not any(
        os.environ.get(name) for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"))
    if headless:
        if screenshot:
            print(f"{screenshot}: no display to open the window on", file=sys.stderr)
            return 1
        print("no display found: running the headless self-test instead")
        return self_test()
    from srcnn_gui.gui.qt_platform import platform_problem  # asks before Qt, which would abort the process

    problem = platform_problem()
    if problem and screenshot:
        print(f"{problem}\n{screenshot}: the window could not open", file=sys.stderr)
        return 1
    if problem:
        print(f"{problem}\nRunning the headless self-test instead.", file=sys.stderr)
        return self_test()
    from srcnn_gui.gui.app import run_gui  # Qt is imported only here

    if not options:
        return run_gui()
    return run_gui(**options, zoom=args.zoom, screenshot=args.screenshot)


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``srcnn-gui`` with ``argv`` (default: the process's arguments); the exit code."""
    return cli.main(argv, open_window=open_window)
