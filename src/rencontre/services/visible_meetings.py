"""Scheduled meetings as the API reads them, each with its stored id.

An organiser reads every meeting of her missions; a participant only hers. Cancelled
meetings stay listed (with their status), as they stay in the agendas, so that whoever
follows them learns they are off.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from rencontre.core.meeting import Meeting
from rencontre.core.mission import Venue
from rencontre.services.accounts import Visitor
from rencontre.services.api_access import MissionAccess, visible_mission
from rencontre.services.visible_requests import People, PersonRef
from rencontre.store import by_id


@dataclass(frozen=True)
class MeetingView:
    id: int
    meeting: Meeting
    requester: PersonRef
    requested: PersonRef
    venue: Venue | None  # None only for a venue the mission no longer has


def readable(access: MissionAccess, meeting: Meeting) -> bool:
    """Whether the caller of `access` may read `meeting` of that mission."""
    return access.organiser or (access.email is not None and meeting.involves(access.email))


def mission_meetings(session: Session, access: MissionAccess) -> tuple[MeetingView, ...]:
    """The meetings of the mission that its caller may read, in time order."""
    people = People(session)
    found = [
        _view(stored, access, people)
        for stored in by_id.mission_meetings(session, access.key)
        if readable(access, stored.meeting)
    ]
    return tuple(sorted(found, key=lambda v: (v.meeting.start, v.meeting.table, v.id)))


def meeting_for(
    session: Session, visitor: Visitor, ident: int
) -> tuple[MeetingView, MissionAccess] | None:
    """Meeting `ident` and its mission, if `visitor` may read it; else None."""
    stored = by_id.meeting(session, ident)
    if stored is None:
        return None
    access = visible_mission(session, visitor, stored.meeting.mission)
    if access is None or not readable(access, stored.meeting):
        return None
    return _view(stored, access, People(session)), access


def _view(stored: by_id.StoredMeeting, access: MissionAccess, people: People) -> MeetingView:
    meeting = stored.meeting
    venue = next((v for v in access.mission.venues if v.key == meeting.venue), None)
    return MeetingView(
        stored.id, meeting, people.ref(meeting.requester), people.ref(meeting.requested), venue
    )
