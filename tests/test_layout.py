"""The package's one-way doors: the import-linter contracts in pyproject.toml hold, and Qt loads lazily."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from importlinter.cli import lint_imports

import srcnn_gui

PYPROJECT = Path(srcnn_gui.__file__).parents[1] / "pyproject.toml"


def test_the_import_contracts_hold(monkeypatch, capsys):
    """Gui and CLI above the core, the core's rooms one-way, no Qt in the core, no maths in the window."""
    monkeypatch.chdir(PYPROJECT.parent)
    code = lint_imports(config_filename=str(PYPROJECT), no_cache=True)
    assert code == 0, capsys.readouterr().out


def test_importing_the_cli_loads_no_qt():
    """The CLI may open the window, but only when asked: batch work never loads Qt."""
    probe = (
        "import sys, srcnn_gui.cli\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6', 'pyqtgraph')"
        " or m.startswith('srcnn_gui.gui'))\n"
        "print(loaded)\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]", done.stdout
