"""An independent check of concrete meetings (times, venues, tables) before a repair stores them.

The engine's validator checks slot indices; this checks what people will read: nobody in
two places at once, no table given twice, every table within the venue's count at that
time, every meeting inside a B2B session at its venue, within both people's availability
and clear of the programme items they attend. It shares nothing with the engine on purpose.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from itertools import combinations
from zoneinfo import ZoneInfo

from rencontre.core.enums import MeetingStatus
from rencontre.core.meeting import Meeting
from rencontre.core.mission import Mission
from rencontre.core.participant import Participant, TimeWindow
from rencontre.services.mission_grid import attended_items

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def moment_text(mission: Mission, moment: datetime) -> str:
    """A time as organisers read it, in the mission's zone: "6 Apr 14:30".

    The same form as the mission checks; month names are written here, not taken from the
    process locale, so that a mission reads the same on every machine.
    """
    local = moment.astimezone(ZoneInfo(mission.timezone))
    return f"{local.day} {MONTHS[local.month - 1]} {local:%H:%M}"


def person_text(people: Mapping[str, Participant], email: str) -> str:
    """ "Full Name <e-mail>", or the bare e-mail of someone not (or no longer) known."""
    person = people.get(email)
    return f"{person.full_name} <{email}>" if person is not None else email


def pair_text(people: Mapping[str, Participant], first: str, second: str) -> str:
    """Two people of a meeting or a request, by name and e-mail."""
    return f"{person_text(people, first)} ↔ {person_text(people, second)}"


def check_placements(
    mission: Mission, people: Mapping[str, Participant], meetings: Sequence[Meeting]
) -> list[str]:
    """Every problem of the meetings that are not cancelled, in words; empty when none."""
    live = sorted(
        (m for m in meetings if m.status is not MeetingStatus.CANCELLED),
        key=lambda m: (m.start, m.venue, m.table),
    )
    return [
        *_people_in_two_places(mission, people, live),
        *_tables_given_twice(mission, live),
        *_tables_out_of_range(mission, live),
        *_outside_sessions(mission, people, live),
        *_outside_agendas(mission, people, live),
    ]


def _window(meeting: Meeting) -> TimeWindow:
    return TimeWindow(meeting.start, meeting.end)


def _people_in_two_places(
    mission: Mission, people: Mapping[str, Participant], live: list[Meeting]
) -> list[str]:
    found = []
    by_person: dict[str, list[Meeting]] = {}
    for meeting in live:
        for email in (meeting.requester, meeting.requested):
            by_person.setdefault(email, []).append(meeting)
    for email, mine in sorted(by_person.items()):
        for first, second in combinations(mine, 2):
            if _window(first).overlaps(_window(second)):
                found.append(
                    f"{person_text(people, email)} has two meetings at "
                    f"{moment_text(mission, second.start)}: with "
                    f"{person_text(people, first.partner_of(email))} and "
                    f"{person_text(people, second.partner_of(email))}"
                )
    return found


def _tables_given_twice(mission: Mission, live: list[Meeting]) -> list[str]:
    found = []
    by_table: dict[tuple[str, int], list[Meeting]] = {}
    for meeting in live:
        by_table.setdefault((meeting.venue, meeting.table), []).append(meeting)
    for (venue, table), held in sorted(by_table.items()):
        for first, second in combinations(held, 2):
            if _window(first).overlaps(_window(second)):
                found.append(
                    f"table {table} at {mission.venue(venue).name} is given twice at "
                    f"{moment_text(mission, second.start)}"
                )
    return found


def _tables_out_of_range(mission: Mission, live: list[Meeting]) -> list[str]:
    found = []
    for meeting in live:
        tables = mission.venue(meeting.venue).tables_at(meeting.start)
        if not 1 <= meeting.table <= tables:
            found.append(
                f"table {meeting.table} at {mission.venue(meeting.venue).name} at "
                f"{moment_text(mission, meeting.start)}: the venue then has {tables} tables"
            )
    return found


def _outside_sessions(
    mission: Mission, people: Mapping[str, Participant], live: list[Meeting]
) -> list[str]:
    sessions = mission.b2b_sessions
    return [
        f"the meeting of {pair_text(people, m.requester, m.requested)} at "
        f"{moment_text(mission, m.start)} is outside every B2B session of its venue"
        for m in live
        if not any(s.venue == m.venue and s.window.contains(_window(m)) for s in sessions)
    ]


def _outside_agendas(
    mission: Mission, people: Mapping[str, Participant], live: list[Meeting]
) -> list[str]:
    found = []
    for meeting in live:
        for email in (meeting.requester, meeting.requested):
            person = people.get(email)
            when = moment_text(mission, meeting.start)
            if person is None or email not in mission.participants:
                found.append(f"{email} has a meeting at {when} but is not in the mission")
                continue
            if not person.is_available(_window(meeting)):
                found.append(f"{person_text(people, email)} is not available at {when}")
            for item in attended_items(mission, person):
                if item.window.overlaps(_window(meeting)):
                    found.append(
                        f"{person_text(people, email)} has a meeting at {when} during "
                        f"{item.title!r}"
                    )
    return found
