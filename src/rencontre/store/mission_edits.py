"""Changes to a stored mission on the day: requests called off or added, people leaving,
tables lost or gained.

Each function changes rows in place inside the caller's transaction and flushes; callers
check their input first (see `rencontre.services.mission_changes`), so a missing mission,
person or venue here is a programming error and raises `LookupError`.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from rencontre.core.enums import RequestStatus
from rencontre.core.meeting import MeetingRequest, pair_key
from rencontre.store import convert
from rencontre.store import repositories as repo
from rencontre.store.models import (
    MeetingRequestRow,
    MissionParticipantRow,
    MissionRow,
    ProgrammeAudienceRow,
    ProgrammeItemRow,
    VenueRow,
    VenueTableChangeRow,
)


@dataclass(frozen=True)
class LeftMission:
    """What taking a person out of a mission changed besides their requests and meetings."""

    audiences_left: tuple[str, ...]  # keys of the programme items they were in the audience of
    #: Items whose audience was that person alone: they stay in it, since an empty audience
    #: would mean everyone.
    audiences_kept: tuple[str, ...]


def cancel_requests(
    session: Session, mission: str, pairs: Collection[frozenset[str]]
) -> tuple[MeetingRequest, ...]:
    """Set every request of `pairs` (either direction) to `cancelled`, unless declined.

    A decline stays: it says more (one of the two did not want the meeting). Returns the
    requests changed, as they were before.
    """
    changed = []
    for row in _request_rows(session, mission):
        pair = pair_key(row.requester.email, row.requested.email)
        if pair not in pairs or row.status in _FINAL:
            continue
        changed.append(convert.request_from_row(row))
        row.status = RequestStatus.CANCELLED.value
    session.flush()
    return tuple(changed)


_FINAL = (RequestStatus.DECLINED.value, RequestStatus.CANCELLED.value)


def cancel_requests_of(session: Session, mission: str, email: str) -> tuple[MeetingRequest, ...]:
    """Cancel every request of `mission` that `email` sent or received (declines stay)."""
    pairs = {
        pair_key(row.requester.email, row.requested.email)
        for row in _request_rows(session, mission)
        if email in (row.requester.email, row.requested.email)
    }
    return cancel_requests(session, mission, pairs)


def accept_request(
    session: Session, mission: str, requester: str, requested: str, priority: int
) -> bool:
    """Make the pair's request accepted with `priority`; add one when the pair has none.

    Every stored request of the pair (in either direction) is updated, so that none of them
    still refuses the meeting. Returns True when a new request was added.
    """
    pair = pair_key(requester, requested)
    rows = [
        row
        for row in _request_rows(session, mission)
        if pair_key(row.requester.email, row.requested.email) == pair
    ]
    for row in rows:
        row.status = RequestStatus.ACCEPTED.value
        row.priority = priority
    session.flush()
    if rows:
        return False
    request = MeetingRequest(
        mission, requester, requested, priority=priority, status=RequestStatus.ACCEPTED
    )
    repo.add_meeting_requests(session, [request])
    return True


def leave_mission(session: Session, mission: str, email: str) -> LeftMission:
    """Take `email` out of the mission's participants and programme audiences."""
    row = _mission_row(session, mission)
    links = [link for link in row.participants if link.participant.email == email]
    if not links:
        raise LookupError(f"{email!r} is not a participant of mission {mission!r}")
    for link in links:
        row.participants.remove(link)
    for position, link in enumerate(row.participants):
        link.position = position
    left: list[str] = []
    kept: list[str] = []
    for item in row.programme:
        mine = [a for a in item.audience if a.participant.email == email]
        if not mine:
            continue
        if len(item.audience) == len(mine):
            kept.append(item.key)
            continue
        for audience in mine:
            item.audience.remove(audience)
        for position, audience in enumerate(item.audience):
            audience.position = position
        left.append(item.key)
    session.flush()
    return LeftMission(tuple(left), tuple(kept))


def change_tables(session: Session, mission: str, venue: str, tables: int, start: datetime) -> None:
    """From `start` on, `venue` has `tables` tables: a new `TableChange`.

    Stored changes that start at or after `start` are replaced: the organiser's latest word
    on that stretch of time counts.
    """
    row = _mission_row(session, mission)
    venue_row = next((v for v in row.venues if v.key == venue), None)
    if venue_row is None:
        raise LookupError(f"mission {mission!r} has no venue {venue!r}")
    for change in [c for c in venue_row.table_changes if c.start >= start]:
        venue_row.table_changes.remove(change)
    # The deletes reach the database first: a new row may reuse a freed position.
    session.flush()
    position = 1 + max((c.position for c in venue_row.table_changes), default=-1)
    venue_row.table_changes.append(
        VenueTableChangeRow(position=position, start=start, tables=tables)
    )
    session.flush()


def _request_rows(session: Session, mission: str) -> list[MeetingRequestRow]:
    query = (
        select(MeetingRequestRow)
        .join(MeetingRequestRow.mission)
        .where(MissionRow.key == mission)
        .options(
            selectinload(MeetingRequestRow.requester), selectinload(MeetingRequestRow.requested)
        )
        .order_by(MeetingRequestRow.id)
    )
    return list(session.scalars(query))


def _mission_row(session: Session, mission: str) -> MissionRow:
    query = (
        select(MissionRow)
        .where(MissionRow.key == mission)
        .options(
            selectinload(MissionRow.venues).selectinload(VenueRow.table_changes),
            selectinload(MissionRow.programme)
            .selectinload(ProgrammeItemRow.audience)
            .selectinload(ProgrammeAudienceRow.participant),
            selectinload(MissionRow.participants).selectinload(MissionParticipantRow.participant),
        )
    )
    row = session.scalars(query).first()
    if row is None:
        raise repo.MissionNotFound(mission)
    return row
