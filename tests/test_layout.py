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



def _cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for other in edges.get(module, ()):
            if other not in index:
                visit(other)
                low[module] = min(low[module], low[other])
            elif other in on_stack:
                low[module] = min(low[module], index[other])
        if low[module] == index[module]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == module:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for module in sorted(edges):
        if module not in index:
            visit(module)
    return groups


def test_no_module_imports_itself_round_a_circle_lazy_imports_included():
    """Function-level imports count too: a circle of lazy imports is still two modules that need each other."""
    import grimp

    # Imports only a type checker runs (under TYPE_CHECKING) never execute, so they make no circle.
    graph = grimp.build_graph("srcnn_gui", exclude_type_checking_imports=True, cache_dir=None)
    edges = {module: graph.find_modules_directly_imported_by(module) for module in graph.modules}
    # A package's __init__ importing its own modules is how a package is assembled, not a circle of meaning.
    edges = {module: {other for other in targets if not module.startswith(other + ".")} for module, targets in edges.items()}
    assert _cycles(edges) == []


def test_a_circle_is_found():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
