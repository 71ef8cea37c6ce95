"""The package's one-way doors: the import-linter contracts in pyproject.toml hold."""

from __future__ import annotations

from pathlib import Path

from importlinter.cli import lint_imports

import srcnn_gui

PYPROJECT = Path(srcnn_gui.__file__).parents[1] / "pyproject.toml"


def test_the_import_contracts_hold(monkeypatch, capsys):
    """Gui and CLI above the core, the core's rooms one-way, no Qt in the core, no maths in the window."""
    monkeypatch.chdir(PYPROJECT.parent)
    code = lint_imports(config_filename=str(PYPROJECT), no_cache=True)
    assert code == 0, capsys.readouterr().out

