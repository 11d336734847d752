"""The engine stays pure: importing it loads no web, database or CLI library."""

from __future__ import annotations

import subprocess
import sys

BANNED = ("sqlalchemy", "fastapi", "typer", "rich", "starlette", "psycopg", "alembic")


def test_engine_imports_no_adapter_library() -> None:
    code = (
        "import sys, pkgutil, importlib, rencontre.scheduling as s\n"
        "for m in pkgutil.iter_modules(s.__path__):\n"
        "    importlib.import_module(s.__name__ + '.' + m.name)\n"
        f"print(sorted(b for b in {BANNED!r} if b in sys.modules))\n"
    )
    completed = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert completed.stdout.strip() == "[]"
