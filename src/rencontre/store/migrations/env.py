"""Alembic environment: runs on the connection that `upgrade_schema` passes in.

Run by hand (`alembic -c <config>`), it opens the database named by `RENCONTRE_DATABASE_URL`.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from rencontre.settings import Settings
from rencontre.store.models import Base


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        # SQLite cannot ALTER most things: batch mode rebuilds tables instead.
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = context.config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:
    from rencontre.store.database import create_database_engine

    engine = create_database_engine(Settings.from_environ())
    with engine.begin() as new_connection:
        _run(new_connection)
    engine.dispose()
