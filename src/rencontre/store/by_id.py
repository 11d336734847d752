"""What the API names by its stored id: organisations, meetings, and requests' missions.

The core types are identified by natural keys (a name, an e-mail, a pair of people in a
mission); the API names them by the id of their row, so these queries keep it beside the
core object. Requests with their ids are in `rencontre.store.participant_requests`.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from rencontre.core.meeting import Meeting
from rencontre.store import convert
from rencontre.store.models import MeetingRequestRow, MeetingRow, MissionRow, OrganisationRow
from rencontre.store.participant_requests import StoredRequest

_MEETING = (
    selectinload(MeetingRow.mission),
    selectinload(MeetingRow.requester),
    selectinload(MeetingRow.requested),
    selectinload(MeetingRow.venue),
)
_REQUEST = (
    selectinload(MeetingRequestRow.mission),
    selectinload(MeetingRequestRow.requester),
    selectinload(MeetingRequestRow.requested),
)


@dataclass(frozen=True)
class StoredMeeting:
    """A meeting and the id of its row."""

    id: int
    meeting: Meeting


def organisation_ids(session: Session, names: Collection[str]) -> dict[str, int]:
    """Organisation name -> id, for the names that are stored."""
    if not names:
        return {}
    query = select(OrganisationRow.name, OrganisationRow.id).where(OrganisationRow.name.in_(names))
    return {name: ident for name, ident in session.execute(query)}


def organisation_name(session: Session, ident: int) -> str | None:
    """The name of organisation `ident`, or None when there is none."""
    query = select(OrganisationRow.name).where(OrganisationRow.id == ident)
    return session.scalars(query).first()


def mission_meetings(session: Session, mission: str) -> tuple[StoredMeeting, ...]:
    """The meetings of `mission` (every status) with their ids, in the order stored."""
    query = (
        select(MeetingRow)
        .options(*_MEETING)
        .join(MissionRow, MeetingRow.mission_id == MissionRow.id)
        .where(MissionRow.key == mission)
        .order_by(MeetingRow.id)
    )
    return tuple(StoredMeeting(r.id, convert.meeting_from_row(r)) for r in session.scalars(query))


def meeting(session: Session, ident: int) -> StoredMeeting | None:
    """Meeting `ident`, whatever its mission (`meeting.mission` says which), or None."""
    row = session.scalars(select(MeetingRow).options(*_MEETING).where(MeetingRow.id == ident))
    found = row.first()
    return None if found is None else StoredMeeting(found.id, convert.meeting_from_row(found))


def mission_requests(session: Session, mission: str) -> tuple[StoredRequest, ...]:
    """The requests of `mission` (every status) with their ids, in the order stored."""
    query = (
        select(MeetingRequestRow)
        .options(*_REQUEST)
        .join(MissionRow, MeetingRequestRow.mission_id == MissionRow.id)
        .where(MissionRow.key == mission)
        .order_by(MeetingRequestRow.id)
    )
    return tuple(StoredRequest(r.id, convert.request_from_row(r)) for r in session.scalars(query))


def request(session: Session, ident: int) -> StoredRequest | None:
    """Request `ident`, whatever its mission (`request.mission` says which), or None."""
    rows = session.scalars(
        select(MeetingRequestRow).options(*_REQUEST).where(MeetingRequestRow.id == ident)
    )
    found = rows.first()
    return None if found is None else StoredRequest(found.id, convert.request_from_row(found))
