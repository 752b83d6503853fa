"""The layers of src/contacthub, held by a test rather than by a paragraph in STYLE.md.

    cli ──> core ──> db            server ──> dialects ──> core, errors, config (and Litestar)
     └──> server (serve)            app ──> server, dialects, core, db

Every module's imports (at any depth: a function-level import counts too) are read from its
source with ``ast``; a rule below names what a layer may not import. Alongside: no module past
500 lines (STYLE.md: a file that grows past that becomes a package) and every dialect folder has
the common file set (STYLE.md's "a new dialect is a new folder with the same five files").
"""

from __future__ import annotations

import ast
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest
from packaging.requirements import Requirement

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "contacthub"
MAX_LINES = 500
# Alembic revisions are history: written once, never edited, so never split either.
SIZE_EXEMPT = ("db/migrations/versions/",)

# layer (a package or module of contacthub) -> the import prefixes it must not use.
FORBIDDEN: dict[str, tuple[str, ...]] = {
    "contacthub.core": (
        "litestar",
        "uvicorn",
        "contacthub.dialects",
        "contacthub.server",
        "contacthub.app",
        "contacthub.cli",
    ),
    "contacthub.db": (
        "litestar",
        "contacthub.core",
        "contacthub.dialects",
        "contacthub.server",
        "contacthub.app",
        "contacthub.cli",
    ),
    "contacthub.errors": ("litestar", "contacthub."),
    "contacthub.config": ("litestar", "contacthub."),
    "contacthub.dialects": ("uvicorn", "httptools", "contacthub.server", "contacthub.cli"),
    "contacthub.cli": ("contacthub.dialects",),
}
# What a dialect may import of contacthub: nothing else (the server, the app and the CLI are
# above it; db is reached through core).
DIALECT_ALLOWED = (
    "contacthub.core",
    "contacthub.errors",
    "contacthub.config",
    "contacthub.dialects",
)
# Every dialect folder has these (and a ``routes`` module or package).
DIALECT_FILES = frozenset(
    {"__init__.py", "auth.py", "errors.py", "mapping.py", "router.py", "schemas.py"}
)


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> Iterator[tuple[str, Path]]:
    for path in sorted(PACKAGE.rglob("*.py")):
        yield module_name(path), path


def imports_of(path: Path, name: str) -> set[str]:
    """Every module ``path`` imports, relative imports resolved against ``name``."""
    found: set[str] = set()
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            found.add(base)
            # ``from contacthub import server`` imports a module, not a name.
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


def _within(name: str, prefix: str) -> bool:
    return name == prefix.rstrip(".") or name.startswith(
        prefix if prefix.endswith(".") else prefix + "."
    )


def violations() -> list[str]:
    found = []
    for name, path in modules():
        for layer, forbidden in FORBIDDEN.items():
            if not _within(name, layer):
                continue
            for imported in sorted(imports_of(path, name)):
                if any(_within(imported, prefix) for prefix in forbidden):
                    found.append(f"{name} imports {imported}")
        if _within(name, "contacthub.dialects"):
            for imported in sorted(imports_of(path, name)):
                internal = _within(imported, "contacthub") and imported != "contacthub"
                if internal and not any(_within(imported, ok) for ok in DIALECT_ALLOWED):
                    found.append(f"{name} imports {imported}")
    return sorted(set(found))


def test_layers_import_only_what_they_may() -> None:
    assert violations() == []


def test_the_import_walk_sees_a_wrong_import(tmp_path: Path) -> None:
    """The walk itself: a dialect module that imports the server, at module level or inside a
    function, relatively or not, is seen."""
    source = tmp_path / "contacthub" / "dialects" / "native"
    source.mkdir(parents=True)
    module = source / "routes.py"
    module.write_text(
        "from contacthub.server.observability import send_answer\n"
        "def f():\n    from ...server import hot_lane\n    import litestar\n"
    )
    seen = imports_of(module, "contacthub.dialects.native.routes")
    assert "contacthub.server.observability" in seen
    assert "contacthub.server.hot_lane" in seen
    assert "litestar" in seen


