"""Recommended partners come from a matching job: a page that finds them stale starts one,
says they are being prepared, and shows them once the server's job thread has run it."""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine
from tests.web.conftest import WEB
from tests.web.testclient import TestClient
from tests.web.world import INES, MISSION, MovableClock, World, open_link, store_world

from rencontre.services.jobs import JobOptions
from rencontre.services.recommendation_jobs import INPUTS_RECHECK_S
from rencontre.settings import Settings
from rencontre.store import jobs as store
from rencontre.store.database import open_database, session_scope
from rencontre.store.mission_edits import leave_mission
from rencontre.web.app import create_app

QUICK = JobOptions(encoder="lexical", time_limit_s=5.0, workers=1)
PREPARING = "Your recommended partners are being prepared."


@pytest.fixture
def sqlite_engine(tmp_path: Path, sqlite_template: Path) -> Iterator[Engine]:
    """SQLite only: there the server runs the jobs itself (PostgreSQL: test_job_queue)."""
    shutil.copyfile(sqlite_template, tmp_path / "rencontre.db")
    engine = open_database(Settings(database_url=f"sqlite:///{tmp_path / 'rencontre.db'}"))
    yield engine
    engine.dispose()


@pytest.fixture
def world(sqlite_engine: Engine) -> World:
    return store_world(sqlite_engine)


@pytest.fixture
def clock() -> MovableClock:
    return MovableClock()


@pytest.fixture
def sqlite_client(sqlite_engine: Engine, world: World, clock: MovableClock) -> Iterator[TestClient]:
    settings = Settings(database_url=str(sqlite_engine.url))
    app = create_app(settings, WEB, clock=clock, job_options=QUICK)
    with TestClient(app, follow_redirects=False) as client:
        yield client


def test_stale_recommendations_are_prepared_by_a_job_then_shown(
    sqlite_client: TestClient, world: World, sqlite_engine: Engine, clock: MovableClock
) -> None:
    engine = sqlite_engine
    assert open_link(sqlite_client, world.links[INES]) == 303
    assert PREPARING not in sqlite_client.get("/me/partners?lang=en").text
    with session_scope(engine) as session:
        leave_mission(session, MISSION, "anne@wallonie.example")
    # The server notices a change of the matching's inputs within INPUTS_RECHECK_S.
    assert PREPARING not in sqlite_client.get("/me/partners?lang=en").text
    clock.advance(timedelta(seconds=INPUTS_RECHECK_S))
    page = sqlite_client.get("/me/partners?lang=en")
    assert page.status_code == 200 and PREPARING in page.text
    deadline = time.monotonic() + 60
    while PREPARING in sqlite_client.get("/me/partners?lang=en").text:
        assert time.monotonic() < deadline, "the job thread did not run the matching job"
        time.sleep(0.2)
    with session_scope(engine) as session:
        job = store.latest_job(session, mission=MISSION, kind="matching")
    assert job is not None and job.state == "succeeded" and job.started_by == INES
