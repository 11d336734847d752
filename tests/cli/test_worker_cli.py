"""`rencontre worker`: runs the queued jobs on PostgreSQL; a one-line refusal on SQLite."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Engine
from typer.testing import Result

from rencontre.cli.worker import EXIT_NEEDS_POSTGRESQL, NEEDS_POSTGRESQL
from rencontre.services.jobs import JobKind, start_job
from rencontre.store import jobs as store
from rencontre.store import repositories as repo
from rencontre.store.database import session_scope


def test_the_worker_runs_the_queued_job_or_says_it_needs_postgresql(
    rencontre: Callable[..., Result], engine: Engine
) -> None:
    assert rencontre("demo").exit_code == 0
    with session_scope(engine) as session:
        [mission] = repo.mission_keys(session)
        job = start_job(session, JobKind.SCHEDULING, mission, "olivia@agency.example")
    result = rencontre("worker", "--until-empty")
    with session_scope(engine) as session:
        after = store.get_job(session, job.id)
    assert after is not None
    if engine.dialect.name == "sqlite":
        assert result.exit_code == EXIT_NEEDS_POSTGRESQL
        assert result.stderr == f"error: {NEEDS_POSTGRESQL}\n"
        assert after.state == "queued"
    else:
        assert result.exit_code == 0, result.output
        assert after.state == "succeeded", after.error
        assert after.result is not None and after.result["placed"] > 0