def test_no_module_passes_500_lines() -> None:
    long = {
        str(path.relative_to(PACKAGE)): length
        for _, path in modules()
        if not str(path.relative_to(PACKAGE)).startswith(SIZE_EXEMPT)
        and (length := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}


def dialect_folders() -> list[Path]:
    return sorted(
        path
        for path in (PACKAGE / "dialects").iterdir()
        if path.is_dir() and (path / "__init__.py").exists()
    )


def test_there_are_dialect_folders_to_check() -> None:
    assert {path.name for path in dialect_folders()} >= {
        "native",
        "watbot",
        "obzvonilka",
        "twin",
        "plusofon",
    }


@pytest.mark.parametrize("folder", dialect_folders(), ids=lambda path: path.name)
def test_every_dialect_folder_has_the_common_files(folder: Path) -> None:
    present = {path.name for path in folder.iterdir()}
    assert DIALECT_FILES - present == set()
    assert (folder / "routes.py").exists() or (folder / "routes" / "__init__.py").exists()


# What the server and the tools subclass or read the internals of.
SUBCLASSED = ("litestar", "uvicorn")


@pytest.mark.parametrize("name", SUBCLASSED)
def test_what_is_subclassed_is_pinned_below_its_next_release(name: str) -> None:
    pyproject = tomllib.loads((PACKAGE.parent.parent / "pyproject.toml").read_text())
    [requirement] = [
        Requirement(line)
        for line in pyproject["project"]["dependencies"]
        if Requirement(line).name == name
    ]
    assert any(spec.operator in {"<", "<=", "=="} for spec in requirement.specifier), requirement


def import_cycles(layer: str) -> list[list[str]]:
    """Cycles among the modules of ``layer`` (a module reaching itself through others); an
    import inside a function counts, as hiding one there is how a cycle is usually papered over."""
    known = {name for name, _ in modules()}
    graph = {
        name: {m for m in imports_of(path, name) if m in known and m != name and _within(m, layer)}
        for name, path in modules()
        if _within(name, layer)
    }
    cycles = []
    for start in graph:
        stack = [(start, [start])]
        seen: set[str] = set()
        while stack:
            node, trail = stack.pop()
            for nxt in graph.get(node, ()):
                if nxt == start:
                    cycles.append(trail)
                elif nxt not in seen:
                    seen.add(nxt)
                    stack.append((nxt, [*trail, nxt]))
    return cycles


@pytest.mark.parametrize("layer", ["contacthub.cli", "contacthub.server"])
def test_no_module_imports_itself_through_another(layer: str) -> None:
    # cli/demo.py and cli/serve.py imported each other (one of the imports hidden inside a
    # function); what they share is cli/serving.py.
    assert import_cycles(layer) == []


# Every vendor dialect reads its requests by hand (form, query, JSON merged as its vendor's
# framework does), in a module of this name; the native API leaves that to Litestar and msgspec.
VENDOR_PARSING = "params.py"


@pytest.mark.parametrize(
    "folder",
    [folder for folder in dialect_folders() if folder.name != "native"],
    ids=lambda path: path.name,
)
def test_every_vendor_dialect_reads_requests_in_params(folder: Path) -> None:
    assert (folder / VENDOR_PARSING).exists()


def test_every_route_handler_has_a_docstring() -> None:
    """A handler's docstring is its API description (Litestar's use_handler_docstrings) and
    where it says how it deviates from the vendor's document."""
    from contacthub.app import create_app
    from contacthub.config import Settings

    app = create_app(Settings(database_url="sqlite:///unused.db", _env_file=None))  # type: ignore[call-arg]
    handlers = {
        (route.path, handler.fn.__qualname__): handler.fn
        for route in app.routes
        for handler in getattr(route, "route_handlers", ())
        if getattr(handler.fn, "__module__", "").startswith("contacthub.")
    }
    assert len(handlers) > 50  # the dialects' handlers were found
    assert [key for key, fn in handlers.items() if not (fn.__doc__ or "").strip()] == []
