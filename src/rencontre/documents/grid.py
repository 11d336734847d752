"""The organiser's master grid: per venue and day, B2B slots down, tables across.

Plain data built from domain objects only, for the CSV, XLSX and PDF files (`grid_files`)
and for a web page alike. Every slot of the venue's B2B sessions is a row, with the tables
the venue has when it starts (`Venue.tables_at`); a meeting placed at a time that is not a
slot of the grid (one imported as it was held, say) gets a row of its own. Cancelled
meetings are left out: their table is free, and another meeting may now hold it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from rencontre.core.enums import MeetingStatus
from rencontre.core.meeting import Meeting
from rencontre.core.mission import Mission
from rencontre.core.participant import Participant
from rencontre.documents.meeting_languages import LanguageRule, MeetingLanguage


@dataclass(frozen=True)
class GridPerson:
    name: str
    organisation: str
    email: str


@dataclass(frozen=True)
class GridMeeting:
    """The two people at one table in one slot: `first` asked for the meeting."""

    first: GridPerson
    second: GridPerson
    language: MeetingLanguage


@dataclass(frozen=True)
class GridRow:
    """One slot at a venue; `cells[t - 1]` is table t, None when free."""

    start: datetime  # in the mission's time zone
    end: datetime
    tables: int  # tables the venue has in this slot (cells past it do not exist then)
    cells: tuple[GridMeeting | None, ...]


@dataclass(frozen=True)
class GridDay:
    day: date
    rows: tuple[GridRow, ...]


@dataclass(frozen=True)
class VenueGrid:
    key: str
    name: str
    location: str
    tables: int  # columns: the most tables the venue has in any of its slots
    days: tuple[GridDay, ...]

    @property
    def meetings(self) -> int:
        return sum(cell is not None for day in self.days for row in day.rows for cell in row.cells)


def master_grid(
    mission: Mission,
    meetings: Sequence[Meeting],
    people: Mapping[str, Participant],
    rule: LanguageRule,
) -> tuple[VenueGrid, ...]:
    """One grid per venue with B2B slots or meetings, in the order of their first slot.

    `people` should hold everyone with a live meeting; someone missing is shown by e-mail.
    """
    zone = ZoneInfo(mission.timezone)
    live = [m for m in meetings if m.status is not MeetingStatus.CANCELLED]
    # (venue, start, end) -> tables in that slot; meetings off the grid add their own rows.
    rows: dict[tuple[str, datetime, datetime], int] = {}
    for slot in mission.slots():
        rows[slot.venue, slot.start, slot.end] = mission.venue(slot.venue).tables_at(slot.start)
    # A table booked twice in a slot (which `rencontre check` reports) takes a second row of
    # that slot, so that the grid hides no meeting.
    placed: dict[tuple[str, datetime, datetime], list[dict[int, GridMeeting]]] = {}
    for meeting in sorted(live, key=lambda m: (m.start, m.table)):
        key = (meeting.venue, meeting.start, meeting.end)
        rows.setdefault(key, mission.venue(meeting.venue).tables_at(meeting.start))
        layers = placed.setdefault(key, [])
        free = next((layer for layer in layers if meeting.table not in layer), None)
        if free is None:
            free = {}
            layers.append(free)
        free[meeting.table] = _grid_meeting(meeting, people, rule)
    first_start: dict[str, datetime] = {}
    for venue, start, _ in sorted(rows, key=lambda k: k[1]):
        first_start.setdefault(venue, start)
    return tuple(_venue_grid(mission, venue, rows, placed, zone) for venue in first_start)


def _venue_grid(
    mission: Mission,
    venue_key: str,
    rows: Mapping[tuple[str, datetime, datetime], int],
    placed: Mapping[tuple[str, datetime, datetime], Sequence[Mapping[int, GridMeeting]]],
    zone: ZoneInfo,
) -> VenueGrid:
    keys = sorted((k for k in rows if k[0] == venue_key), key=lambda k: (k[1], k[2]))
    used = [table for k in keys for layer in placed.get(k, ()) for table in layer]
    width = max([rows[k] for k in keys] + used, default=0)
    days: dict[date, list[GridRow]] = {}
    for key in keys:
        _, start, end = key
        local = start.astimezone(zone)
        for layer in placed.get(key) or [{}]:
            cells = tuple(layer.get(table) for table in range(1, width + 1))
            days.setdefault(local.date(), []).append(
                GridRow(local, end.astimezone(zone), rows[key], cells)
            )
    venue = mission.venue(venue_key)
    return VenueGrid(
        key=venue.key,
        name=venue.name,
        location=venue.location,
        tables=width,
        days=tuple(GridDay(day, tuple(found)) for day, found in days.items()),
    )


def _grid_meeting(
    meeting: Meeting, people: Mapping[str, Participant], rule: LanguageRule
) -> GridMeeting:
    first, second = (
        people.get(email) or Participant(email, email, "")
        for email in (meeting.requester, meeting.requested)
    )
    return GridMeeting(_person(first), _person(second), rule.between(first, second))


def _person(person: Participant) -> GridPerson:
    return GridPerson(person.full_name, person.organisation, person.email)
