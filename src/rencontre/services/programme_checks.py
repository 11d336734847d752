"""Checks of a mission's programme: B2B sessions, dates, and each person's path through it.

A person's programme is what `mission_grid.attended_items` says they attend: items for
their audience that overlap their availability. So someone who comes on day 1 only is never
warned about day 2, and two parallel site visits for different audiences never clash.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from rencontre.core.mission import Mission, ProgrammeItem
from rencontre.core.participant import Participant
from rencontre.core.wording import counted
from rencontre.services.findings import Finding, FindingCode
from rencontre.services.mission_grid import attended_items
from rencontre.services.mission_wording import (
    MONTHS,
    item_text,
    mission_zone,
    people_text,
    venue_or_none,
)

ItemPair = tuple[ProgrammeItem, ProgrammeItem]


def check_programme(mission: Mission, participants: Sequence[Participant]) -> list[Finding]:
    """Every programme finding: sessions, dates, overlaps and travel for each person."""
    return [
        *overlapping_b2b_sessions(mission),
        *b2b_sessions_without_tables(mission),
        *b2b_sessions_without_slots(mission),
        *overlapping_attended_items(mission, participants),
        *items_outside_dates(mission),
        *travel_shortfalls(mission, participants),
    ]


def overlapping_b2b_sessions(mission: Mission) -> list[Finding]:
    """Two B2B sessions at the same time: the scheduler's slots form one time line."""
    zone = mission_zone(mission)
    sessions = mission.b2b_sessions
    found = []
    for n, first in enumerate(sessions):
        for second in sessions[n + 1 :]:
            if _overlap(first, second):
                found.append(
                    Finding(
                        FindingCode.B2B_SESSIONS_OVERLAP,
                        f"B2B sessions {item_text(mission, first, zone)} and "
                        f"{item_text(mission, second, zone)} overlap: one person cannot be in "
                        "both; merge them into one session at one venue or move one",
                        items=(first.key, second.key),
                        start=second.start,
                        end=min(first.end, second.end),
                    )
                )
    return found


def b2b_sessions_without_tables(mission: Mission) -> list[Finding]:
    """A B2B session at a venue that has no table while it runs: nobody can meet there."""
    zone = mission_zone(mission)
    slots = mission.slots()
    found = []
    for session in mission.b2b_sessions:
        venue = venue_or_none(mission, session.venue)
        starts = [s.start for s in slots if s.session == session.key] or [session.start]
        if venue is None or all(venue.tables_at(start) == 0 for start in starts):
            found.append(
                Finding(
                    FindingCode.B2B_SESSION_WITHOUT_TABLES,
                    f"B2B session {item_text(mission, session, zone)}: the venue has no B2B "
                    "table then; give the venue tables or move the session",
                    items=(session.key,),
                    venue=session.venue,
                    start=session.start,
                    end=session.end,
                    needed=1,
                    available=0,
                )
            )
    return found


def b2b_sessions_without_slots(mission: Mission) -> list[Finding]:
    """A B2B session shorter than one slot holds no meeting at all."""
    zone = mission_zone(mission)
    with_slots = {s.session for s in mission.slots()}
    return [
        Finding(
            FindingCode.B2B_SESSION_WITHOUT_SLOTS,
            f"B2B session {item_text(mission, session, zone)} is shorter than one "
            f"{mission.slot_minutes}-minute slot: no meeting can be placed in it",
            items=(session.key,),
            venue=session.venue,
            start=session.start,
            end=session.end,
            needed=mission.slot_minutes,
            available=_minutes(session.end - session.start),
        )
        for session in mission.b2b_sessions
        if session.key not in with_slots
    ]


def items_outside_dates(mission: Mission) -> list[Finding]:
    """Programme items that start before the mission's first day or end after its last."""
    zone = mission_zone(mission)
    found = []
    for item in sorted(mission.programme, key=lambda p: p.start):
        first_day = item.start.astimezone(zone).date()
        # An item that ends at midnight ends on the day before.
        last_day = (item.end - timedelta(microseconds=1)).astimezone(zone).date()
        if first_day < mission.start_date or last_day > mission.end_date:
            found.append(
                Finding(
                    FindingCode.PROGRAMME_OUTSIDE_DATES,
                    f"{item_text(mission, item, zone)} is outside the mission's dates, "
                    f"{_dates_text(mission.start_date, mission.end_date)}",
                    items=(item.key,),
                    venue=item.venue,
                    start=item.start,
                    end=item.end,
                )
            )
    return found


