"""`check_mission`: every finding of a mission, errors first, worded and counted."""

from __future__ import annotations

from dataclasses import replace

from rencontre.core.enums import RequestStatus
from rencontre.core.meeting import MeetingRequest
from rencontre.core.mission import ProgrammeItem
from rencontre.core.participant import TimeWindow
from rencontre.services.findings import FindingCode, Severity, format_findings, summary_line
from rencontre.services.mission_checks import check_mission, check_travel, travel_warning_lines

from .checks_samples import (
    ANNE,
    B2B,
    JULIEN,
    KEY,
    MARC,
    PEOPLE,
    PIET,
    PROGRAMME,
    REQUESTS,
    at,
    mission,
    snapshot,
)


def test_the_sample_mission_has_two_travel_warnings_and_no_error() -> None:
    found = check_mission(snapshot())
    assert [(f.severity, f.code, f.items) for f in found] == [
        (Severity.WARNING, FindingCode.TRAVEL_SHORTFALL, ("lunch", "visit")),
        (Severity.WARNING, FindingCode.TRAVEL_SHORTFALL, ("talk", "demo")),
    ]
    assert "30 minutes short" in found[0].message
    assert summary_line(KEY, found) == "Mission lille-douai-2027: 0 errors, 2 warnings"


def test_check_travel_gives_the_travel_warnings_only() -> None:
    extra = ProgrammeItem("b2b-3", "B2B extra", B2B, at(13, 10, 30), at(13, 11, 30), "hall")
    data = snapshot(mission((*PROGRAMME, extra)))
    assert [f.code for f in check_travel(data)] == [FindingCode.TRAVEL_SHORTFALL] * 2
    assert FindingCode.B2B_SESSIONS_OVERLAP in {f.code for f in check_mission(data)}
    lines = travel_warning_lines(data)
    assert [line.split(" “")[0] for line in lines] == ["warning [travel_shortfall]"] * 2
    assert "30 minutes short" in lines[0]


def test_errors_come_first_and_are_counted_in_the_summary() -> None:
    extra = ProgrammeItem("b2b-3", "B2B extra", B2B, at(13, 10, 30), at(13, 11, 30), "hall")
    found = check_mission(snapshot(mission((*PROGRAMME, extra))))
    assert [f.code for f in found] == [
        FindingCode.B2B_SESSIONS_OVERLAP,
        FindingCode.TRAVEL_SHORTFALL,
        FindingCode.TRAVEL_SHORTFALL,
    ]
    lines = format_findings(found)
    assert lines[0].startswith("error [b2b_sessions_overlap] B2B sessions “B2B morning” at ")
    assert lines[1].startswith("warning [travel_shortfall] “Lunch” at Grand Palais")
    assert summary_line(KEY, found) == "Mission lille-douai-2027: 1 error, 2 warnings"
    assert summary_line(KEY, []) == "Mission lille-douai-2027: no problem found"


def test_an_accepted_request_with_someone_outside_the_mission_is_an_error() -> None:
    outsider = MeetingRequest(KEY, JULIEN, "zoe@outside.example", status=RequestStatus.ACCEPTED)
    pending = MeetingRequest(KEY, PIET, "max@outside.example", status=RequestStatus.PENDING)
    found = check_mission(snapshot(requests=(*REQUESTS, outsider, pending)))
    errors = [f for f in found if f.is_error]
    assert [f.message for f in errors] == [
        "accepted request Julien Dupont <julien@dupont.example> → zoe@outside.example: "
        "zoe@outside.example is not a participant of mission 'lille-douai-2027'"
    ]
    assert errors[0].code is FindingCode.REQUEST_WITH_NON_PARTICIPANT
    assert errors[0].pairs == (frozenset((JULIEN, "zoe@outside.example")),)


def test_more_accepted_meetings_than_usable_slots_is_a_warning_in_times() -> None:
    julien = replace(PEOPLE[0], availability=(TimeWindow(at(13, 10), at(13, 10, 40)),))
    requests = [
        MeetingRequest(KEY, JULIEN, e, status=RequestStatus.ACCEPTED) for e in (PIET, ANNE, MARC)
    ]
    found = check_mission(snapshot(people=(julien, *PEOPLE[1:]), requests=requests, meetings=()))
    overloaded = [f for f in found if f.code is FindingCode.PARTICIPANT_OVERLOADED]
    assert [f.message for f in overloaded] == [
        "Julien Dupont <julien@dupont.example> has 3 meetings but only 2 usable slots: "
        "13 Oct 10:00–10:40"
    ]
    assert (overloaded[0].people, overloaded[0].needed, overloaded[0].available) == (
        (JULIEN,),
        3,
        2,
    )
    assert not overloaded[0].is_error


def test_a_meeting_with_no_common_free_slot_is_a_warning() -> None:
    # Anne is here on day 1 only; Piet only on day 2.
    piet = replace(PEOPLE[2], availability=(TimeWindow(at(14, 8), at(14, 18)),))
    requests = [MeetingRequest(KEY, ANNE, PIET, status=RequestStatus.ACCEPTED)]
    people = (PEOPLE[0], PEOPLE[1], piet, PEOPLE[3])
    found = check_mission(snapshot(people=people, requests=requests, meetings=()))
    no_slot = [f for f in found if f.code is FindingCode.MEETING_HAS_NO_SLOT]
    assert [(f.people, f.pairs) for f in no_slot] == [((ANNE, PIET), (frozenset((ANNE, PIET)),))]
    assert no_slot[0].message == (
        "the meeting of Anne Peeters <anne@peeters.example> and Piet Jansen "
        "<piet@jansen.example> has no common free slot: Anne Peeters <anne@peeters.example> "
        "is free 13 Oct 10:00–11:00; Piet Jansen <piet@jansen.example> is free "
        "14 Oct 14:00–14:40"
    )
