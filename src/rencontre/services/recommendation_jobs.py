"""When a mission's recommended partners are up to date, and starting the matching if not.

The rule: the engine's proposals are **stale** when what the matching reads has changed
since the latest matching job read it, that is when the digest of the inputs it recorded
differs from the digest of the inputs as stored now (`services.matching_inputs`). This needs
no update times on the records, and a change the matching does not read starts no new run.

`ensure_recommendations` is what `/me/partners` calls: it starts a matching job when there
is none yet, or when the latest one read other inputs than today's; never when one is
queued or running (at most one per mission and kind: see `store.jobs.add_job`), nor when
the latest one, on today's inputs, failed (an organiser starts it again through the API).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from rencontre.services.jobs import JobKind, start_job
from rencontre.services.matching_inputs import current_digest
from rencontre.store import jobs as store
from rencontre.store.jobs import Job, JobAlreadyActive


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
        latest.active or latest.inputs_digest == current_digest(session, mission)
    ):
        return RecommendationsState(latest)
    try:
        started = start_job(session, JobKind.MATCHING, mission, by, now=now)
    except JobAlreadyActive as already:
        started = already.job
    return RecommendationsState(started)
