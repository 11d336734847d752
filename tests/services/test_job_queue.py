"""The PostgreSQL job path: a job queued through procrastinate in the caller's transaction,
then run by a worker (`services.job_queue.work`, what `rencontre worker` runs)."""

from __future__ import annotations

from collections.abc import Iterator

import psycopg
import pytest
from sqlalchemy import Engine
from tests.conftest import PostgresServer

from rencontre.core.dataset import Dataset
from rencontre.core.enums import RequestStatus
from rencontre.services.job_queue import libpq_url, work
from rencontre.services.jobs import JobKind, JobOptions, start_job
from rencontre.settings import Settings
from rencontre.store import jobs as store
from rencontre.store import repositories as repo
from rencontre.store.database import open_database, session_scope

pytestmark = pytest.mark.postgres

MISSION = "hdf-nl-2025"
QUICK = JobOptions(encoder="lexical", time_limit_s=5.0, workers=1)


@pytest.fixture
def postgres_url(postgres_server: PostgresServer) -> str:
    return postgres_server.clean_database()


@pytest.fixture
def stored(postgres_url: str, sample_dataset: Dataset) -> Iterator[Engine]:
    engine = open_database(Settings(database_url=postgres_url))
    with session_scope(engine) as session:
        repo.save_dataset(session, sample_dataset)
    yield engine
    engine.dispose()


def queue_states(database_url: str) -> list[tuple[str, str]]:
    with psycopg.connect(libpq_url(database_url)) as connection:
        rows = connection.execute("SELECT task_name, status FROM procrastinate_jobs").fetchall()
    return [(str(name), str(status)) for name, status in rows]


def test_a_job_is_queued_with_its_row_and_a_worker_runs_it(
    stored: Engine, postgres_url: str
) -> None:
    with session_scope(stored) as session:
        job = start_job(session, JobKind.MATCHING, MISSION, "olivia@agency.example")
    assert queue_states(postgres_url) == [("rencontre.run_job", "todo")]

    work(postgres_url, stored, options=QUICK, until_empty=True)

    assert queue_states(postgres_url) == [("rencontre.run_job", "succeeded")]
    with session_scope(stored) as session:
        done = store.get_job(session, job.id)
        proposed = [
            r for r in repo.load_mission(session, MISSION).requests
            if r.status is RequestStatus.PROPOSED
        ]  # fmt: skip
    assert done is not None and done.state == "succeeded", done
    assert done.result is not None and done.result["proposals"] == len(proposed) > 0
    assert done.progress["stage"] == "storing"


def test_a_job_rolled_back_with_its_transaction_is_never_queued(
    stored: Engine, postgres_url: str
) -> None:
    class Abandoned(Exception):
        pass

    with pytest.raises(Abandoned), session_scope(stored) as session:
        start_job(session, JobKind.SCHEDULING, MISSION, "olivia@agency.example")
        raise Abandoned
    assert queue_states(postgres_url) == []
    with session_scope(stored) as session:
        assert store.latest_job(session, mission=MISSION, kind="scheduling") is None
