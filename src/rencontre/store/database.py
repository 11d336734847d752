"""Opening the database: engine, schema creation and upgrades (Alembic), sessions."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from rencontre.settings import Settings

MIGRATIONS_DIRECTORY = Path(__file__).with_name("migrations")


@dataclass(frozen=True)
class SchemaUpgrade:
    """What `upgrade_schema` did: the revision before (None for a new database) and after."""

    before: str | None
    after: str

    @property
    def changed(self) -> bool:
        return self.before != self.after


#: How long a SQLite connection waits for another one's write to finish before giving up.
SQLITE_BUSY_TIMEOUT_MS = 30_000


def create_database_engine(settings: Settings) -> Engine:
    """An engine for `settings.database_url`, with foreign keys enforced on SQLite too."""
    engine = create_engine(settings.database_url)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _configure_sqlite_connection)
        event.listen(engine, "begin", _begin_sqlite_transaction)
    return engine


def open_database(settings: Settings) -> Engine:
    """An engine on a database at the latest schema, created or upgraded first if needed."""
    engine = create_database_engine(settings)
    try:
        upgrade_schema(engine)
    except BaseException:
        engine.dispose()
        raise
    return engine


def upgrade_schema(engine: Engine) -> SchemaUpgrade:
    """Bring the database to the latest revision; a no-op when it is there already."""
    head = head_revision()
    with engine.begin() as connection:
        before = MigrationContext.configure(connection).get_current_revision()
        if before != head:
            config = alembic_config()
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
    return SchemaUpgrade(before=before, after=head)


def current_revision(engine: Engine) -> str | None:
    """The schema revision of the database, None when it has no rencontre schema."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head_revision() -> str:
    """The latest schema revision this version of rencontre knows."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None, "the migrations directory has no revision"
    return head


def alembic_config() -> Config:
    """Alembic configuration without an `alembic.ini`, so it works from an installed package."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIRECTORY))
    return config


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """A session whose work is committed at the end of the block, or rolled back on error."""
    factory = sessionmaker(engine, expire_on_commit=False)
    with factory() as session, session.begin():
        yield session


def _configure_sqlite_connection(dbapi_connection: Any, _record: Any) -> None:
    # Python's sqlite3 opens transactions itself, but not before DDL, so a migration would be
    # neither atomic nor fast (one disk sync per statement); SQLAlchemy's recipe: let the
    # driver do nothing and emit BEGIN in `_begin_sqlite_transaction`.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    # Several server processes and threads share one file. A connection that finds it locked
    # waits its turn (up to SQLITE_BUSY_TIMEOUT_MS) instead of failing at once, and in WAL mode
    # readers and the writer do not block each other (the mode stays with the file).
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


def _begin_sqlite_transaction(connection: Connection) -> None:
    # IMMEDIATE takes the write lock at the start: a transaction that reads and then writes
    # (opening a link, answering a request) cannot find, when it writes, that another one
    # wrote since it read, which SQLite refuses at once ("database is locked") rather than
    # waiting. Transactions are short (engines run outside them), so taking turns costs little.
    connection.exec_driver_sql("BEGIN IMMEDIATE")
