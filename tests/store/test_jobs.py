"""Stored jobs: one active job per mission and kind, taken once, progress and results kept."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from rencontre.core.dataset import Dataset
from rencontre.store import jobs as store
from rencontre.store import participant_requests
from rencontre.store import repositories as repo
from rencontre.store.database import session_scope
from rencontre.store.jobs import JobAlreadyActive
from rencontre.store.participant_requests import StoredRequest

MISSION = "hdf-nl-2025"
NOW = datetime(2025, 6, 1, 9, tzinfo=UTC)


@pytest.fixture
def stored(engine: Engine, sample_dataset: Dataset) -> Engine:
    with session_scope(engine) as session:
        repo.save_dataset(session, sample_dataset)
    return engine


def test_a_job_is_stored_queued_and_a_second_active_one_is_refused(stored: Engine) -> None:
    with session_scope(stored) as session:
        job = store.add_job(session, kind="matching", mission=MISSION, started_by="o@x", at=NOW)
    assert (job.state, job.mission, job.started_by, job.created_at) == (
        "queued", MISSION, "o@x", NOW,
    )  # fmt: skip
    with pytest.raises(JobAlreadyActive) as refused, session_scope(stored) as session:
        store.add_job(session, kind="matching", mission=MISSION, started_by="p@x", at=NOW)
    assert refused.value.job.id == job.id
    with session_scope(stored) as session:  # another kind may run beside it
        other = store.add_job(session, kind="scheduling", mission=MISSION, started_by="o", at=NOW)
    assert other.id != job.id


def test_a_queued_job_is_taken_once_then_finished(stored: Engine) -> None:
    with session_scope(stored) as session:
        job = store.add_job(session, kind="matching", mission=MISSION, started_by="o", at=NOW)
        assert store.queued_job_ids(session) == [job.id]
        assert store.claim_job(session, job.id, at=NOW) is True
        assert store.claim_job(session, job.id, at=NOW) is False
        store.record_progress(
            session, job.id, at=NOW, progress={"stage": "scoring", "done": 2, "total": 3}
        )
    with session_scope(stored) as session:
        running = store.get_job(session, job.id)
        assert running is not None
        assert (running.state, dict(running.progress)) == (
            "running", {"stage": "scoring", "done": 2, "total": 3},
        )  # fmt: skip
        store.finish_job(session, job.id, at=NOW + timedelta(seconds=5), result={"proposals": 4})
        # Finished, the mission may have a new job of that kind.
        again = store.add_job(session, kind="matching", mission=MISSION, started_by="o", at=NOW)
    with session_scope(stored) as session:
        done = store.get_job(session, job.id)
        page, total = store.mission_jobs(session, MISSION, limit=1, offset=1)
    assert done is not None
    assert (done.state, done.result, done.error) == ("succeeded", {"proposals": 4}, "")
    assert done.finished_at == NOW + timedelta(seconds=5)
    assert (total, [j.id for j in page]) == (2, [job.id])  # newest first: `again`, then job
    assert again.id > job.id


def test_a_failed_job_keeps_its_error_and_an_abandoned_one_fails(stored: Engine) -> None:
    with session_scope(stored) as session:
        first = store.add_job(session, kind="matching", mission=MISSION, started_by="o", at=NOW)
        store.claim_job(session, first.id, at=NOW)
        store.finish_job(session, first.id, at=NOW, error="no B2B session")
        second = store.add_job(session, kind="matching", mission=MISSION, started_by="o", at=NOW)
        store.claim_job(session, second.id, at=NOW)
        assert store.fail_abandoned_jobs(session, heard_before=NOW, at=NOW) == []
        later = NOW + timedelta(hours=1)
        assert store.fail_abandoned_jobs(session, heard_before=later, at=later) == [second.id]
    with session_scope(stored) as session:
        failed, abandoned = store.get_job(session, first.id), store.get_job(session, second.id)
    assert failed is not None and abandoned is not None
    assert (failed.state, failed.error) == ("failed", "no B2B session")
    assert abandoned.state == "failed"
    assert abandoned.error == "the process running it stopped before the end"


def test_a_matching_job_owns_the_proposals_it_stored_and_no_other(stored: Engine) -> None:
    with session_scope(stored) as session:
        proposed = [s.id for s in repo_requests(session) if s.request.status.value == "proposed"]
        assert len(proposed) == 1  # imported from the sample dataset: not the engine's
        assert store.engine_proposal_ids(session, proposed) == set()
        job = store.add_job(session, kind="matching", mission=MISSION, started_by="o", at=NOW)
        assert store.link_proposals(session, job.id, MISSION) == 1
        assert store.engine_proposal_ids(session, proposed) == set(proposed)


def repo_requests(session: Session) -> tuple[StoredRequest, ...]:
    ids = set(repo.participant_ids(session).values())
    return participant_requests.requests_involving(session, MISSION, ids)
