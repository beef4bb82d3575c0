"""The shape of the package: no import cycles (type-only imports included) and
no module over 500 lines."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "reader"
MAX_LINES = 500


def _module_name(path: Path, package: Path) -> str:
    return ".".join(("reader", *path.relative_to(package).with_suffix("").parts)).removesuffix(
        ".__init__")


def import_graph(package: Path = PACKAGE) -> dict[str, set[str]]:
    """module → the package's modules it imports, wherever the import is written
    (at the top, in a function, or under ``if TYPE_CHECKING``)."""
    modules = {_module_name(path, package): path for path in package.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        is_package = path.name == "__init__.py"
        found: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    parts = name.split(".")
                    base = parts[:len(parts) - node.level + (1 if is_package else 0)]
                    origin = ".".join(base + ([node.module] if node.module else []))
                else:
                    origin = node.module or ""
                found.add(origin)
                found.update(f"{origin}.{alias.name}" for alias in node.names)
        graph[name] = {target for target in found if target in modules and target != name}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every import cycle, as the path that closes it (depth-first search)."""
    found: list[list[str]] = []
    state: dict[str, int] = {}  # 1: on the current path, 2: finished

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for target in sorted(graph[node]):
            if state.get(target) == 1:
                found.append(path[path.index(target):] + [node, target] if target in path
                             else [node, target])
            elif target not in state:
                visit(target, [*path, node])
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node, [])
    return found


def test_the_checker_finds_a_cycle() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c", "a"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_the_graph_sees_every_kind_of_import(tmp_path: Path) -> None:
    package = tmp_path / "reader"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "one.py").write_text("from typing import TYPE_CHECKING\n"
                                    "if TYPE_CHECKING:\n    from .two import X\n")
    (package / "two.py").write_text("def f():\n    from . import three\n")
    (package / "three.py").write_text("import reader.one\n")
    graph = import_graph(package)
    assert graph["reader.one"] == {"reader.two"}
    assert graph["reader.two"] == {"reader", "reader.three"}  # the package, then its module
    assert graph["reader.three"] == {"reader.one"}
    assert cycles(graph) == [["reader.one", "reader.two", "reader.three", "reader.one"]]


def test_reader_has_no_import_cycle() -> None:
    assert cycles(import_graph()) == []


def test_no_module_is_over_500_lines() -> None:
    long = {path.name: n for path in PACKAGE.rglob("*.py")
            if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert long == {}


# The product's parts, lowest first: a module may import from its own part and
# from the parts below it, never from one above (the README's layout table).
LAYERS = (
    ("reader.config", "reader.lru", "reader.urls"),
    ("reader.filecache", "reader.workers"),
    ("reader.fingerprint",),  # remembers fingerprints in the cache folder
    ("reader.content",),
    ("reader.language",),
    ("reader.audit",),
    ("reader.archive", "reader.render", "reader.importing"),
    ("reader.web",),
    ("reader.copy_search",),
    ("reader.build", "reader.asgi"),
    ("reader.cli",),
    ("reader.__main__",),
)


def _layer(module: str) -> tuple[int, str] | None:
    for level, parts in enumerate(LAYERS):
        for part in parts:
            if module == part or module.startswith(part + "."):
                return level, part
    return None


def upward_imports(graph: dict[str, set[str]]) -> list[tuple[str, str]]:
    """Every import of a part from a part below it or beside it on its level."""
    found = []
    for module, targets in sorted(graph.items()):
        here = _layer(module)
        for target in sorted(targets):
            there = _layer(target)
            if here and there and here[1] != there[1] and there[0] >= here[0]:
                found.append((module, target))
    return found


def test_every_module_belongs_to_a_part() -> None:
    assert [m for m in import_graph() if m != "reader" and _layer(m) is None] == []


def test_no_import_runs_upward() -> None:
    assert upward_imports(import_graph()) == []


def test_the_layer_check_finds_an_upward_import() -> None:
    assert upward_imports({"reader.content.reports": {"reader.web.app"},
                           "reader.web.app": {"reader.content.reports"}}) \
        == [("reader.content.reports", "reader.web.app")]
