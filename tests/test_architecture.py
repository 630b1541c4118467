"""The house: imports inside anastro_cli flow one way, down the layers below, with no cycle;
no module is over 400 lines; no long word list is a Python literal (vocabularies are data).

Type-only imports (under TYPE_CHECKING) are left out: they never run.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "anastro_cli"
# Highest first. A module may import its own layer's modules (inside one package) and any
# layer below; modules sharing a layer ("compare | search") may not import each other.
LAYERS: list[tuple[str, ...]] = [
    ("__main__",),
    ("cli",),
    ("table",),
    ("output",),
    ("compare", "search"),
    ("resolve",),
    ("dataset",),
    ("store",),
    ("index",),
    ("model",),
    ("text", "bundled", "status", "__init__"),
]
MAX_LINES = 400
MAX_LITERAL_STRINGS = 40


def _part(module: str) -> str:
    """The top-level part of anastro_cli a module belongs to (its layer's name)."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def _layer(module: str) -> int:
    part = _part(module)
    return next(rank for rank, names in enumerate(LAYERS) if part in names)


def _modules() -> dict[str, Path]:
    found: dict[str, Path] = {}
    for path in PACKAGE.rglob("*.py"):
        relative = path.relative_to(PACKAGE.parent).with_suffix("")
        name = ".".join(relative.parts)
        found[name.removesuffix(".__init__")] = path
    return found


def _type_only(tree: ast.Module) -> set[int]:
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If):
            test = node.test
            name = test.id if isinstance(test, ast.Name) else getattr(test, "attr", "")
            if name == "TYPE_CHECKING":
                skipped.update(id(sub) for sub in ast.walk(node))
    return skipped


def imports_of(name: str, path: Path, known: set[str]) -> set[str]:
    """The anastro_cli modules that name imports (module-level and inside functions)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped = _type_only(tree)
    targets: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            candidates = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            candidates = [node.module, *(f"{node.module}.{a.name}" for a in node.names)]
        else:
            continue
        for candidate in candidates:
            owner = candidate
            while owner and owner not in known:
                owner = owner.rpartition(".")[0]
            if owner.startswith("anastro_cli") and owner != name:
                targets.add(owner)
    return targets


def back_edges(edges: dict[str, set[str]]) -> list[str]:
    """Every import that goes up a layer or sideways between two packages of one layer."""
    wrong: list[str] = []
    for source, targets in edges.items():
        for target in targets:
            if target == "anastro_cli":
                continue  # the root holds only the version
            up = _layer(target) < _layer(source)
            sideways = _layer(target) == _layer(source) and _part(target) != _part(source)
            if up or sideways:
                wrong.append(f"{source} -> {target}")
    return sorted(wrong)


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in edges.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def _edges() -> dict[str, set[str]]:
    modules = _modules()
    return {name: imports_of(name, path, set(modules)) for name, path in modules.items()}


def test_every_module_belongs_to_a_layer() -> None:
    for name in _modules():
        assert any(_part(name) in layer for layer in LAYERS), name


def test_imports_flow_one_way() -> None:
    assert back_edges(_edges()) == []


def test_no_import_cycle() -> None:
    assert cycles(_edges()) == []


def test_the_checks_catch_a_back_edge_and_a_cycle() -> None:
    edges = _edges()
    edges["anastro_cli.store.store"] = {
        *edges["anastro_cli.store.store"],
        "anastro_cli.search.rank",
    }
    assert "anastro_cli.store.store -> anastro_cli.search.rank" in back_edges(edges)
    assert any("anastro_cli.store.store" in group for group in cycles(edges))
    sideways = {"anastro_cli.compare": {"anastro_cli.search.rank"}}
    assert back_edges(sideways) == ["anastro_cli.compare -> anastro_cli.search.rank"]


@pytest.mark.parametrize("name", sorted(_modules()))
def test_no_module_is_over_400_lines(name: str) -> None:
    lines = _modules()[name].read_text(encoding="utf-8").count("\n")
    assert lines <= MAX_LINES, f"{name} has {lines} lines"


def test_no_word_list_is_a_python_literal() -> None:
    long_lists = []
    for name, path in _modules().items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.Set, ast.List, ast.Tuple, ast.Dict)):
                items = [*node.keys, *node.values] if isinstance(node, ast.Dict) else node.elts
                strings = sum(
                    isinstance(i, ast.Constant) and isinstance(i.value, str) for i in items
                )
                if strings > MAX_LITERAL_STRINGS:
                    long_lists.append(f"{name}:{node.lineno}")
    assert long_lists == []


def test_package_init_files_hold_a_docstring_only() -> None:
    """An __init__ that imported its submodules would load them all at start-up."""
    for path in PACKAGE.rglob("__init__.py"):
        if path.parent == PACKAGE:
            continue  # the root holds the version
        body = ast.parse(path.read_text(encoding="utf-8")).body
        assert len(body) == 1, path
        assert isinstance(body[0], ast.Expr), path
