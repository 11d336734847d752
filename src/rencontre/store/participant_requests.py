"""A mission's meeting requests with their stored ids, as a participant's pages act on them.

A participant answers or withdraws one request by its id (the only id her pages show), so
these queries keep it beside the core request. Adding and merging requests goes through
`rencontre.store.updates.store_records`, as an import does.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, or_, select
from sqlalchemy.orm import Session

from rencontre.core.enums import RequestStatus
from rencontre.core.meeting import MeetingRequest
from rencontre.store import convert
from rencontre.store.models import MeetingRequestRow, MissionRow
from rencontre.store.repositories import _PAIR


@dataclass(frozen=True)
class StoredRequest:
    """A request and the id of its row."""

    id: int
    request: MeetingRequest


def _query(mission: str):  # type: ignore[no-untyped-def]  # a Select; its type differs by version
    return (
        select(MeetingRequestRow)
        .options(*_PAIR)
        .join(MissionRow, MeetingRequestRow.mission_id == MissionRow.id)
        .where(MissionRow.key == mission)
        .order_by(MeetingRequestRow.id)
    )


def requests_involving(
    session: Session, mission: str, participant_ids: set[int]
) -> tuple[StoredRequest, ...]:
    """The requests of `mission` from or to any of `participant_ids`, in the order stored."""
    query = _query(mission).where(
        or_(
            MeetingRequestRow.requester_id.in_(participant_ids),
            MeetingRequestRow.requested_id.in_(participant_ids),
        )
    )
    return tuple(StoredRequest(r.id, convert.request_from_row(r)) for r in session.scalars(query))


def request_by_id(session: Session, mission: str, request_id: int) -> StoredRequest | None:
    """Request `request_id` if it belongs to `mission`."""
    row = session.scalars(_query(mission).where(MeetingRequestRow.id == request_id)).first()
    return None if row is None else StoredRequest(row.id, convert.request_from_row(row))


def answer_request(
    session: Session, request_id: int, status: RequestStatus, reverse_message: str
) -> None:
    """Give request `request_id` its new status and the requested person's message."""
    row = session.get(MeetingRequestRow, request_id)
    if row is None:
        raise LookupError(f"no meeting request {request_id}")
    row.status = status.value
    row.reverse_message = reverse_message
    session.flush()


def delete_proposals(session: Session, request_ids: list[int]) -> None:
    """Remove proposals, rejected ones included (a participant's own request takes their
    place); never a request of any other status."""
    if request_ids:
        session.execute(
            delete(MeetingRequestRow).where(
                MeetingRequestRow.id.in_(request_ids),
                MeetingRequestRow.status.in_(
                    (RequestStatus.PROPOSED.value, RequestStatus.CANCELLED.value)
                ),
            )
        )
        session.flush()
