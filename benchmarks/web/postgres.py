"""A throwaway PostgreSQL server for the web benchmark, from the test suite's harness.

`tests/conftest.py` knows where PostgreSQL's server binaries are (`RENCONTRE_POSTGRES_BIN`),
how to run them as the `postgres` user when run as root (`initdb` refuses root), and how to
hand out databases (`PostgresServer`); this module takes those from it. It starts the cluster
itself, because the harness does so inside a pytest fixture, and with two differences: the
durability settings a production server keeps (the tests turn fsync off), so that commits
cost what they cost in a deployment, and room for every server process's connection pool.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType

HARNESS = Path(__file__).resolve().parents[2] / "tests" / "conftest.py"
#: Room for every server process's connection pool (5 + 10 overflow each) and the tools.
MAX_CONNECTIONS = 200


def _harness() -> ModuleType:
    """The test suite's `conftest.py`, imported as a plain module (it is not a package)."""
    spec = importlib.util.spec_from_file_location("rencontre_test_harness", HARNESS)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def _run(harness: ModuleType, command: list[str]) -> None:
    result = subprocess.run(harness._as_postgres_user(command), capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{result.stdout}{result.stderr}")


@contextmanager
def throwaway_postgres() -> Iterator[str]:
    """Start a private PostgreSQL server; yield the SQLAlchemy URL of an empty database."""
    harness = _harness()
    folder: Path = harness.POSTGRES_BIN
    if not (folder / "initdb").exists():
        raise RuntimeError(
            f"PostgreSQL server binaries not found in {folder}: install Debian's `postgresql` "
            "package or set RENCONTRE_POSTGRES_BIN"
        )
    # A short path: Unix socket paths are limited to about 100 bytes.
    root = Path(tempfile.mkdtemp(prefix="rencontre-bench-pg-"))
    if os.geteuid() == 0:
        shutil.chown(root, "postgres", "postgres")
    data, log = root / "data", root / "server.log"
    pg_ctl = str(folder / "pg_ctl")
    try:
        _run(harness, [str(folder / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust",
                       "-E", "UTF8", "--locale=C", "--no-sync"])  # fmt: skip
        options = f"-k {root} -c listen_addresses='' -c max_connections={MAX_CONNECTIONS}"
        _run(harness, [pg_ctl, "-D", str(data), "-l", str(log), "-o", options, "-w", "start"])
        yield harness.PostgresServer(socket_dir=root).new_database()
    finally:
        subprocess.run(
            harness._as_postgres_user([pg_ctl, "-D", str(data), "-m", "fast", "-w", "stop"]),
            capture_output=True,
        )
        shutil.rmtree(root, ignore_errors=True)
