"""`/api/v1/…/jobs`: start a mission's matching or scheduling, and follow it.

Only the organisers of a mission start, see and list its jobs; for anyone else a mission or
a job answers 404, as if it did not exist. Starting answers 202 at once with the queued job:
the work is done by a `rencontre worker` (PostgreSQL) or the server's job thread (SQLite),
never in the request. `GET /api/v1/jobs/{id}` shows its state and progress as it runs.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Path, Request
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from rencontre.services.accounts import Visitor, organises
from rencontre.services.jobs import JobKind, start_job
from rencontre.store import accounts as accounts_store
from rencontre.store import jobs as store
from rencontre.store.jobs import Job, JobAlreadyActive
from rencontre.web.api.pagination import Page, Paging
from rencontre.web.api.routes import problems
from rencontre.web.auth.visitors import ApiVisitor
from rencontre.web.context import web_context
from rencontre.web.errors import ApiProblem

router = APIRouter(prefix="/api/v1", tags=["jobs"])

MissionKey = Annotated[str, Path(description="The mission's key.")]


class JobCreate(BaseModel):
    kind: JobKind = Field(description="`matching` (partner proposals) or `scheduling`.")


class JobPublic(BaseModel):
    id: int
    kind: JobKind
    mission: str = Field(description="The mission's key.")
    state: str = Field(description="`queued`, `running`, `succeeded` or `failed`.")
    started_by: str
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    progress: dict[str, Any] = Field(
        description="While it runs: `stage` and, for matching, `done` of `total`; for "
        "scheduling, the best schedule so far (`breaks`, `bound`, `phase`, `elapsed_s`)."
    )
    result: dict[str, Any] | None = Field(description="What it did, once succeeded.")
    error: str | None = Field(description="Why it failed, once failed.")


def job_public(job: Job) -> JobPublic:
    return JobPublic(
        id=job.id,
        kind=JobKind(job.kind),
        mission=job.mission,
        state=job.state,
        started_by=job.started_by,
        created_at=job.created_at,
        started_at=job.started_at,
        finished_at=job.finished_at,
        progress=dict(job.progress),
        result=None if job.result is None else dict(job.result),
        error=job.error or None,
    )


def _organised_mission(session: Session, visitor: Visitor, key: str) -> None:
    """404 unless `visitor` organises mission `key`."""
    mission_id = accounts_store.mission_ids(session, [key]).get(key)
    if mission_id is None or not organises(session, visitor, mission_id):
        raise ApiProblem(404, f"no mission {key!r} that you organise")


def _who(session: Session, visitor: Visitor) -> str:
    user = None if visitor.user_id is None else accounts_store.get_user(session, visitor.user_id)
    return user.email if user is not None else "unknown organiser"


@router.post(
    "/missions/{key}/jobs",
    status_code=202,
    response_model=JobPublic,
    responses=problems(401, 403, 404, 409, 422),
    summary="Start a mission's matching or scheduling",
)
def create_job(
    request: Request, visitor: ApiVisitor, key: MissionKey, body: JobCreate
) -> JobPublic:
    """Queue a job and answer at once (202); follow it at `/api/v1/jobs/{id}`.

    Matching replaces the mission's proposed requests with new ones; scheduling places the
    accepted requests and stores the meetings. 409 when one of that kind is already queued
    or running in the mission.
    """
    context = web_context(request)
    try:
        with context.transaction() as session:
            _organised_mission(session, visitor, key)
            job = start_job(session, body.kind, key, _who(session, visitor), now=context.now())
    except JobAlreadyActive as already:
        raise ApiProblem(
            409,
            f"job {already.job.id} ({already.job.kind}) of mission {key!r} is "
            f"{already.job.state}: wait for it to finish",
        ) from None
    return job_public(job)


@router.get(
    "/jobs/{job_id}",
    response_model=JobPublic,
    responses=problems(401, 404),
    summary="One job: its state and progress",
)
def get_job(
    request: Request,
    visitor: ApiVisitor,
    job_id: Annotated[int, Path(description="The job's id.")],
) -> JobPublic:
    """A job of a mission you organise; any other answers 404."""
    with web_context(request).transaction() as session:
        job = store.get_job(session, job_id)
        mission_id = None if job is None else accounts_store.mission_ids(session, [job.mission])
        allowed = (
            job is not None
            and mission_id is not None
            and organises(session, visitor, mission_id[job.mission])
        )
    if job is None or not allowed:
        raise ApiProblem(404, f"no job {job_id} that you may see")
    return job_public(job)


@router.get(
    "/missions/{key}/jobs",
    response_model=Page[JobPublic],
    responses=problems(401, 404, 422),
    summary="The jobs of a mission, newest first",
)
def list_jobs(
    request: Request, visitor: ApiVisitor, key: MissionKey, paging: Paging
) -> Page[JobPublic]:
    """Every job of a mission you organise, the newest first, a page at a time."""
    with web_context(request).transaction() as session:
        _organised_mission(session, visitor, key)
        found, total = store.mission_jobs(session, key, limit=paging.limit, offset=paging.offset)
    return Page[JobPublic](
        items=[job_public(j) for j in found], total=total, limit=paging.limit, offset=paging.offset
    )
