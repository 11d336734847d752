from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from rencontre.core.enums import MeetingStatus, ProgrammeItemKind, RequestStatus
from rencontre.core.meeting import Meeting, MeetingRequest
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


def one_session() -> Mission:
    return mission(ProgrammeItem("s1", "Morning", B2B, at(10), at(11), "hotel"))


def accepted(requester: str, requested: str, priority: int = 2, **fields: object) -> MeetingRequest:
    return MeetingRequest(
        "m", requester, requested, priority=priority, status=RequestStatus.ACCEPTED, **fields
    )  # type: ignore[arg-type]


def test_mutual_requests_stored_both_ways_make_one_meeting_of_the_highest_priority() -> None:
    requests = (
        accepted("a@x.example", "b@y.example", 1),
        accepted("b@y.example", "a@x.example", 3),
        accepted("c@z.example", "b@y.example"),
    )
    built = build_problem(one_session(), PEOPLE, requests)
    assert [(m.first, m.second, m.weight) for m in built.problem.meetings] == [(0, 1, 3), (2, 1, 2)]
    assert [r.requester for r in built.requests] == ["a@x.example", "c@z.example"]
    assert [(m.request.pair, m.requests) for m in built.merged] == [
        (frozenset({"a@x.example", "b@y.example"}), requests[:2])
    ]
    assert built.dropped == ()


def test_a_decline_of_either_direction_drops_the_pair_and_says_so() -> None:
    declined = MeetingRequest("m", "b@y.example", "a@x.example", status=RequestStatus.DECLINED)
    cancelled = MeetingRequest("m", "c@z.example", "b@y.example", status=RequestStatus.CANCELLED)
    requests = (
        accepted("a@x.example", "b@y.example"),
        declined,
        accepted("b@y.example", "c@z.example"),
        cancelled,
        accepted("a@x.example", "c@z.example"),
    )
    built = build_problem(one_session(), PEOPLE, requests)
    assert [r.pair for r in built.requests] == [frozenset({"a@x.example", "c@z.example"})]
    assert [(d.accepted, d.refusing, d.status) for d in built.dropped] == [
        (requests[0], declined, RequestStatus.DECLINED),
        (requests[2], cancelled, RequestStatus.CANCELLED),
    ]
    assert built.merged == ()


def test_a_stored_merged_request_is_reported_as_merged() -> None:
    merged = accepted("a@x.example", "b@y.example", origin="a → b (stored) + b → a (file, row 4)")
    built = build_problem(one_session(), PEOPLE, (merged,))
    assert [(m.request, m.requests) for m in built.merged] == [(merged, (merged,))]
    assert len(built.problem.meetings) == 1


def test_colleagues_of_one_organisation_each_meet_the_same_organisation() -> None:
    people = (*PEOPLE, Participant("a2@x.example", "A2", "X"))
    requests = (accepted("a@x.example", "b@y.example"), accepted("a2@x.example", "b@y.example"))
    built = build_problem(one_session(), people, requests)
    assert len(built.problem.meetings) == 2
    assert built.merged == ()


def test_a_meeting_that_stays_in_its_slot_keeps_its_stored_table() -> None:
    requests = (accepted("a@x.example", "b@y.example"), accepted("c@z.example", "b@y.example"))
    built = build_problem(one_session(), PEOPLE, requests)
    stored = [
        Meeting("m", "b@y.example", "a@x.example", at(10), at(10, 30), "hotel", 2),
        Meeting("m", "c@z.example", "b@y.example", at(10), at(10, 30), "hotel", 1,
                status=MeetingStatus.CANCELLED),
    ]  # fmt: skip
    kept = meetings_from_schedule(built, {0: 0, 1: 1}, stored)
    assert [(m.requester, m.start, m.table) for m in kept] == [
        ("a@x.example", at(10), 2),
        ("c@z.example", at(10, 30), 2),  # b stays seated: c's cancelled table is no claim
    ]
    moved = meetings_from_schedule(built, {0: 1, 1: 0}, stored)
    assert [(m.requester, m.start, m.table) for m in moved] == [
        ("c@z.example", at(10), 1),
        ("a@x.example", at(10, 30), 1),
    ]
