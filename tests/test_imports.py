"""No import cycles in the package, no SQL (nor a WHERE clause) outside ``formservice/storage``,
and every module opens with a docstring saying what it owns and stays within 300 lines.

The import graph is read statically from the AST: module-level and function-level imports alike
(``import a.b``, ``from a import b``, relative imports), between modules of ``formservice``.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "formservice"
# Database calls that take SQL or a WHERE clause; web/db.py only rolls back a request's leftovers.
DATABASE_CALLS = {"execute", "executescript", "rows_where", "query", "count_where"}
ALLOWED = {("formservice.web.db", "ROLLBACK")}
SQL = re.compile(r"^\s*(select|insert|update|delete)\s+.+\s+(from|into|set|where)\s", re.I | re.S)


def _modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def import_graph() -> dict[str, set[str]]:
    """Module → the package's modules it imports anywhere in its body."""
    modules = _modules()
    edges: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        base = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                module = node.module or ""
                if node.level:
                    parts = base.split(".")
                    prefix = ".".join(parts[: len(parts) - node.level + 1])
                    module = f"{prefix}.{module}" if module else prefix
                targets = [module] + [f"{module}.{alias.name}" for alias in node.names]
            for target in targets:
                if target in modules and target != name and target != "formservice":
                    edges[name].add(target)
    return edges


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in edges[node]:
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in edges:
        if node not in index:
            visit(node)
    return found


def test_the_package_has_no_import_cycle():
    assert cycles(import_graph()) == []


def test_the_cycle_finder_finds_a_cycle_through_a_function_level_import(tmp_path):
    edges = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(edges) == [["a", "b", "c"]]


def test_no_sql_outside_storage():
    offending = []
    for name, path in _modules().items():
        if name.startswith("formservice.storage"):
            continue
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            is_text = isinstance(node, ast.Constant) and isinstance(node.value, str)
            if is_text and SQL.match(node.value):
                offending.append(f"{name}:{node.lineno}: {node.value[:60]!r}")
            call = isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            if call and node.func.attr in DATABASE_CALLS:
                first = node.args[0] if node.args else None
                text = first.value if isinstance(first, ast.Constant) else None
                if (name, text) not in ALLOWED:
                    offending.append(f"{name}:{node.lineno}: .{node.func.attr}(...)")
    assert offending == []


def test_every_module_says_what_it_owns_in_at_most_300_lines():
    too_long, silent = [], []
    for name, path in _modules().items():
        text = path.read_text("utf-8")
        if len(text.splitlines()) > 300:
            too_long.append(f"{name}: {len(text.splitlines())} lines")
        if ast.get_docstring(ast.parse(text)) is None:
            silent.append(name)
    assert too_long == [] and silent == []
