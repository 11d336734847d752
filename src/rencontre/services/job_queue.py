"""The job queue on PostgreSQL: procrastinate, its tables beside ours in the same database.

A queued job (`services.jobs.start_job`) is deferred as one procrastinate task,
`rencontre.run_job`, carrying the job's id, on the caller's own connection: the queue entry
is committed, or rolled back, with the job's row. `rencontre worker` runs `work`: a
procrastinate worker that takes those tasks and runs `services.jobs.run_job`; any number of
workers, on any machines, share the queue. Migration 0006 creates procrastinate's schema.
"""

from __future__ import annotations

import asyncio
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import procrastinate
from sqlalchemy import Engine
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from rencontre.services.jobs import JobOptions, fail_abandoned_jobs, run_job

TASK_NAME = "rencontre.run_job"
QUEUE_NAME = "rencontre"


def libpq_url(database_url: str) -> str:
    """The libpq form of a SQLAlchemy PostgreSQL URL (psycopg connects with it)."""
    return make_url(database_url).set(drivername="postgresql").render_as_string(hide_password=False)


def defer(session: Session, job_id: int) -> None:
    """Queue job `job_id` for a worker, in `session`'s transaction."""
    connection: Any = session.connection().connection.dbapi_connection
    deferrer = procrastinate.App(connector=procrastinate.PsycopgConnector()).configure_task(
        TASK_NAME, queue=QUEUE_NAME, connection=connection
    )
    deferrer.defer(job_id=job_id)


def queue_app(database_url: str, engine: Engine, options: JobOptions) -> procrastinate.App:
    """A procrastinate app on `database_url` whose task runs jobs on `engine`."""
    app = procrastinate.App(
        connector=procrastinate.PsycopgConnector(conninfo=libpq_url(database_url))
    )

    @app.task(name=TASK_NAME, queue=QUEUE_NAME)
    def run(job_id: int) -> None:
        run_job(engine, job_id, options=options)

    return app


def work(
    database_url: str,
    engine: Engine,
    *,
    options: JobOptions | None = None,
    until_empty: bool = False,
    concurrency: int = 1,
) -> None:
    """Run jobs as they are queued, until interrupted; with `until_empty`, until none is left.

    Jobs left running by a worker that died are failed first (`fail_abandoned_jobs`).
    """
    fail_abandoned_jobs(engine)
    app = queue_app(database_url, engine, options or JobOptions())

    async def serve() -> None:
        async with app.open_async():
            await app.run_worker_async(
                queues=[QUEUE_NAME],
                wait=not until_empty,
                concurrency=concurrency,
                install_signal_handlers=not until_empty
                and threading.current_thread() is threading.main_thread(),
            )

    try:
        asyncio.get_running_loop()
    except RuntimeError:  # the usual case: no event loop in this thread
        asyncio.run(serve())
        return
    # Called from code that runs an event loop of its own (a notebook, a test runner's
    # browser driver): asyncio.run refuses to start a second one here, so it runs beside.
    with ThreadPoolExecutor(max_workers=1) as beside:
        beside.submit(asyncio.run, serve()).result()
