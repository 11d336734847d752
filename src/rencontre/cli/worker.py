"""`rencontre worker`: run the background jobs (matching, scheduling) queued on PostgreSQL.

Web processes only queue jobs; workers run them. Any number of workers, on any machines,
share the queue of one PostgreSQL database. With SQLite there is no queue: the web server
runs the jobs itself, in a thread, so this command refuses.
"""

from __future__ import annotations

from typing import Annotated

import typer

from rencontre.cli.command import Command
from rencontre.cli.common import database, stderr_console
from rencontre.cli.messages import fail
from rencontre.settings import Settings

EXIT_NEEDS_POSTGRESQL = 2
NEEDS_POSTGRESQL = "rencontre worker needs PostgreSQL; with SQLite the server runs jobs itself"


def worker_command(
    until_empty: Annotated[
        bool,
        typer.Option(
            "--until-empty",
            help="Stop when no job is left in the queue, instead of waiting for more.",
        ),
    ] = False,
    concurrency: Annotated[
        int, typer.Option(min=1, help="Jobs this worker runs at the same time.")
    ] = 1,
) -> None:
    """Run queued background jobs (matching, scheduling) until interrupted."""
    from rencontre.services.job_queue import work

    settings = Settings.from_environ()
    if not settings.database_url.startswith("postgresql"):
        raise fail(NEEDS_POSTGRESQL, code=EXIT_NEEDS_POSTGRESQL)
    with database(settings) as engine:
        stderr_console().print(
            f"Running the jobs queued in {settings.masked_database_url}"
            + (" until none is left" if until_empty else "; Ctrl+C stops"),
            markup=False,
        )
        work(settings.database_url, engine, until_empty=until_empty, concurrency=concurrency)


def register(app: typer.Typer) -> None:
    """Add `worker` to the top-level app."""
    app.command("worker", cls=Command)(worker_command)