def overlapping_attended_items(
    mission: Mission, participants: Sequence[Participant]
) -> list[Finding]:
    """Two items of one person's programme at the same time, people grouped per pair."""
    zone = mission_zone(mission)
    groups: dict[tuple[str, str], tuple[ItemPair, list[Participant]]] = {}
    for person in participants:
        items = attended_items(mission, person)
        for n, first in enumerate(items):
            for second in items[n + 1 :]:
                if _overlap(first, second):
                    key = (first.key, second.key)
                    groups.setdefault(key, ((first, second), []))[1].append(person)
    found = []
    for (first, second), people in groups.values():
        found.append(
            Finding(
                FindingCode.PROGRAMME_OVERLAP,
                f"{item_text(mission, first, zone)} and {item_text(mission, second, zone)} "
                f"overlap, for {counted(len(people), 'participant')}: {_names(people)}",
                people=tuple(p.email for p in people),
                items=(first.key, second.key),
                start=max(first.start, second.start),
                end=min(first.end, second.end),
            )
        )
    return found


def travel_shortfalls(mission: Mission, participants: Sequence[Participant]) -> list[Finding]:
    """Too little time to go from one attended item to the next one's venue.

    The next item is the one a person goes to straight from the first: it starts after the
    first ends, and no other item of theirs lies wholly in between. People are grouped per
    pair of items.
    """
    zone = mission_zone(mission)
    groups: dict[tuple[str, str], tuple[ItemPair, list[Participant]]] = {}
    for person in participants:
        for first, second in _successive_items(attended_items(mission, person)):
            if _gap_minutes(first, second) < mission.travel_minutes(first.venue, second.venue):
                key = (first.key, second.key)
                groups.setdefault(key, ((first, second), []))[1].append(person)
    found = []
    for (first, second), people in groups.values():
        travel = mission.travel_minutes(first.venue, second.venue)
        gap = _gap_minutes(first, second)
        found.append(
            Finding(
                FindingCode.TRAVEL_SHORTFALL,
                f"{item_text(mission, first, zone)} then {item_text(mission, second, zone)}: "
                f"{counted(gap, 'minute')} between them for a {travel}-minute journey, "
                f"{counted(travel - gap, 'minute')} short, "
                f"for {counted(len(people), 'participant')}: {_names(people)}",
                people=tuple(p.email for p in people),
                items=(first.key, second.key),
                venue=second.venue,
                start=first.end,
                end=second.start,
                minutes_short=travel - gap,
                needed=travel,
                available=gap,
            )
        )
    return found


def _successive_items(items: Sequence[ProgrammeItem]) -> list[ItemPair]:
    """Pairs (a, b): b starts after a ends, and no item lies wholly between them."""
    pairs = []
    for first in items:
        for second in items:
            if second is first or second.start < first.end:
                continue
            between = any(
                other is not first
                and other is not second
                and first.end <= other.start
                and other.end <= second.start
                for other in items
            )
            if not between:
                pairs.append((first, second))
    return pairs


def _overlap(first: ProgrammeItem, second: ProgrammeItem) -> bool:
    return first.window.overlaps(second.window)


def _gap_minutes(first: ProgrammeItem, second: ProgrammeItem) -> int:
    return _minutes(second.start - first.end)


def _minutes(duration: timedelta) -> int:
    return int(duration.total_seconds() // 60)


def _names(people: Sequence[Participant]) -> str:
    return people_text((p.email for p in people), {p.email: p for p in people})


def _dates_text(first: date, last: date) -> str:
    """`13–14 Oct 2027`, `30 Sep–2 Oct 2027` or `13 Oct 2027` for one day."""
    end = f"{last.day} {MONTHS[last.month - 1]} {last.year}"
    if first == last:
        return end
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day}–{end}"
    start = f"{first.day} {MONTHS[first.month - 1]}"
    return f"{start}–{end}" if first.year == last.year else f"{start} {first.year}–{end}"
