"""One person's agenda: their meetings interleaved with the programme items they attend.

A B2B session never appears as an event of its own (it would enclose the meetings in it);
it shows through the meetings placed in it. Every time is in the mission's time zone.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, Timezone

from rencontre.core.meeting import Meeting
from rencontre.core.mission import Mission
from rencontre.core.participant import Participant
from rencontre.services.mission_grid import attended_items


@dataclass(frozen=True)
class AgendaEntry:
    """One event of an agenda; `partner` fields are set for meetings only."""

    start: datetime
    end: datetime
    title: str
    kind: str  # "meeting" or a programme item kind
    venue: str
    table: int | None = None
    partner: str = ""
    partner_organisation: str = ""
    partner_email: str = ""


def build_agenda(
    mission: Mission,
    person: Participant,
    meetings: Sequence[Meeting],
    people: dict[str, Participant],
) -> list[AgendaEntry]:
    """Every event of `person` in time order, in the mission's time zone."""
    zone = ZoneInfo(mission.timezone)
    entries: list[AgendaEntry] = []
    for meeting in meetings:
        if person.email not in (meeting.requester, meeting.requested):
            continue
        other_email = meeting.requested if meeting.requester == person.email else meeting.requester
        other = people[other_email]
        entries.append(
            AgendaEntry(
                start=meeting.start.astimezone(zone),
                end=meeting.end.astimezone(zone),
                title=f"B2B: {other.full_name} ({other.organisation})",
                kind="meeting",
                venue=mission.venue(meeting.venue).name,
                table=meeting.table,
                partner=other.full_name,
                partner_organisation=other.organisation,
                partner_email=other.email,
            )
        )
    for item in attended_items(mission, person):
        entries.append(
            AgendaEntry(
                start=item.start.astimezone(zone),
                end=item.end.astimezone(zone),
                title=item.title,
                kind=str(item.kind),
                venue=mission.venue(item.venue).name,
            )
        )
    return sorted(entries, key=lambda e: (e.start, e.end))


def overlapping(entries: Sequence[AgendaEntry]) -> list[tuple[AgendaEntry, AgendaEntry]]:
    """Pairs of consecutive entries that overlap in time (an agenda must have none)."""
    ordered = sorted(entries, key=lambda e: (e.start, e.end))
    return [(a, b) for a, b in zip(ordered, ordered[1:], strict=False) if b.start < a.end]


def render_text(person: Participant, entries: Sequence[AgendaEntry]) -> str:
    """A plain-text agenda grouped by day."""
    lines = [f"Agenda of {person.full_name} ({person.organisation}) <{person.email}>"]
    day = None
    for e in entries:
        if e.start.date() != day:
            day = e.start.date()
            lines.append("")
            lines.append(e.start.strftime("%A %d %B %Y"))
        where = e.venue + (f", table {e.table}" if e.table is not None else "")
        lines.append(f"  {e.start:%H:%M}-{e.end:%H:%M} {e.start:%Z}  {e.title}  [{where}]")
    if not entries:
        lines.append("  (nothing scheduled)")
    return "\n".join(lines) + "\n"


CSV_COLUMNS = (
    "start",
    "end",
    "kind",
    "title",
    "venue",
    "table",
    "partner",
    "partner_organisation",
    "partner_email",
)


def render_csv(entries: Sequence[AgendaEntry]) -> str:
    """CSV with ISO 8601 times carrying their UTC offset."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for e in entries:
        writer.writerow(
            [
                e.start.isoformat(),
                e.end.isoformat(),
                e.kind,
                e.title,
                e.venue,
                "" if e.table is None else e.table,
                e.partner,
                e.partner_organisation,
                e.partner_email,
            ]
        )
    return out.getvalue()


def render_ics(mission: Mission, person: Participant, entries: Sequence[AgendaEntry]) -> bytes:
    """An iCalendar file; events carry TZID of the mission's zone with a VTIMEZONE."""
    cal = Calendar()
    cal.add("prodid", "-//rencontre//agenda//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", f"{mission.title} - {person.full_name}")
    cal.add_component(Timezone.from_tzid(mission.timezone))
    stamp = datetime.now(ZoneInfo("UTC"))
    for n, e in enumerate(entries):
        event = Event()
        event.add("uid", f"{mission.key}-{person.email}-{e.start:%Y%m%dT%H%M}-{n}@rencontre")
        event.add("dtstamp", stamp)
        event.add("dtstart", e.start)
        event.add("dtend", e.end)
        event.add("summary", e.title)
        location = e.venue + (f", table {e.table}" if e.table is not None else "")
        event.add("location", location)
        if e.partner:
            event.add("description", f"{e.partner} - {e.partner_organisation} <{e.partner_email}>")
        cal.add_component(event)
    ical: bytes = cal.to_ical()
    return ical
