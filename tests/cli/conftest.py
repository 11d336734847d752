"""Fixtures for driving the `rencontre` command against the test database."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator

import pytest
from typer.testing import CliRunner, Result

from rencontre.cli import app
from rencontre.settings import Settings
from rencontre.store import repositories as repo
from rencontre.store.database import open_database, session_scope

RunCli = Callable[..., Result]
StoredMission = Callable[[], repo.MissionSnapshot]


@pytest.fixture
def rencontre(database_url: str) -> RunCli:
    """Run `rencontre ARGS…` on the test database; returns Typer's result."""
    runner = CliRunner()

    def run(*args: str) -> Result:
        return runner.invoke(app, list(args), env={"RENCONTRE_DATABASE_URL": database_url})

    return run


@pytest.fixture
def stored_mission(database_url: str) -> StoredMission:
    """Read the latest mission back from the test database, as the commands left it."""

    def load() -> repo.MissionSnapshot:
        engine = open_database(Settings(database_url=database_url))
        try:
            with session_scope(engine) as session:
                return repo.load_mission(session)
        finally:
            engine.dispose()

    return load


@pytest.fixture
def umask() -> Iterator[None]:
    """Run the test under umask 022, whatever the caller's, and restore it afterwards."""
    previous = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(previous)
