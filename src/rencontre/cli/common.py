"""What every database command shares: consoles, opening the database, the mission option."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated

import typer
from rich.console import Console
from sqlalchemy import Engine
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, OperationalError
from sqlalchemy.orm import Session

from rencontre.cli.messages import fail
from rencontre.settings import Settings
from rencontre.store import repositories as repo
from rencontre.store.database import open_database, session_scope

MissionOption = Annotated[
    str | None, typer.Option(help="Mission key (default: the most recent mission).")
]


def stdout_console() -> Console:
    return Console(highlight=False, soft_wrap=True)


def stderr_console() -> Console:
    return Console(stderr=True, highlight=False, soft_wrap=True)


# What opening the configured database raises for a reason the user can fix: unreachable,
# RENCONTRE_DATABASE_URL not a URL, or a kind of database whose driver is not installed.
DATABASE_ERRORS = (OperationalError, ArgumentError, NoSuchModuleError, ImportError)


def unreachable(settings: Settings, error: Exception) -> typer.Exit:
    """Say which database could not be opened (password masked) and why, in one line."""
    cause = error.orig if isinstance(error, OperationalError) else None
    reason = str(cause or error).strip().splitlines()[0]
    if isinstance(error, ImportError):
        reason = f"no driver for this kind of database is installed ({reason})"
    return fail(f"cannot open the database {settings.masked_database_url}: {reason}")


@contextmanager
def database(settings: Settings) -> Iterator[Engine]:
    """The configured database, created or upgraded; a one-line error (DATABASE_ERRORS)."""
    try:
        engine = open_database(settings)
    except DATABASE_ERRORS as error:
        raise unreachable(settings, error) from None
    try:
        yield engine
    finally:
        engine.dispose()


@contextmanager
def database_session() -> Iterator[Session]:
    """One transaction on the configured database: committed at the end, or rolled back."""
    with database(Settings.from_environ()) as engine, session_scope(engine) as session:
        yield session


def load_mission(session: Session, key: str | None) -> repo.MissionSnapshot:
    """The mission `key` (or the latest), or exit with a one-line reason."""
    try:
        return repo.load_mission(session, key)
    except repo.MissionNotFound as error:
        raise fail(str(error)) from None
