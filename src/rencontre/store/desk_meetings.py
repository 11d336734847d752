"""The stored meetings a hand move reads and writes, and the locks that pin meetings.

A hand move looks at a handful of meetings (those of the people it moves, and what sits
at the target table), not at the whole schedule, so that checking one on a mission of
thousands of meetings stays quick; these queries read only those.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from sqlalchemy import delete, or_, select
from sqlalchemy.orm import Session, aliased, selectinload

from rencontre.core.enums import MeetingStatus
from rencontre.store import convert
from rencontre.store.by_id import StoredMeeting
from rencontre.store.models import MeetingRow, MissionRow, ParticipantRow, VenueRow
from rencontre.store.models_schedule import MeetingLockRow

_REQUESTER = aliased(ParticipantRow, name="requester")
_REQUESTED = aliased(ParticipantRow, name="requested")
_MEETING = (
    selectinload(MeetingRow.mission),
    selectinload(MeetingRow.requester),
    selectinload(MeetingRow.requested),
    selectinload(MeetingRow.venue),
)


def mission_meeting(session: Session, mission_id: int, meeting_id: int) -> StoredMeeting | None:
    """Meeting `meeting_id` when it belongs to mission `mission_id`, else None."""
    query = (
        select(MeetingRow)
        .options(*_MEETING)
        .where(MeetingRow.id == meeting_id, MeetingRow.mission_id == mission_id)
    )
    row = session.scalars(query).first()
    return None if row is None else StoredMeeting(row.id, convert.meeting_from_row(row))


def live_meetings_of(
    session: Session, mission_id: int, emails: Collection[str]
) -> tuple[StoredMeeting, ...]:
    """The meetings not cancelled of mission `mission_id` that any of `emails` is in."""
    query = (
        select(MeetingRow)
        .join(_REQUESTER, MeetingRow.requester_id == _REQUESTER.id)
        .join(_REQUESTED, MeetingRow.requested_id == _REQUESTED.id)
        .options(*_MEETING)
        .where(
            MeetingRow.mission_id == mission_id,
            MeetingRow.status != MeetingStatus.CANCELLED.value,
            or_(_REQUESTER.email.in_(emails), _REQUESTED.email.in_(emails)),
        )
        .order_by(MeetingRow.id)
    )
    return tuple(StoredMeeting(r.id, convert.meeting_from_row(r)) for r in session.scalars(query))


def meetings_at_table(
    session: Session, mission_id: int, venue: str, table: int, start: datetime, end: datetime
) -> tuple[StoredMeeting, ...]:
    """Meetings not cancelled at `table` of `venue` whose time overlaps `start`–`end`."""
    query = (
        select(MeetingRow)
        .join(VenueRow, MeetingRow.venue_id == VenueRow.id)
        .options(*_MEETING)
        .where(
            MeetingRow.mission_id == mission_id,
            MeetingRow.status != MeetingStatus.CANCELLED.value,
            VenueRow.key == venue,
            MeetingRow.table_number == table,
            MeetingRow.start < end,
            MeetingRow.end > start,
        )
        .order_by(MeetingRow.id)
    )
    return tuple(StoredMeeting(r.id, convert.meeting_from_row(r)) for r in session.scalars(query))


def live_meeting_places(
    session: Session, mission_id: int
) -> dict[tuple[str, datetime, int, frozenset[str]], int]:
    """(venue key, start, table, pair of e-mails) -> id, for the live meetings of a mission.

    Plain columns, no ORM objects: the master grid page reads thousands of them.
    """
    query = (
        select(
            MeetingRow.id,
            VenueRow.key,
            MeetingRow.start,
            MeetingRow.table_number,
            _REQUESTER.email,
            _REQUESTED.email,
        )
        .join(VenueRow, MeetingRow.venue_id == VenueRow.id)
        .join(_REQUESTER, MeetingRow.requester_id == _REQUESTER.id)
        .join(_REQUESTED, MeetingRow.requested_id == _REQUESTED.id)
        .where(
            MeetingRow.mission_id == mission_id,
            MeetingRow.status != MeetingStatus.CANCELLED.value,
        )
    )
    return {
        (venue, start, table, frozenset((first, second))): ident
        for ident, venue, start, table, first, second in session.execute(query)
    }


def place_meeting(
    session: Session, meeting_id: int, *, start: datetime, end: datetime, venue: str, table: int
) -> None:
    """Put meeting `meeting_id` at `venue`, `table`, `start`–`end`; its SEQUENCE grows."""
    row = session.get(MeetingRow, meeting_id)
    assert row is not None
    venue_id = session.scalars(
        select(VenueRow.id).where(VenueRow.mission_id == row.mission_id, VenueRow.key == venue)
    ).one()
    row.start, row.end, row.venue_id, row.table_number = start, end, venue_id, table
    row.sequence += 1
    session.flush()


# Locks ------------------------------------------------------------------------------------


def lock(session: Session, meeting_id: int, *, at: datetime, by: str) -> bool:
    """Lock the meeting; False when it was locked already."""
    if session.get(MeetingLockRow, meeting_id) is not None:
        return False
    session.add(MeetingLockRow(meeting_id=meeting_id, locked_at=at, locked_by=by))
    session.flush()
    return True


def unlock(session: Session, meeting_id: int) -> bool:
    """Unlock the meeting; False when it was not locked."""
    result = session.execute(delete(MeetingLockRow).where(MeetingLockRow.meeting_id == meeting_id))
    return bool(getattr(result, "rowcount", 0))


def locked_ids(
    session: Session, mission_id: int, among: Collection[int] | None = None
) -> frozenset[int]:
    """Ids of the locked meetings of the mission (only those in `among`, when given)."""
    query = (
        select(MeetingLockRow.meeting_id)
        .join(MeetingRow, MeetingRow.id == MeetingLockRow.meeting_id)
        .where(MeetingRow.mission_id == mission_id)
    )
    if among is not None:
        query = query.where(MeetingLockRow.meeting_id.in_(among))
    return frozenset(session.scalars(query))


def locked_pairs(session: Session, mission: str) -> frozenset[frozenset[str]]:
    """The pairs of people (e-mails) whose meeting in `mission` is locked."""
    query = (
        select(_REQUESTER.email, _REQUESTED.email)
        .select_from(MeetingLockRow)
        .join(MeetingRow, MeetingRow.id == MeetingLockRow.meeting_id)
        .join(MissionRow, MeetingRow.mission_id == MissionRow.id)
        .join(_REQUESTER, MeetingRow.requester_id == _REQUESTER.id)
        .join(_REQUESTED, MeetingRow.requested_id == _REQUESTED.id)
        .where(MissionRow.key == mission)
    )
    return frozenset(frozenset((first, second)) for first, second in session.execute(query))
