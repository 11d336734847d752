from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from rencontre.core.enums import ProgrammeItemKind, RequestStatus
from rencontre.core.meeting import MeetingRequest
from rencontre.core.mission import Mission, ProgrammeItem, Venue
from rencontre.core.participant import Participant
from rencontre.scheduling.problem import AFTERNOON_SESSION, MORNING_SESSION
from rencontre.services.mission_schedule import (
    MissionNotSchedulable,
    build_problem,
    meetings_from_schedule,
)

PARIS = ZoneInfo("Europe/Paris")
B2B = ProgrammeItemKind.B2B_SESSION


def at(hour: int, minute: int = 0, day: int = 6) -> datetime:
    return datetime(2027, 4, day, hour, minute, tzinfo=PARIS)


def mission(*sessions: ProgrammeItem) -> Mission:
    return Mission(
        key="m",
        title="M",
        start_date=date(2027, 4, 6),
        end_date=date(2027, 4, 7),
        venues=(Venue("hall", "Hall", tables=1), Venue("hotel", "Hotel", tables=2)),
        programme=sessions,
        slot_minutes=30,
    )


PEOPLE = (
    Participant("a@x.example", "A", "X"),
    Participant("b@y.example", "B", "Y"),
    Participant("c@z.example", "C", "Z"),
)
REQUESTS = (
    MeetingRequest("m", "a@x.example", "b@y.example", priority=3, status=RequestStatus.ACCEPTED),
    MeetingRequest("m", "c@z.example", "b@y.example", status=RequestStatus.ACCEPTED),
    MeetingRequest("m", "a@x.example", "c@z.example", status=RequestStatus.DECLINED),
)


def test_build_problem_maps_sessions_tables_and_accepted_requests() -> None:
    m = mission(
        ProgrammeItem("s1", "Morning", B2B, at(11), at(12), "hall"),
        ProgrammeItem("s2", "Afternoon", B2B, at(14), at(14, 30), "hotel"),
        ProgrammeItem("s3", "Next day", B2B, at(9, day=7), at(9, 30, day=7), "hotel"),
    )
    built = build_problem(m, PEOPLE, REQUESTS)
    slots = built.problem.slots
    assert [(s.day, s.session, s.tables) for s in slots] == [
        (0, MORNING_SESSION, 1),
        (0, MORNING_SESSION, 1),
        (0, AFTERNOON_SESSION, 2),
        (1, MORNING_SESSION, 2),
    ]
    assert built.emails == ("a@x.example", "b@y.example", "c@z.example")
    assert [(x.first, x.second, x.weight) for x in built.problem.meetings] == [(0, 1, 3), (2, 1, 2)]
    meetings = meetings_from_schedule(built, {0: 2, 1: 3})
    assert [(x.requester, x.venue, x.start, x.table) for x in meetings] == [
        ("a@x.example", "hotel", at(14), 1),
        ("c@z.example", "hotel", at(9, day=7), 1),
    ]


def test_build_problem_refuses_overlapping_sessions() -> None:
    m = mission(
        ProgrammeItem("s1", "One", B2B, at(11), at(12), "hall"),
        ProgrammeItem("s2", "Two", B2B, at(11, 30), at(12, 30), "hotel"),
    )
    with pytest.raises(MissionNotSchedulable, match="B2B sessions 's1' and 's2' overlap"):
        build_problem(m, PEOPLE, REQUESTS)


def test_build_problem_refuses_a_mission_without_slots() -> None:
    with pytest.raises(MissionNotSchedulable, match="has no B2B session with slots"):
        build_problem(mission(), PEOPLE, REQUESTS)
