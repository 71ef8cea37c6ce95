"""The package's one-way doors: core and the CLI never import Qt (checked on the source)."""

from __future__ import annotations

import ast
from pathlib import Path

import srcnn_gui

PACKAGE = Path(srcnn_gui.__file__).parent
QT_MODULES = ("PySide6", "PyQt5", "PyQt6", "shiboken6", "pyqtgraph", "superqt")


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_core_and_cli_import_no_qt():
    files = sorted((PACKAGE / "core").rglob("*.py")) + [PACKAGE / "cli.py"]
    assert len(files) > 10
    offenders = {
        f"{path.relative_to(PACKAGE)}: {name}"
        for path in files
        for name in imported_modules(path)
        if name.split(".")[0] in QT_MODULES or name.startswith("srcnn_gui.gui")
    }
    assert not offenders, offenders
