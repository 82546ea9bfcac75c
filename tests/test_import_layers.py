"""Imports point one way: the package's layers written as contracts and checked.

The parts of parscore are its top-level modules and sub-packages (``parscore.scoring``,
``parscore.report``…). The engine (loading, the rules, scoring) knows nothing of what is built on
it; the analyses (planning, comparison of packs, lint) build on the engine; the reports build on
both; the command line and the web app are where people come in. Only imports that run count: an
import under ``if TYPE_CHECKING:`` is a type annotation, not a dependency. The package's own
``__init__`` is its public facade (it reaches every part lazily, by name) and stays out of the
layering; reading its ``__version__`` from below is fine.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest

from .conftest import ROOT

PACKAGE = ROOT / "parscore"

ENTRY = {"__main__"}
INTERFACES = {"cli", "web"}  # where people and processes come in
VIEWS = {"report", "forms"}  # what people read and fill in: reports, Word and Excel files
ANALYSES = {"planning", "planner", "raising", "diffing", "lint"}  # built on the engine
ABOVE_ENGINE = ENTRY | INTERFACES | VIEWS | ANALYSES
FACADE = "__init__"

# Libraries of one layer: a part outside it never imports them.
LIBRARY_HOMES = {
    "django": INTERFACES - {"cli"},
    "jinja2": VIEWS,
    "markupsafe": VIEWS,
    "docx": VIEWS,
    "openpyxl": VIEWS,
}


def _modules() -> dict[str, Path]:
    """Dotted module name -> source file, for every module of the package."""
    out: dict[str, Path] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


MODULES = _modules()


def part_of(module: str) -> str:
    """``parscore.report.build`` -> ``report``; ``parscore`` itself -> its facade."""
    names = module.split(".")
    return names[1] if len(names) > 1 else FACADE


def _type_only(tree: ast.Module) -> set[int]:
    """Ids of the nodes under ``if TYPE_CHECKING:`` (annotations' imports)."""
    skip: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for stmt in node.body:
                skip.update(id(n) for n in ast.walk(stmt))
    return skip


def imports_of(source: str, module: str, is_package: bool) -> Iterator[str]:
    """Absolute names of everything ``source`` imports when it runs (at the top or inside a
    function); a relative import is resolved against ``module``."""
    tree = ast.parse(source)
    skip = _type_only(tree)
    home = module.split(".") if is_package else module.split(".")[:-1]
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = home[: len(home) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            yield target
            yield from (f"{target}.{alias.name}" for alias in node.names)


def _runtime_imports() -> dict[str, set[str]]:
    """Module -> the package's modules and the outside libraries (top name) it imports."""
    out: dict[str, set[str]] = {}
    for module, path in MODULES.items():
        names = set()
        for name in imports_of(
            path.read_text(encoding="utf-8"), module, path.name == "__init__.py"
        ):
            if name.split(".")[0] != "parscore":
                names.add(name.split(".")[0])
            elif name in MODULES and name != module:
                names.add(name)
        out[module] = names
    return out


IMPORTS = _runtime_imports()


def part_graph(imports: Mapping[str, set[str]]) -> dict[str, set[str]]:
    """Part -> the other parts of the package it imports."""
    graph: dict[str, set[str]] = {part_of(m): set() for m in imports}
    for module, names in imports.items():
        for name in names:
            if name.startswith("parscore.") and part_of(name) != part_of(module):
                graph[part_of(module)].add(part_of(name))
    return graph


def cycle(graph: Mapping[str, set[str]]) -> list[str] | None:
    """One cycle of ``graph`` (its nodes in order, the first repeated at the end), or None."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt]
            if nxt not in state and (found := visit(nxt)) is not None:
                return found
        path.pop()
        state[node] = 2
        return None

    for start in sorted(graph):
        if start not in state and (found := visit(start)) is not None:
            return found
    return None


GRAPH = part_graph(IMPORTS)


def importers(part: str) -> set[str]:
    return {p for p, targets in GRAPH.items() if part in targets and p != FACADE}


# -- the reader itself: a contract checked on an empty graph would hold for nothing ---------------


def test_the_reader_sees_imports_that_run_and_not_annotations() -> None:
    source = (
        "from typing import TYPE_CHECKING\n"
        "from ..scoring import score\n"
        "from . import build\n"
        "import jinja2\n"
        "if TYPE_CHECKING:\n"
        "    from ..planning import Plan\n"
        "def later():\n"
        "    from ..diffing import diff_packs\n"
    )
    found = set(imports_of(source, "parscore.report.render", is_package=False))
    assert {"parscore.scoring", "parscore.report", "jinja2", "parscore.diffing"} <= found
    assert "parscore.report.build" in found
    assert not any(name.startswith("parscore.planning") for name in found)


def test_the_graph_has_the_known_edges() -> None:
    assert "report" in GRAPH["cli"]
    assert "scoring" in GRAPH["report"]
    assert "planning" in GRAPH["report"]
    assert "jinja2" in set().union(*(IMPORTS[m] for m in MODULES if part_of(m) == "report"))
    assert len(GRAPH) > 40  # every part of the package is there


def test_a_cycle_is_found() -> None:
    assert cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert cycle({"a": {"b"}, "b": set(), "c": {"a", "b"}}) is None


# -- the contracts -------------------------------------------------------------------------------


def test_the_parts_import_each_other_one_way() -> None:
    found = cycle({p: t - {FACADE} for p, t in GRAPH.items() if p != FACADE})
    assert found is None, "imports in a circle: " + " -> ".join(found or [])


def test_the_engine_knows_nothing_of_what_is_built_on_it() -> None:
    wrong = {
        part: sorted(targets & ABOVE_ENGINE)
        for part, targets in GRAPH.items()
        if part not in ABOVE_ENGINE | {FACADE} and targets & ABOVE_ENGINE
    }
    assert not wrong, f"engine parts importing analyses, views or interfaces: {wrong}"


@pytest.mark.parametrize(
    ("part", "allowed"),
    [
        ("cli", ENTRY),
        ("web", {"cli"}),  # `parscore serve` starts it
        ("report", INTERFACES),
        ("forms", INTERFACES),
        ("planner", INTERFACES),
        ("raising", INTERFACES | VIEWS),
        ("planning", INTERFACES | VIEWS | {"planner", "raising"}),
        ("diffing", INTERFACES | VIEWS),
        ("lint", INTERFACES | VIEWS),
    ],
)
def test_who_may_import_a_layer(part: str, allowed: set[str]) -> None:
    assert importers(part) <= allowed, f"{part} imported by {sorted(importers(part) - allowed)}"


def test_the_errors_module_imports_nothing_of_ours() -> None:
    assert not {n for n in IMPORTS["parscore.errors"] if n.startswith("parscore")}


@pytest.mark.parametrize("library", sorted(LIBRARY_HOMES))
def test_a_library_stays_in_its_layer(library: str) -> None:
    outside = sorted(
        m
        for m, names in IMPORTS.items()
        if library in names and part_of(m) not in LIBRARY_HOMES[library]
    )
    assert not outside, f"{library} imported outside {sorted(LIBRARY_HOMES[library])}: {outside}"
