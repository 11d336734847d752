"""How checks and diagnostics name things for an organiser: times, spans of time, people.

Every time is written in the mission's time zone ("13 Oct 10:00–12:30"), never as a slot
number; a person is "Full Name <e-mail>", or the bare e-mail of someone who is not a
participant of the mission. Month names are written here, not taken from the process
locale, so that the same mission reads the same on every machine.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, tzinfo
from zoneinfo import ZoneInfo

from rencontre.core.mission import Mission, ProgrammeItem, Venue
from rencontre.core.participant import Participant

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def mission_zone(mission: Mission) -> tzinfo:
    """The time zone every time of `mission` is written in."""
    return ZoneInfo(mission.timezone)


def day_text(moment: datetime) -> str:
    """`13 Oct` for a datetime already in the zone it is to be read in."""
    return f"{moment.day} {MONTHS[moment.month - 1]}"


def moment_text(moment: datetime, zone: tzinfo) -> str:
    """`13 Oct 10:00` in `zone`."""
    local = moment.astimezone(zone)
    return f"{day_text(local)} {local:%H:%M}"


def span_text(start: datetime, end: datetime, zone: tzinfo) -> str:
    """`13 Oct 10:00–12:30`, or `13 Oct 23:00–14 Oct 01:00` across midnight, in `zone`."""
    first, last = start.astimezone(zone), end.astimezone(zone)
    until = f"{last:%H:%M}" if last.date() == first.date() else moment_text(last, zone)
    return f"{moment_text(first, zone)}–{until}"


def merged_spans(spans: Iterable[tuple[datetime, datetime]]) -> list[tuple[datetime, datetime]]:
    """Spans in time order, those that touch or overlap joined into one.

    Consecutive B2B slots (10:00–10:20, 10:20–10:40) read as one span (10:00–10:40); a
    lunch break between two sessions keeps them apart.
    """
    merged: list[tuple[datetime, datetime]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def spans_text(spans: Iterable[tuple[datetime, datetime]], zone: tzinfo) -> str:
    """`13 Oct 10:00–12:30, 14 Oct 14:00–14:40`: spans merged, in time order; `none` if empty."""
    texts = [span_text(start, end, zone) for start, end in merged_spans(spans)]
    return ", ".join(texts) if texts else "none"


def person_label(person: Participant) -> str:
    """`Inès Dubois <ines@voltaique.example>`: people are named, never numbered."""
    return f"{person.full_name} <{person.email}>"


def person_text(email: str, people: Mapping[str, Participant]) -> str:
    """`Full Name <e-mail>`; the bare e-mail for someone who is not among `people`."""
    person = people.get(email)
    return person_label(person) if person is not None else email


def pair_text(first: str, second: str, people: Mapping[str, Participant]) -> str:
    """The two people of a meeting or a request, by name and e-mail."""
    return f"{person_text(first, people)} ↔ {person_text(second, people)}"


def people_text(emails: Iterable[str], people: Mapping[str, Participant]) -> str:
    """Several people as `person_text`, comma-separated, in the order given."""
    return ", ".join(person_text(email, people) for email in emails)


def outsiders_text(emails: Sequence[str], mission_key: str) -> str:
    """`x is not a participant of mission 'k'`, or `x and y are not participants …`."""
    if len(emails) == 1:
        return f"{emails[0]} is not a participant of mission {mission_key!r}"
    return f"{' and '.join(emails)} are not participants of mission {mission_key!r}"


def venue_text(mission: Mission, key: str) -> str:
    """The venue's name (its key when the mission does not know it)."""
    venue = venue_or_none(mission, key)
    return venue.name if venue is not None else key


def venue_or_none(mission: Mission, key: str) -> Venue | None:
    """The venue `key` of `mission`, or None."""
    return next((v for v in mission.venues if v.key == key), None)


def item_text(mission: Mission, item: ProgrammeItem, zone: tzinfo) -> str:
    """`“Lunch” at Grand Palais, 13 Oct 12:00–13:30`: what an organiser recognises an item by."""
    return (
        f"“{item.title}” at {venue_text(mission, item.venue)}, "
        f"{span_text(item.start, item.end, zone)}"
    )
