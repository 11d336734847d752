"""When a mission's recommended partners are up to date, and starting the matching if not.

The rule: the engine's proposals are **stale** when what the matching reads has changed
since the latest matching job read it, that is when the digest of the inputs it recorded
differs from the digest of the inputs as stored now (`services.matching_inputs`). This needs
no update times on the records, and a change the matching does not read starts no new run.

`ensure_recommendations` is what `/me/partners` calls: it starts a matching job when there
is none yet, or when the latest one read other inputs than today's; never when one is
queued or running (at most one per mission and kind: see `store.jobs.add_job`), nor when
the latest one, on today's inputs, failed (an organiser starts it again through the API).

**A change is noticed within `INPUTS_RECHECK_S` seconds**, not at once. The digest reads
every profile of the mission (a few hundred milliseconds of a core for 300 people), too much
for a page that many people open every few seconds; so each server process keeps the digest
it computed for a mission and its latest matching job, and computes it again only when that
copy is `INPUTS_RECHECK_S` old (by the `now` given), when a newer job has finished, or when
the clock went back. A change made in that window starts its job at the first visit after
it. The copy is kept per database engine, so two databases never share one.
"""

from __future__ import annotations

import threading
import weakref
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Connection, Engine
from sqlalchemy.orm import Session

from rencontre.services.jobs import JobKind, start_job
from rencontre.services.matching_inputs import current_digest
from rencontre.store import jobs as store
from rencontre.store.jobs import Job, JobAlreadyActive

#: Seconds a process trusts the digest it computed of a mission's matching inputs.
INPUTS_RECHECK_S = 30


@dataclass(frozen=True)
class RecommendationsState:
    """Whether the engine's proposals of a mission can be shown, and the job behind them."""

    #: The latest matching job of the mission (None: never matched).
    job: Job | None

    @property
    def preparing(self) -> bool:
        return self.job is not None and self.job.active


def ensure_recommendations(
    session: Session, *, mission: str, by: str, now: datetime
) -> RecommendationsState:
    """The state of `mission`'s recommendations, a matching job started if they are stale."""
    latest = store.latest_job(session, mission=mission, kind=JobKind.MATCHING.value)
    if latest is not None and (
        latest.active or latest.inputs_digest == _DIGESTS.digest(session, mission, latest, now)
    ):
        return RecommendationsState(latest)
    try:
        started = start_job(session, JobKind.MATCHING, mission, by, now=now)
    except JobAlreadyActive as already:
        started = already.job
    return RecommendationsState(started)


@dataclass(frozen=True)
class _Computed:
    job_id: int  # the latest matching job when it was computed
    at: datetime
    digest: str


class _RecentDigests:
    """The digest of each mission's matching inputs, as this process last computed it."""

    def __init__(self) -> None:
        self._by_engine: weakref.WeakKeyDictionary[Engine, dict[str, _Computed]] = (
            weakref.WeakKeyDictionary()
        )
        self._lock = threading.Lock()  # pages run in several threads

    def digest(self, session: Session, mission: str, latest: Job, now: datetime) -> str:
        bind = session.get_bind()
        engine = bind.engine if isinstance(bind, Connection) else bind
        with self._lock:
            held = self._by_engine.get(engine, {}).get(mission)
        if (
            held is not None
            and held.job_id == latest.id
            and held.at <= now < held.at + timedelta(seconds=INPUTS_RECHECK_S)
        ):
            return held.digest
        computed = _Computed(latest.id, now, current_digest(session, mission))
        with self._lock:
            self._by_engine.setdefault(engine, {})[mission] = computed
        return computed.digest


_DIGESTS = _RecentDigests()
