"""An agenda as an iCalendar file that updates, not duplicates, what an earlier one put in a
calendar (docs/calendars.md)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, Timezone

from rencontre.documents.agenda import Agenda, AgendaEntry
from rencontre.documents.i18n import Words


def render_ics(agenda: Agenda, *, stamp: datetime | None = None) -> bytes:
    """The agenda's events with their stable UID, stored SEQUENCE and STATUS.

    Events carry TZID of the mission's zone with a VTIMEZONE, and STATUS (CONFIRMED, or
    CANCELLED for a cancelled meeting). Summaries, a meeting's table and its description are
    in the reader's language. `stamp` is the DTSTAMP of every event (the time of writing, in
    UTC, unless given).
    """
    mission = agenda.mission
    cal = Calendar()
    cal.add("prodid", "-//rencontre//agenda//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", f"{mission.title} - {agenda.person.full_name}")
    cal.add_component(Timezone.from_tzid(mission.timezone))
    dtstamp = (stamp or datetime.now(ZoneInfo("UTC"))).astimezone(ZoneInfo("UTC"))
    for entry in agenda.entries:
        cal.add_component(_event(entry, agenda.words, dtstamp))
    ical: bytes = cal.to_ical()
    return ical


def _event(entry: AgendaEntry, words: Words, dtstamp: datetime) -> Event:
    event = Event()
    event.add("uid", entry.uid)
    event.add("sequence", entry.sequence)
    event.add("dtstamp", dtstamp)
    event.add("dtstart", entry.start)
    event.add("dtend", entry.end)
    # Some calendars keep showing a cancelled event they imported, so its title says it too.
    summary = entry.title
    if entry.cancelled:
        summary = words.gettext("Cancelled: %(title)s", title=entry.title)
    event.add("summary", summary)
    event.add("status", "CANCELLED" if entry.cancelled else "CONFIRMED")
    if entry.cancelled:
        # The time it held is free again.
        event.add("transp", "TRANSPARENT")
    event.add("location", entry.location or entry.place)
    if entry.description:
        event.add("description", entry.description)
    return event
