"""The writers' imports only point down: xhtml ← book ← pdf/epub, no circle, and the build sees
only the writers' front door (``edition.writers``), none of their internals."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.tools import REPO

PACKAGE = REPO / "edition"
WRITERS = PACKAGE / "writers"
MAX_LINES = 400


def module_name(path: Path) -> str:
    parts = path.relative_to(REPO).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _type_checking(node: ast.If) -> bool:
    return isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING"


def imports(path: Path, lazy: bool = True) -> Iterator[str]:
    """The ``edition`` modules a file imports (``from pkg import name`` counts as ``pkg.name``
    when that is a module, else ``pkg``); what only the type checker reads is left out, and
    imports inside functions only if ``lazy``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))

    def walk(nodes: list[ast.stmt], in_function: bool) -> Iterator[str]:
        for node in nodes:
            if isinstance(node, ast.If) and _type_checking(node):
                continue
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("edition"):
                if not in_function or lazy:
                    for alias in node.names:
                        candidate = f"{node.module}.{alias.name}"
                        yield candidate if _is_module(candidate) else node.module
            elif isinstance(node, ast.Import) and (not in_function or lazy):
                yield from (a.name for a in node.names if a.name.startswith("edition"))
            for field in ("body", "orelse", "finalbody", "handlers"):
                children = getattr(node, field, None)
                if isinstance(children, list) and children and isinstance(children[0], ast.AST):
                    inner = in_function or isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
                    yield from walk([c for c in children if isinstance(c, ast.stmt)] or
                                    [s for h in children if isinstance(h, ast.ExceptHandler)
                                     for s in h.body], inner)

    yield from walk(tree.body, False)


def _is_module(name: str) -> bool:
    path = REPO / Path(*name.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def writer_modules() -> dict[str, Path]:
    return {module_name(path): path for path in sorted(WRITERS.rglob("*.py"))}


def layer(module: str) -> str:
    rest = module.removeprefix("edition.writers").lstrip(".")
    return rest.split(".")[0] if rest else "registry"


# What each layer may import from the writers: only what lies below it.
ALLOWED = {
    "xhtml": {"xhtml"},
    "fonts": set(),
    "book": {"book", "xhtml"},
    "base": {"book", "xhtml"},
    "pdf": {"pdf", "book", "xhtml", "base", "fonts"},
    "epub": {"epub", "book", "xhtml", "base", "fonts"},
    "site": {"site", "epub", "book", "xhtml", "base", "fonts"},   # the EPUB's documents, as HTML5
    "registry": {"base", "book", "xhtml"},
}
# The one sideways step, taken lazily: an EPUB given no page map lays the book out as the PDF does.
SIDEWAYS = {("edition.writers.epub.writer", "edition.writers.pdf.pages")}


@pytest.mark.parametrize("module", sorted(writer_modules()))
def test_imports_only_point_down(module: str) -> None:
    path = writer_modules()[module]
    wrong = [target for target in imports(path) if target.startswith("edition.writers")
             and layer(target) not in ALLOWED[layer(module)] and (module, target) not in SIDEWAYS]
    assert not wrong, f"{module} ({layer(module)}) imports {wrong}"


def test_the_sideways_step_is_lazy() -> None:
    """The EPUB imports WeasyPrint's layout only inside the function that needs it."""
    module, target = next(iter(SIDEWAYS))
    path = writer_modules()[module]
    assert target in set(imports(path, lazy=True))
    assert target not in set(imports(path, lazy=False))


def test_no_circle_among_the_writers_modules() -> None:
    modules = writer_modules()
    graph = {name: {t for t in imports(path, lazy=False) if t in modules} for name, path in modules.items()}
    state: dict[str, int] = {}

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                raise AssertionError("import circle: " + " → ".join([*trail[trail.index(nxt):], nxt]))
            if nxt not in state:
                visit(nxt, [*trail, nxt])
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])


def test_the_build_imports_no_renderer_internals() -> None:
    used = {t for t in imports(PACKAGE / "build.py") if t.startswith("edition.writers")}
    assert used == {"edition.writers"}, used


def test_the_detector_sees_a_wrong_import(tmp_path: Path) -> None:
    """The checks above can fail: a module of the processing model importing the book is seen."""
    bad = tmp_path / "bad.py"
    bad.write_text("from edition.writers.book import make_book\n"
                   "def f():\n    from edition.writers.pdf import pages\n", encoding="utf-8")
    assert list(imports(bad)) == ["edition.writers.book", "edition.writers.pdf.pages"]
    assert list(imports(bad, lazy=False)) == ["edition.writers.book"]
    assert layer("edition.writers.book") not in ALLOWED["xhtml"]


@pytest.mark.parametrize("module", sorted(writer_modules()))
def test_no_module_over_400_lines(module: str) -> None:
    lines = len(writer_modules()[module].read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{module}: {lines} lines"
