"""Checks of the stored meetings of a mission against its rules, as they stand now.

A schedule passes the validator when it is stored, but the mission may change afterwards (a
programme item moves, a venue loses a room, a person's availability shrinks) and meetings
may be imported by hand. These checks read the concrete meetings, not the engine's slots:
every meeting that is not cancelled must have both people free, present and in one place at
a time, and its own table at its venue.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import tzinfo

from rencontre.core.meeting import Meeting
from rencontre.core.mission import B2BSlot, Mission, ProgrammeItem
from rencontre.core.participant import Participant, TimeWindow
from rencontre.core.wording import counted
from rencontre.services.findings import Finding, FindingCode
from rencontre.services.mission_data import MissionData, live_meetings, people_by_email
from rencontre.services.mission_grid import attended_items, blocked_by_item
from rencontre.services.mission_wording import (
    item_text,
    mission_zone,
    outsiders_text,
    person_text,
    span_text,
    spans_text,
    venue_or_none,
    venue_text,
)


def check_meetings(data: MissionData) -> list[Finding]:
    """Every rule broken by the mission's live (not cancelled) meetings."""
    meetings = live_meetings(data)
    people = people_by_email(data)
    return [
        *meetings_with_non_participants(data.mission, meetings, people),
        *people_in_two_meetings(data.mission, meetings, people),
        *meetings_during_programme(data.mission, meetings, people),
        *meetings_outside_availability(data.mission, meetings, people),
        *meetings_outside_sessions(data.mission, meetings, people),
        *tables_used_twice(data.mission, meetings, people),
        *tables_not_at_venue(data.mission, meetings, people),
    ]


def meeting_text(
    mission: Mission, meeting: Meeting, people: dict[str, Participant], zone: tzinfo
) -> str:
    """`A <a> and B <b> at Technopole, table 4, 13 Oct 10:00–10:20`."""
    return (
        f"{person_text(meeting.requester, people)} and {person_text(meeting.requested, people)} "
        f"at {venue_text(mission, meeting.venue)}, table {meeting.table}, "
        f"{span_text(meeting.start, meeting.end, zone)}"
    )


def meetings_with_non_participants(
    mission: Mission, meetings: Sequence[Meeting], people: dict[str, Participant]
) -> list[Finding]:
    """A meeting of someone who is not (or no longer) a participant of the mission."""
    zone = mission_zone(mission)
    found = []
    for meeting in meetings:
        outsiders = [e for e in (meeting.requester, meeting.requested) if e not in people]
        if outsiders:
            found.append(
                Finding(
                    FindingCode.MEETING_WITH_NON_PARTICIPANT,
                    f"meeting {meeting_text(mission, meeting, people, zone)}: "
                    f"{outsiders_text(outsiders, mission.key)}",
                    people=tuple(outsiders),
                    pairs=(meeting.pair,),
                    venue=meeting.venue,
                    start=meeting.start,
                    end=meeting.end,
                )
            )
    return found


def people_in_two_meetings(
    mission: Mission, meetings: Sequence[Meeting], people: dict[str, Participant]
) -> list[Finding]:
    """One person in two meetings whose times overlap."""
    zone = mission_zone(mission)
    by_person: dict[str, list[Meeting]] = {}
    for meeting in meetings:
        for email in (meeting.requester, meeting.requested):
            by_person.setdefault(email, []).append(meeting)
    found = []
    for email, theirs in by_person.items():
        for first, second in _overlapping_pairs(theirs):
            found.append(
                Finding(
                    FindingCode.MEETINGS_OVERLAP,
                    f"{person_text(email, people)} is in two meetings at once: with "
                    f"{_partner_at(mission, first, email, people, zone)} and with "
                    f"{_partner_at(mission, second, email, people, zone)}",
                    people=(email,),
                    pairs=(first.pair, second.pair),
                    start=second.start,
                    end=min(first.end, second.end),
                )
            )
    return found


def meetings_during_programme(
    mission: Mission, meetings: Sequence[Meeting], people: dict[str, Participant]
) -> list[Finding]:
    """A meeting during a programme item its person attends, or too close to reach it.

    During the item is an error; too little travel time between the item's venue and the
    meeting's is a warning, as between two programme items.
    """
    zone = mission_zone(mission)
    found = []
    for meeting in meetings:
        for email in (meeting.requester, meeting.requested):
            person = people.get(email)
            if person is None:
                continue
            for item in attended_items(mission, person):
                finding = _programme_clash(mission, meeting, person, item, people, zone)
                if finding is not None:
                    found.append(finding)
    return found


def meetings_outside_availability(
    mission: Mission, meetings: Sequence[Meeting], people: dict[str, Participant]
) -> list[Finding]:
    """A meeting at a time one of its people is not available."""
    zone = mission_zone(mission)
    found = []
    for meeting in meetings:
        for email in (meeting.requester, meeting.requested):
            person = people.get(email)
            if person is None or person.is_available(TimeWindow(meeting.start, meeting.end)):
                continue
            windows = [(w.start, w.end) for w in person.availability]
            found.append(
                Finding(
                    FindingCode.MEETING_OUTSIDE_AVAILABILITY,
                    f"meeting {meeting_text(mission, meeting, people, zone)}: "
                    f"{person_text(email, people)} is available only {spans_text(windows, zone)}",
                    people=(email,),
                    pairs=(meeting.pair,),
                    venue=meeting.venue,
                    start=meeting.start,
                    end=meeting.end,
                )
            )
    return found


