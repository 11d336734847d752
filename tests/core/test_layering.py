"""The engines stay pure: core, matching and scheduling import no adapter library."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "rencontre"
PURE_LAYERS = ("core", "matching", "scheduling")
FORBIDDEN = (
    "sqlalchemy", "alembic", "psycopg", "fastapi", "starlette", "typer", "rich", "openpyxl",
    "rencontre.store", "rencontre.web", "rencontre.cli", "rencontre.exchange",
    "rencontre.documents",
)  # fmt: skip


def package_of(path: Path) -> str:
    return ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts[:-1])


def imported_modules(source: str, package: str) -> list[tuple[int, str]]:
    """(line, module) of every import in `source`, relative ones resolved from `package`."""
    tree = ast.parse(source)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{parent}.{base}" if base else parent
            found += [(node.lineno, base)]
            found += [(node.lineno, f"{base}.{alias.name}") for alias in node.names]
    return found


def is_forbidden(module: str) -> bool:
    return any(module == banned or module.startswith(banned + ".") for banned in FORBIDDEN)


def pure_modules() -> list[Path]:
    return sorted(p for layer in PURE_LAYERS for p in (PACKAGE / layer).rglob("*.py"))


@pytest.mark.parametrize("path", pure_modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_pure_module_imports_no_adapter(path: Path) -> None:
    modules = imported_modules(path.read_text(encoding="utf-8"), package_of(path))
    offending = [f"line {line}: {module}" for line, module in modules if is_forbidden(module)]
    assert offending == []


def test_the_check_sees_forbidden_imports() -> None:
    assert is_forbidden("sqlalchemy.orm")
    assert is_forbidden("rencontre.store")
    assert not is_forbidden("rich_text_utils")
    assert not is_forbidden("rencontre.core.dataset")


def test_relative_and_function_level_imports_are_resolved() -> None:
    source = "from ..store import models\n\ndef f():\n    import rich.console\n"
    modules = imported_modules(source, "rencontre.core")
    assert modules == [
        (1, "rencontre.store"), (1, "rencontre.store.models"), (4, "rich.console"),
    ]  # fmt: skip


SERVICE_FORBIDDEN = ("typer", "rich", "fastapi", "starlette", "rencontre.cli", "rencontre.web")


@pytest.mark.parametrize(
    "path",
    sorted((PACKAGE / "services").rglob("*.py")),
    ids=lambda p: str(p.relative_to(PACKAGE)),
)
def test_service_imports_no_client(path: Path) -> None:
    # Services are shared by the command line and the web: neither may leak into them.
    modules = imported_modules(path.read_text(encoding="utf-8"), package_of(path))
    offending = [
        f"line {line}: {module}"
        for line, module in modules
        if any(module == banned or module.startswith(banned + ".") for banned in SERVICE_FORBIDDEN)
    ]
    assert offending == []
