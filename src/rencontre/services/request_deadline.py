"""An organiser closes or reopens her mission's meeting requests, at once.

Closing sets the mission's deadline (`Mission.requests_close_at`) to now: from then on,
participants can no longer send, answer or withdraw requests (`participant_requests`).
Reopening clears it, a deadline still to come included, so requests stay open until an
organiser closes them again (or an import sets a new deadline). Closing requests already
closed, or reopening open ones without a deadline, changes nothing and logs nothing; each
change has its audit log entry in its transaction.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from rencontre.documents import request_log
from rencontre.services import audit_log
from rencontre.store import desk_requests as stored
from rencontre.store import repositories as repo


def close_requests(session: Session, *, mission: str, by: str, now: datetime) -> bool:
    """Close the requests of `mission` now; False when they were closed already."""
    if not repo.get_mission(session, mission).requests_open(now):
        return False
    stored.set_requests_close_at(session, mission, now)
    audit_log.record(
        session,
        mission=mission,
        actor=by,
        action="requests.closed",
        message=request_log.REQUESTS_CLOSED,
        now=now,
    )
    return True


def reopen_requests(session: Session, *, mission: str, by: str, now: datetime) -> bool:
    """Take away the deadline of `mission`'s requests; False when it had none."""
    if repo.get_mission(session, mission).requests_close_at is None:
        return False
    stored.set_requests_close_at(session, mission, None)
    audit_log.record(
        session,
        mission=mission,
        actor=by,
        action="requests.reopened",
        message=request_log.REQUESTS_REOPENED,
        now=now,
    )
    return True
