"""No import circles: between the modules of the project, and between the apps' domain layers.

Imports are read from the source with `ast` (nothing is imported), including those inside
functions: a deferred import is still a dependency. Imports under `if TYPE_CHECKING:` are only for
the type checker and do not count. A module importing its own package (`from . import x`) does not
count either. Between apps, only the domain layers count (models, choices, errors, selectors,
services, events …); the outer layers (views, api, admin, forms, urls, templatetags, management
commands, tasks and the AppConfig, where an app registers its hooks with a lower one) may import
any app.
"""

import ast
from pathlib import Path

import zhifa

ROOT = Path(zhifa.__file__).parent
OUTER = {"admin", "api", "apps", "forms", "management", "tasks", "templatetags", "urls", "views"}


def module_name(path: Path) -> str:
    parts = ["zhifa", *path.relative_to(ROOT).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {
        module_name(p): p
        for p in ROOT.rglob("*.py")
        if not {"migrations", "tests"} & set(p.relative_to(ROOT).parts)
    }


def _type_checking_only(tree: ast.AST) -> set[int]:
    skip = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skip.update(id(n) for stmt in node.body for n in ast.walk(stmt))
    return skip


def imports_of(name: str, path: Path, known: dict) -> set[str]:
    tree = ast.parse(path.read_text("utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    skip = _type_checking_only(tree)
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                source = ".".join(base + ([node.module] if node.module else []))
            else:
                source = node.module or ""
            submodules = [f"{source}.{a.name}" for a in node.names if f"{source}.{a.name}" in known]
            found.update(submodules)
            if len(submodules) < len(node.names):
                found.add(source)
    # a module's own packages are imported first by Python anyway: not an edge
    return {m for m in found if m in known and not (name + ".").startswith(m + ".")}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one node (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def app_of(module: str) -> str:
    """zhifa.cases.services.steps -> zhifa.cases; the core's packages count as apps of their own."""
    parts = module.split(".")
    return ".".join(parts[:3] if parts[1:2] == ["core"] and len(parts) > 2 else parts[:2])


def module_graph() -> dict[str, set[str]]:
    known = modules()
    return {name: imports_of(name, path, known) for name, path in known.items()}


def app_graph(graph: dict[str, set[str]]) -> dict[str, set[str]]:
    apps: dict[str, set[str]] = {}
    for module, targets in graph.items():
        if OUTER & set(module.split(".")[2:]):
            continue
        for target in targets:
            if app_of(target) != app_of(module):
                apps.setdefault(app_of(module), set()).add(app_of(target))
    return apps


def edges_within(graph: dict[str, set[str]], component: list[str]) -> list[str]:
    return [f"{a} -> {b}" for a in component for b in sorted(graph.get(a, ())) if b in component]


def test_no_module_imports_itself_through_others():
    graph = module_graph()
    assert len(graph) > 100  # the whole project was read
    found = cycles(graph)
    assert found == [], [edges_within(graph, c) for c in found]


def test_no_app_imports_an_app_above_it():
    graph = app_graph(module_graph())
    assert graph["zhifa.measures"] >= {"zhifa.cases"}  # the graph sees the apps' imports
    found = cycles(graph)
    assert found == [], [edges_within(graph, c) for c in found]


def test_the_check_sees_a_circle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_deferred_imports_count_and_type_checking_ones_do_not(tmp_path):
    pkg = tmp_path / "pkg"
    pkg.mkdir()
    source = (
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from .b import B\n"
        "def f():\n    from .c import C\n"
    )
    (pkg / "a.py").write_text(source, "utf-8")
    known = {"pkg.a": None, "pkg.b": None, "pkg.c": None}
    assert imports_of("pkg.a", pkg / "a.py", known) == {"pkg.c"}
