"""What the mission checks read: a mission with its people, requests and meetings.

A protocol rather than the store's `MissionSnapshot`, so that services stay free of the
database: the snapshot the store loads fits it, and so does anything a test or a web form
builds with the same fields.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from rencontre.core.enums import MeetingStatus
from rencontre.core.meeting import Meeting, MeetingRequest
from rencontre.core.mission import Mission
from rencontre.core.organisation import Organisation
from rencontre.core.participant import Participant


class MissionData(Protocol):
    """A mission and everything stored for it (`store.repositories.MissionSnapshot` fits)."""

    @property
    def mission(self) -> Mission: ...

    @property
    def participants(self) -> Sequence[Participant]: ...

    @property
    def organisations(self) -> Sequence[Organisation]: ...

    @property
    def requests(self) -> Sequence[MeetingRequest]: ...

    @property
    def meetings(self) -> Sequence[Meeting]: ...


@dataclass(frozen=True)
class MissionState:
    """A `MissionData` made of plain values: a mission as a change would leave it."""

    mission: Mission
    participants: Sequence[Participant]
    meetings: Sequence[Meeting]
    organisations: Sequence[Organisation] = ()
    requests: Sequence[MeetingRequest] = ()


def live_meetings(data: MissionData) -> tuple[Meeting, ...]:
    """The meetings that still take place or took place: every status but `cancelled`.

    A cancelled meeting stays stored so that calendars learn it is off; it takes no table,
    no time and no one's attention any more.
    """
    return tuple(m for m in data.meetings if m.status is not MeetingStatus.CANCELLED)


def people_by_email(data: MissionData) -> dict[str, Participant]:
    """The mission's participants by e-mail."""
    return {p.email: p for p in data.participants}
