"""The package's one-way doors: core and the CLI never import Qt (checked on the source)."""

from __future__ import annotations

import ast
from pathlib import Path

import srcnn_gui

PACKAGE = Path(srcnn_gui.__file__).parent
QT_MODULES = ("PySide6", "PyQt5", "PyQt6", "shiboken6", "pyqtgraph", "superqt")


def imported_modules(path: Path, *, top_level_only: bool = False) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in tree.body if top_level_only else ast.walk(tree):
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
        if name.split(".")[0] in QT_MODULES
    }
    assert not offenders, offenders


def test_core_never_reaches_into_the_gui_and_the_cli_only_lazily():
    core = sorted((PACKAGE / "core").rglob("*.py"))
    assert not [p for p in core for name in imported_modules(p) if name.startswith(("srcnn_gui.gui", "srcnn_gui.cli"))]
    # The CLI may start the window, but importing the CLI must not import the GUI.
    assert not [n for n in imported_modules(PACKAGE / "cli.py", top_level_only=True) if n.startswith("srcnn_gui.gui")]


def test_gui_does_no_maths_of_its_own():
    gui = sorted((PACKAGE / "gui").rglob("*.py"))
    maths = {"torch", "cv2", "scipy"}
    assert not [f"{p.name}: {n}" for p in gui for n in imported_modules(p) if n.split(".")[0] in maths]