def meetings_outside_sessions(
    mission: Mission, meetings: Sequence[Meeting], people: dict[str, Participant]
) -> list[Finding]:
    """A meeting that no B2B session at its venue holds (the session moved or shrank)."""
    zone = mission_zone(mission)
    sessions = mission.b2b_sessions
    found = []
    for meeting in meetings:
        if any(
            s.venue == meeting.venue and s.start <= meeting.start and meeting.end <= s.end
            for s in sessions
        ):
            continue
        found.append(
            Finding(
                FindingCode.MEETING_OUTSIDE_SESSIONS,
                f"meeting {meeting_text(mission, meeting, people, zone)} is in no B2B session "
                f"at its venue (sessions: "
                f"{'; '.join(item_text(mission, s, zone) for s in sessions) or 'none'})",
                people=(meeting.requester, meeting.requested),
                pairs=(meeting.pair,),
                venue=meeting.venue,
                start=meeting.start,
                end=meeting.end,
            )
        )
    return found


def tables_used_twice(
    mission: Mission, meetings: Sequence[Meeting], people: dict[str, Participant]
) -> list[Finding]:
    """Two meetings at one table of one venue at overlapping times."""
    zone = mission_zone(mission)
    by_table: dict[tuple[str, int], list[Meeting]] = {}
    for meeting in meetings:
        by_table.setdefault((meeting.venue, meeting.table), []).append(meeting)
    found = []
    for (venue, table), theirs in by_table.items():
        for first, second in _overlapping_pairs(theirs):
            found.append(
                Finding(
                    FindingCode.TABLE_DOUBLE_BOOKED,
                    f"table {table} at {venue_text(mission, venue)} holds two meetings at once: "
                    f"{meeting_text(mission, first, people, zone)} and "
                    f"{meeting_text(mission, second, people, zone)}",
                    people=_emails_of(first, second),
                    pairs=(first.pair, second.pair),
                    venue=venue,
                    start=second.start,
                    end=min(first.end, second.end),
                )
            )
    return found


def tables_not_at_venue(
    mission: Mission, meetings: Sequence[Meeting], people: dict[str, Participant]
) -> list[Finding]:
    """A table number the venue does not have when the meeting starts (`Venue.tables_at`)."""
    zone = mission_zone(mission)
    found = []
    for meeting in meetings:
        venue = venue_or_none(mission, meeting.venue)
        tables = venue.tables_at(meeting.start) if venue is not None else 0
        if 1 <= meeting.table <= tables:
            continue
        has = f"has {counted(tables, 'table')} then" if tables else "has no table then"
        found.append(
            Finding(
                FindingCode.TABLE_NOT_AT_VENUE,
                f"meeting {meeting_text(mission, meeting, people, zone)}: "
                f"{venue_text(mission, meeting.venue)} {has}",
                people=(meeting.requester, meeting.requested),
                pairs=(meeting.pair,),
                venue=meeting.venue,
                start=meeting.start,
                end=meeting.end,
                needed=meeting.table,
                available=tables,
            )
        )
    return found


def _programme_clash(
    mission: Mission,
    meeting: Meeting,
    person: Participant,
    item: ProgrammeItem,
    people: dict[str, Participant],
    zone: tzinfo,
) -> Finding | None:
    # The meeting's place in the grid, so that the scheduler's own rule decides.
    place = B2BSlot(-1, "", meeting.venue, meeting.start, meeting.end)
    if not blocked_by_item(mission, place, item):
        return None
    what = (
        f"{person_text(person.email, people)} meets "
        f"{_partner_at(mission, meeting, person.email, people, zone)}"
    )
    if item.window.overlaps(place.window):
        return Finding(
            FindingCode.MEETING_DURING_PROGRAMME,
            f"{what} during {item_text(mission, item, zone)}",
            people=(person.email,),
            items=(item.key,),
            pairs=(meeting.pair,),
            venue=meeting.venue,
            start=max(meeting.start, item.start),
            end=min(meeting.end, item.end),
        )
    travel = mission.travel_minutes(item.venue, meeting.venue)
    gap = meeting.start - item.end if item.end <= meeting.start else item.start - meeting.end
    minutes = int(gap.total_seconds() // 60)
    order = "after" if item.end <= meeting.start else "before"
    return Finding(
        FindingCode.MEETING_TRAVEL_SHORTFALL,
        f"{what} {counted(minutes, 'minute')} {order} {item_text(mission, item, zone)}, "
        f"a {travel}-minute journey away: {counted(travel - minutes, 'minute')} short",
        people=(person.email,),
        items=(item.key,),
        pairs=(meeting.pair,),
        venue=meeting.venue,
        start=meeting.start,
        end=meeting.end,
        minutes_short=travel - minutes,
        needed=travel,
        available=minutes,
    )


def _partner_at(
    mission: Mission, meeting: Meeting, email: str, people: dict[str, Participant], zone: tzinfo
) -> str:
    """`B <b> at Technopole, table 4, 13 Oct 10:00–10:20`: the meeting seen by `email`."""
    return (
        f"{person_text(meeting.partner_of(email), people)} at "
        f"{venue_text(mission, meeting.venue)}, table {meeting.table}, "
        f"{span_text(meeting.start, meeting.end, zone)}"
    )


def _overlapping_pairs(meetings: Sequence[Meeting]) -> list[tuple[Meeting, Meeting]]:
    ordered = sorted(meetings, key=lambda m: (m.start, m.end))
    return [
        (first, second)
        for n, first in enumerate(ordered)
        for second in ordered[n + 1 :]
        if second.start < first.end
    ]


def _emails_of(*meetings: Meeting) -> tuple[str, ...]:
    return tuple(dict.fromkeys(e for m in meetings for e in (m.requester, m.requested)))
