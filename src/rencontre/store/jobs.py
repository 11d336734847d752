"""Reading and writing background jobs and the proposals a matching job stored.

Every function takes an open `Session` (the caller owns the transaction) and returns plain
`Job` records, never ORM rows. State changes that two processes could race for (taking a
queued job) are single conditional UPDATEs, so exactly one of them wins.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from rencontre.core.enums import RequestStatus
from rencontre.store.models import MeetingRequestRow, MissionRow
from rencontre.store.models_jobs import JobProposalRow, JobRow

QUEUED, RUNNING, SUCCEEDED, FAILED = "queued", "running", "succeeded", "failed"
ACTIVE_STATES = (QUEUED, RUNNING)


@dataclass(frozen=True)
class Job:
    """A stored job, as its row says."""

    id: int
    kind: str
    mission: str  # the mission's key
    state: str
    started_by: str
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    heartbeat_at: datetime | None
    progress: Mapping[str, Any]
    result: Mapping[str, Any] | None
    error: str
    inputs_digest: str

    @property
    def active(self) -> bool:
        return self.state in ACTIVE_STATES


class JobAlreadyActive(Exception):
    """The mission already has a queued or running job of that kind."""

    def __init__(self, job: Job) -> None:
        super().__init__(f"job {job.id} ({job.kind} of mission {job.mission!r}) is {job.state}")
        self.job = job


def add_job(session: Session, *, kind: str, mission: str, started_by: str, at: datetime) -> Job:
    """Store a queued job; JobAlreadyActive when one of that kind is queued or running."""
    mission_id = session.scalars(select(MissionRow.id).where(MissionRow.key == mission)).one()
    row = JobRow(
        kind=kind,
        mission_id=mission_id,
        state=QUEUED,
        started_by=started_by,
        created_at=at,
        progress={},
        error="",
        inputs_digest="",
    )
    try:
        with session.begin_nested():
            session.add(row)
            session.flush()
    except IntegrityError:
        active = active_job(session, mission=mission, kind=kind)
        if active is None:  # it finished in between: the insert may be tried again
            raise
        raise JobAlreadyActive(active) from None
    return _job(row, mission)


def get_job(session: Session, job_id: int) -> Job | None:
    found = session.execute(_jobs().where(JobRow.id == job_id)).first()
    return None if found is None else _job(*found)


def active_job(session: Session, *, mission: str, kind: str) -> Job | None:
    """The queued or running job of `kind` in `mission`, if any."""
    query = _jobs().where(
        MissionRow.key == mission, JobRow.kind == kind, JobRow.state.in_(ACTIVE_STATES)
    )
    found = session.execute(query).first()
    return None if found is None else _job(*found)


def latest_job(session: Session, *, mission: str, kind: str) -> Job | None:
    """The most recently created job of `kind` in `mission`, whatever its state."""
    query = _jobs().where(MissionRow.key == mission, JobRow.kind == kind)
    found = session.execute(query.order_by(JobRow.id.desc()).limit(1)).first()
    return None if found is None else _job(*found)


def mission_jobs(
    session: Session, mission: str, *, limit: int, offset: int
) -> tuple[list[Job], int]:
    """One page of the jobs of `mission`, newest first, and how many it has in all."""
    query = _jobs().where(MissionRow.key == mission).order_by(JobRow.id.desc())
    rows = session.execute(query.limit(limit).offset(offset)).all()
    total = session.scalar(
        select(func.count(JobRow.id)).join(MissionRow).where(MissionRow.key == mission)
    )
    return [_job(*row) for row in rows], total or 0


def queued_job_ids(session: Session) -> list[int]:
    """Every queued job, oldest first."""
    query = select(JobRow.id).where(JobRow.state == QUEUED).order_by(JobRow.id)
    return list(session.scalars(query))


def claim_job(session: Session, job_id: int, *, at: datetime) -> bool:
    """Mark queued job `job_id` running; False when it is not queued (someone took it)."""
    taken = session.execute(
        update(JobRow)
        .where(JobRow.id == job_id, JobRow.state == QUEUED)
        .values(state=RUNNING, started_at=at, heartbeat_at=at)
    )
    return bool(getattr(taken, "rowcount", 0))


def record_progress(
    session: Session,
    job_id: int,
    *,
    at: datetime,
    progress: Mapping[str, Any] | None = None,
    inputs_digest: str | None = None,
) -> None:
    """Note that running job `job_id` is alive, with its new progress when given."""
    values: dict[str, Any] = {"heartbeat_at": at}
    if progress is not None:
        values["progress"] = dict(progress)
    if inputs_digest is not None:
        values["inputs_digest"] = inputs_digest
    session.execute(
        update(JobRow).where(JobRow.id == job_id, JobRow.state == RUNNING).values(**values)
    )


def finish_job(
    session: Session,
    job_id: int,
    *,
    at: datetime,
    result: Mapping[str, Any] | None = None,
    error: str = "",
) -> None:
    """Mark job `job_id` succeeded with `result`, or failed with `error` when one is given."""
    session.execute(
        update(JobRow)
        .where(JobRow.id == job_id)
        .values(
            state=FAILED if error else SUCCEEDED,
            finished_at=at,
            heartbeat_at=at,
            result=None if result is None else dict(result),
            error=error,
        )
    )


def requeue_job(session: Session, job_id: int) -> None:
    """Put running job `job_id` back in the queue (its runner stopped before the end)."""
    session.execute(
        update(JobRow)
        .where(JobRow.id == job_id, JobRow.state == RUNNING)
        .values(state=QUEUED, started_at=None, heartbeat_at=None, progress={})
    )


def fail_abandoned_jobs(session: Session, *, heard_before: datetime, at: datetime) -> list[int]:
    """Fail the running jobs not heard of since `heard_before` (their runner died)."""
    query = select(JobRow.id).where(JobRow.state == RUNNING, JobRow.heartbeat_at < heard_before)
    ids = list(session.scalars(query))
    for job_id in ids:
        finish_job(session, job_id, at=at, error="the process running it stopped before the end")
    return ids


def link_proposals(session: Session, job_id: int, mission: str) -> int:
    """Record that every proposed request of `mission` is job `job_id`'s; how many."""
    proposed = (
        select(MeetingRequestRow.id)
        .join(MissionRow)
        .where(
            MissionRow.key == mission,
            MeetingRequestRow.status == RequestStatus.PROPOSED.value,
        )
    )
    ids = list(session.scalars(proposed))
    session.execute(delete(JobProposalRow).where(JobProposalRow.request_id.in_(ids)))
    if ids:
        session.execute(insert(JobProposalRow), [{"job_id": job_id, "request_id": i} for i in ids])
    return len(ids)


def unlink_proposals(session: Session, request_ids: Collection[int]) -> None:
    """Those requests are no longer the engine's proposals (an organiser approved them)."""
    if request_ids:
        session.execute(delete(JobProposalRow).where(JobProposalRow.request_id.in_(request_ids)))


def engine_proposal_ids(session: Session, request_ids: Collection[int]) -> set[int]:
    """Those of `request_ids` that a matching job stored."""
    if not request_ids:
        return set()
    query = select(JobProposalRow.request_id).where(JobProposalRow.request_id.in_(request_ids))
    return set(session.scalars(query))


def _jobs() -> Any:  # a Select; its type differs by SQLAlchemy version
    return select(JobRow, MissionRow.key).join(MissionRow, JobRow.mission_id == MissionRow.id)


def _job(row: JobRow, mission: str) -> Job:
    return Job(
        id=row.id,
        kind=row.kind,
        mission=mission,
        state=row.state,
        started_by=row.started_by,
        created_at=row.created_at,
        started_at=row.started_at,
        finished_at=row.finished_at,
        heartbeat_at=row.heartbeat_at,
        progress=dict(row.progress or {}),
        result=None if row.result is None else dict(row.result),
        error=row.error,
        inputs_digest=row.inputs_digest,
    )
