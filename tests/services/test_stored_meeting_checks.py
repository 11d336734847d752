"""Checks of stored meetings: people, tables, sessions, availability and the programme."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from rencontre.core.enums import MeetingStatus, ProgrammeItemKind
from rencontre.core.meeting import Meeting
from rencontre.core.mission import ProgrammeItem, TableChange, TravelTime, Venue
from rencontre.services.findings import FindingCode
from rencontre.services.stored_meeting_checks import check_meetings

from .checks_samples import ANNE, JULIEN, KEY, MARC, PIET, PROGRAMME, VENUES, at, mission, snapshot


def meeting(first: str, second: str, hour: int, minute: int, table: int, day: int = 13) -> Meeting:
    """A 20-minute meeting at the hall."""
    start = at(day, hour, minute)
    return Meeting(KEY, first, second, start, start + timedelta(minutes=20), "hall", table)


def codes(*meetings: Meeting) -> list[FindingCode]:
    return [f.code for f in check_meetings(snapshot(meetings=meetings))]


def test_meetings_that_follow_every_rule_give_no_finding() -> None:
    assert codes(meeting(JULIEN, PIET, 10, 0, 1), meeting(ANNE, MARC, 10, 0, 2)) == []


def test_a_person_in_two_meetings_at_once_is_an_error() -> None:
    found = check_meetings(
        snapshot(meetings=(meeting(JULIEN, PIET, 10, 0, 1), meeting(MARC, JULIEN, 10, 0, 2)))
    )
    assert [f.message for f in found] == [
        "Julien Dupont <julien@dupont.example> is in two meetings at once: with "
        "Piet Jansen <piet@jansen.example> at Hall B2B, table 1, 13 Oct 10:00–10:20 and with "
        "Marc Leroy <marc@leroy.example> at Hall B2B, table 2, 13 Oct 10:00–10:20"
    ]
    assert found[0].code is FindingCode.MEETINGS_OVERLAP
    assert found[0].people == (JULIEN,)
    assert found[0].pairs == (frozenset((JULIEN, PIET)), frozenset((JULIEN, MARC)))


def test_cancelled_meetings_are_not_checked() -> None:
    cancelled = replace(meeting(MARC, JULIEN, 10, 0, 1), status=MeetingStatus.CANCELLED)
    assert codes(meeting(JULIEN, PIET, 10, 0, 1), cancelled) == []


def test_a_table_given_twice_is_an_error() -> None:
    found = check_meetings(
        snapshot(meetings=(meeting(JULIEN, PIET, 10, 0, 1), meeting(ANNE, MARC, 10, 0, 1)))
    )
    assert [(f.code, f.venue, f.start) for f in found] == [
        (FindingCode.TABLE_DOUBLE_BOOKED, "hall", at(13, 10))
    ]
    assert found[0].message.startswith("table 1 at Hall B2B holds two meetings at once: ")


def test_a_table_the_venue_does_not_have_then_is_an_error() -> None:
    shrinking = Venue("hall", "Hall B2B", tables=2, table_changes=(TableChange(at(13, 10, 20), 1),))
    venues = [shrinking if v.key == "hall" else v for v in VENUES]
    found = check_meetings(
        snapshot(
            mission(venues=venues),
            meetings=(meeting(JULIEN, PIET, 10, 0, 2), meeting(ANNE, MARC, 10, 20, 2)),
        )
    )
    assert [f.message for f in found] == [
        "meeting Anne Peeters <anne@peeters.example> and Marc Leroy <marc@leroy.example> at "
        "Hall B2B, table 2, 13 Oct 10:20–10:40: Hall B2B has 1 table then"
    ]
    assert (found[0].code, found[0].needed, found[0].available) == (
        FindingCode.TABLE_NOT_AT_VENUE,
        2,
        1,
    )


def test_a_meeting_outside_availability_is_an_error() -> None:
    found = check_meetings(snapshot(meetings=(meeting(ANNE, PIET, 14, 0, 1, day=14),)))
    assert [f.message for f in found] == [
        "meeting Anne Peeters <anne@peeters.example> and Piet Jansen <piet@jansen.example> at "
        "Hall B2B, table 1, 14 Oct 14:00–14:20: Anne Peeters <anne@peeters.example> is "
        "available only 13 Oct 08:00–18:00"
    ]
    assert found[0].code is FindingCode.MEETING_OUTSIDE_AVAILABILITY


def test_a_meeting_outside_every_session_is_an_error() -> None:
    found = check_meetings(snapshot(meetings=(meeting(JULIEN, PIET, 11, 0, 1),)))
    assert [f.code for f in found] == [FindingCode.MEETING_OUTSIDE_SESSIONS]
    assert found[0].message == (
        "meeting Julien Dupont <julien@dupont.example> and Piet Jansen <piet@jansen.example> at "
        "Hall B2B, table 1, 13 Oct 11:00–11:20 is in no B2B session at its venue (sessions: "
        "“B2B morning” at Hall B2B, 13 Oct 10:00–11:00; “B2B afternoon” at Hall B2B, "
        "14 Oct 14:00–14:40)"
    )


def test_a_meeting_during_an_attended_item_is_an_error_and_too_close_a_warning() -> None:
    welcome = ProgrammeItem(
        "welcome",
        "Welcome coffee",
        ProgrammeItemKind.MEAL,
        at(13, 9, 30),
        at(13, 10, 10),
        "hall",
        audience=(JULIEN,),
    )
    at_douai = ProgrammeItem(
        "tour",
        "Plant tour",
        ProgrammeItemKind.SITE_VISIT,
        at(13, 9),
        at(13, 10),
        "douai",
        audience=(MARC,),
    )
    the_mission = replace(
        mission((*PROGRAMME, welcome, at_douai)),
        travel_times=(TravelTime("lille", "douai", 45), TravelTime("douai", "hall", 30)),
    )
    found = check_meetings(
        snapshot(
            the_mission,
            meetings=(meeting(JULIEN, PIET, 10, 0, 1), meeting(MARC, ANNE, 10, 20, 2)),
        )
    )
    assert [f.message for f in found] == [
        "Julien Dupont <julien@dupont.example> meets Piet Jansen <piet@jansen.example> at "
        "Hall B2B, table 1, 13 Oct 10:00–10:20 during “Welcome coffee” at Hall B2B, "
        "13 Oct 09:30–10:10",
        "Marc Leroy <marc@leroy.example> meets Anne Peeters <anne@peeters.example> at Hall B2B, "
        "table 2, 13 Oct 10:20–10:40 20 minutes after “Plant tour” at Douai plant, "
        "13 Oct 09:00–10:00, a 30-minute journey away: 10 minutes short",
    ]
    assert [(f.code, f.is_error, f.minutes_short) for f in found] == [
        (FindingCode.MEETING_DURING_PROGRAMME, True, None),
        (FindingCode.MEETING_TRAVEL_SHORTFALL, False, 10),
    ]


def test_a_meeting_with_someone_outside_the_mission_is_an_error() -> None:
    outsider = "zoe@outside.example"
    found = check_meetings(snapshot(meetings=(meeting(JULIEN, outsider, 10, 0, 1),)))
    assert [(f.code, f.people) for f in found] == [
        (FindingCode.MEETING_WITH_NON_PARTICIPANT, (outsider,))
    ]
    assert found[0].message.endswith(
        ": zoe@outside.example is not a participant of mission 'lille-douai-2027'"
    )
