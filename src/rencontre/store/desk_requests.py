"""A mission's requests as the organiser's desk acts on them: proposals by id, statuses, deadline.

The desk approves or rejects the matching's proposals by their stored ids (the only ids its
pages show), and closes or reopens the participants' requests by setting the mission's
deadline. Every function takes an open `Session`; the caller owns the transaction.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from rencontre.core.enums import RequestStatus
from rencontre.store import convert
from rencontre.store.models import MeetingRequestRow, MissionRow
from rencontre.store.participant_requests import StoredRequest
from rencontre.store.repositories import _PAIR


def requests_with_status(
    session: Session, mission: str, status: RequestStatus
) -> tuple[StoredRequest, ...]:
    """The requests of `mission` in `status`, with their ids, in the order stored."""
    query = (
        select(MeetingRequestRow)
        .options(*_PAIR)
        .join(MissionRow, MeetingRequestRow.mission_id == MissionRow.id)
        .where(MissionRow.key == mission, MeetingRequestRow.status == status.value)
        .order_by(MeetingRequestRow.id)
    )
    return tuple(StoredRequest(r.id, convert.request_from_row(r)) for r in session.scalars(query))


def change_statuses(
    session: Session, request_ids: Collection[int], *, was: RequestStatus, to: RequestStatus
) -> int:
    """Give the requests of `request_ids` still in status `was` the status `to`; how many.

    The condition on `was` makes two organisers deciding the same proposal at once safe:
    the second finds it changed already.
    """
    if not request_ids:
        return 0
    changed = session.execute(
        update(MeetingRequestRow)
        .where(MeetingRequestRow.id.in_(list(request_ids)), MeetingRequestRow.status == was.value)
        .values(status=to.value)
    )
    session.flush()
    return int(getattr(changed, "rowcount", 0))


def set_requests_close_at(session: Session, mission: str, at: datetime | None) -> None:
    """Set (or clear, with None) when the participants' requests of `mission` close."""
    session.execute(
        update(MissionRow).where(MissionRow.key == mission).values(requests_close_at=at)
    )
    session.flush()
