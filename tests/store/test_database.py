"""Opening the database: schema creation, idempotent upgrades, migrations in step with models."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, inspect, text

from rencontre.settings import Settings
from rencontre.store import migrations
from rencontre.store.database import (
    SchemaUpgrade,
    alembic_config,
    create_database_engine,
    current_revision,
    head_revision,
    open_database,
    session_scope,
    upgrade_schema,
)
from rencontre.store.models import Base
from rencontre.store.models_jobs import QUEUE_TABLES

INSERT_MISSION = (
    "INSERT INTO missions (key, title, start_date, end_date, timezone, description, slot_minutes)"
    " VALUES ('m', 't', '2025-06-10', '2025-06-11', 'UTC', '', 20)"
)


def test_head_revision_is_the_latest_migration() -> None:
    versions = Path(migrations.__file__).parent / "versions"
    assert head_revision() == max(p.name[:4] for p in versions.glob("0*.py"))


def test_open_database_creates_every_table(engine: Engine) -> None:
    assert current_revision(engine) == head_revision()
    tables = set(inspect(engine).get_table_names())
    # On PostgreSQL the job queue's tables (procrastinate's, no model) live beside ours.
    queue = QUEUE_TABLES if engine.dialect.name == "postgresql" else frozenset()
    assert tables == set(Base.metadata.tables) | {"alembic_version"} | queue


def test_upgrade_schema_twice_is_a_no_op(engine: Engine) -> None:
    assert upgrade_schema(engine) == SchemaUpgrade(before=head_revision(), after=head_revision())
    assert upgrade_schema(engine).changed is False


def test_upgrade_schema_creates_a_new_database(empty_database_url: str) -> None:
    engine = create_database_engine(Settings(database_url=empty_database_url))
    try:
        assert current_revision(engine) is None
        assert upgrade_schema(engine) == SchemaUpgrade(before=None, after=head_revision())
    finally:
        engine.dispose()


def test_migrations_match_the_models(engine: Engine) -> None:
    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"include_name": lambda name, *_: name not in QUEUE_TABLES}
        )
        differences = compare_metadata(context, Base.metadata)
    assert differences == []


def test_open_database_twice_keeps_the_data(empty_database_url: str) -> None:
    settings = Settings(database_url=empty_database_url)
    first = open_database(settings)
    with session_scope(first) as session:
        session.execute(text(INSERT_MISSION))
    first.dispose()
    second = open_database(settings)
    try:
        with second.connect() as connection:
            count = connection.execute(text("SELECT count(*) FROM missions")).scalar_one()
        assert count == 1
        assert current_revision(second) == head_revision()
    finally:
        second.dispose()


def test_downgrade_to_base_then_upgrade_again(empty_database_url: str) -> None:
    engine = open_database(Settings(database_url=empty_database_url))
    try:
        config = alembic_config()
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.downgrade(config, "base")
        assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
        assert upgrade_schema(engine) == SchemaUpgrade(before=None, after=head_revision())
    finally:
        engine.dispose()


def test_session_scope_rolls_back_on_error(engine: Engine) -> None:
    with pytest.raises(RuntimeError), session_scope(engine) as session:
        session.execute(text(INSERT_MISSION))
        raise RuntimeError("abort")
    with session_scope(engine) as session:
        assert session.execute(text("SELECT count(*) FROM missions")).scalar_one() == 0


def test_sqlite_enforces_foreign_keys(sqlite_template: Path) -> None:
    engine = open_database(Settings(database_url=f"sqlite:///{sqlite_template}"))
    try:
        with engine.connect() as connection:
            assert connection.execute(text("PRAGMA foreign_keys")).scalar_one() == 1
    finally:
        engine.dispose()
