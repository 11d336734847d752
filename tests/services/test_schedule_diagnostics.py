"""`describe_diagnostics`: the engine's reasons, on real mission problems, in times and names."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import pytest

from rencontre.core.enums import ProgrammeItemKind, RequestStatus
from rencontre.core.meeting import MeetingRequest
from rencontre.core.mission import ProgrammeItem, Venue
from rencontre.core.participant import Participant, TimeWindow
from rencontre.scheduling.diagnostics import Diagnostic, DiagnosticKind
from rencontre.scheduling.prechecks import find_infeasibility_reasons
from rencontre.scheduling.search_state import time_limit_reached
from rencontre.services.mission_schedule import MissionProblem, build_problem
from rencontre.services.schedule_diagnostics import describe_diagnostic, describe_diagnostics

from .checks_samples import ANNE, JULIEN, KEY, MARC, PEOPLE, PIET, PROGRAMME, VENUES, at, mission

GUESTS = tuple(
    Participant(f"guest{n}@visit.example", f"Guest {n}", "Visitors") for n in range(1, 5)
)
DAY_ONE = (TimeWindow(at(13, 8), at(13, 18)),)
DAY_TWO = (TimeWindow(at(14, 8), at(14, 18)),)


def guest(n: int) -> str:
    return GUESTS[n - 1].email


def problem_for(
    pairs: Sequence[tuple[str, str]],
    *,
    people: Sequence[Participant] = (*PEOPLE, *GUESTS),
    programme: Sequence[ProgrammeItem] = PROGRAMME,
    venues: Sequence[Venue] = VENUES,
) -> MissionProblem:
    requests = [MeetingRequest(KEY, a, b, status=RequestStatus.ACCEPTED) for a, b in pairs]
    return build_problem(mission(programme, venues), people, requests)


def found(mission_problem: MissionProblem, kind: DiagnosticKind) -> list[str]:
    diagnostics = find_infeasibility_reasons(mission_problem.problem)
    return describe_diagnostics(mission_problem, [d for d in diagnostics if d.kind is kind])


def with_people(**availability: tuple[TimeWindow, ...]) -> list[Participant]:
    """Everyone, some with the availability given by e-mail user name (`anne`, `guest1`)."""
    return [
        replace(p, availability=availability.get(p.email.split("@")[0], p.availability))
        for p in (*PEOPLE, *GUESTS)
    ]


def test_an_overloaded_person_is_told_in_times_not_slot_numbers() -> None:
    briefing = ProgrammeItem(
        "briefing",
        "Briefing",
        ProgrammeItemKind.TALK,
        at(13, 10, 20),
        at(13, 10, 40),
        "hall",
        audience=(JULIEN,),
    )
    partners = (PIET, MARC, guest(1), guest(2), guest(3))
    mission_problem = problem_for([(JULIEN, p) for p in partners], programme=(*PROGRAMME, briefing))
    assert found(mission_problem, DiagnosticKind.PARTICIPANT_OVERLOADED) == [
        "Julien Dupont <julien@dupont.example> has 5 meetings but only 4 usable slots: "
        "13 Oct 10:00–10:20, 13 Oct 10:40–11:00, 14 Oct 14:00–14:40"
    ]


def test_a_meeting_without_a_common_free_slot_says_when_each_person_is_free() -> None:
    mission_problem = problem_for([(ANNE, guest(1))], people=with_people(guest1=DAY_TWO))
    assert found(mission_problem, DiagnosticKind.MEETING_HAS_NO_SLOT) == [
        "the meeting of Anne Peeters <anne@peeters.example> and Guest 1 <guest1@visit.example> "
        "has no common free slot: Anne Peeters <anne@peeters.example> is free 13 Oct "
        "10:00–11:00; Guest 1 <guest1@visit.example> is free 14 Oct 14:00–14:40"
    ]


def test_a_person_free_in_no_slot_is_said_so() -> None:
    gone = (TimeWindow(at(13, 8), at(13, 9)),)
    mission_problem = problem_for([(ANNE, guest(1))], people=with_people(guest1=gone))
    assert found(mission_problem, DiagnosticKind.MEETING_HAS_NO_SLOT) == [
        "the meeting of Anne Peeters <anne@peeters.example> and Guest 1 <guest1@visit.example> "
        "has no common free slot: Anne Peeters <anne@peeters.example> is free 13 Oct "
        "10:00–11:00; Guest 1 <guest1@visit.example> is free in no B2B slot"
    ]


def test_an_overfull_session_names_its_times_and_the_partners() -> None:
    people = with_people(guest1=DAY_ONE, guest2=DAY_ONE, guest3=DAY_ONE, guest4=DAY_ONE)
    pairs = [(MARC, guest(n)) for n in range(1, 5)] + [(MARC, PIET)]
    mission_problem = problem_for(pairs, people=people)
    assert found(mission_problem, DiagnosticKind.SESSION_OVERFULL) == [
        "Marc Leroy <marc@leroy.example> has 4 meetings that can only take place 13 Oct "
        "10:00–11:00, 3 usable slots: with Guest 1 <guest1@visit.example>, Guest 2 "
        "<guest2@visit.example>, Guest 3 <guest3@visit.example>, Guest 4 <guest4@visit.example>"
    ]


def with_fixed(mission_problem: MissionProblem, **changes: dict[str, object]) -> MissionProblem:
    """The same mission problem with some engine meetings changed (fixed slots, precedences)."""
    meetings = list(mission_problem.problem.meetings)
    for name, values in changes.items():
        index = int(name.removeprefix("m"))
        meetings[index] = replace(meetings[index], **values)
    return replace(
        mission_problem, problem=replace(mission_problem.problem, meetings=tuple(meetings))
    )


def test_fixed_meetings_that_collide_are_told_with_their_time() -> None:
    mission_problem = with_fixed(
        problem_for([(JULIEN, PIET), (JULIEN, MARC)]),
        m0={"fixed_slot": 3},
        m1={"fixed_slot": 3},
    )
    assert found(mission_problem, DiagnosticKind.FIXED_MEETINGS_COLLIDE) == [
        "Julien Dupont <julien@dupont.example> has meetings fixed at the same time, "
        "14 Oct 14:00–14:20: with Piet Jansen <piet@jansen.example>, "
        "Marc Leroy <marc@leroy.example>"
    ]


def test_a_slot_over_its_tables_is_told_with_its_time_and_venue() -> None:
    mission_problem = with_fixed(
        problem_for([(JULIEN, PIET), (MARC, guest(1)), (guest(2), guest(3))]),
        m0={"fixed_slot": 3},
        m1={"fixed_slot": 3},
        m2={"fixed_slot": 3},
    )
    assert found(mission_problem, DiagnosticKind.SLOT_OVER_TABLES) == [
        "14 Oct 14:00–14:20 at Hall B2B: 3 meetings fixed then but only 2 tables"
    ]


def test_an_impossible_order_of_meetings_names_them_and_the_last_usable_time() -> None:
    mission_problem = with_fixed(
        problem_for([(JULIEN, PIET), (MARC, guest(1))]),
        m0={"fixed_slot": 0, "predecessors": frozenset({1})},
    )
    assert found(mission_problem, DiagnosticKind.PRECEDENCE_IMPOSSIBLE) == [
        "the meeting of Julien Dupont <julien@dupont.example> and Piet Jansen "
        "<piet@jansen.example> must come after the meetings of Marc Leroy <marc@leroy.example> "
        "and Guest 1 <guest1@visit.example>, but cannot: its last usable slot is "
        "13 Oct 10:00–10:20"
    ]


def test_more_meetings_than_the_sessions_hold_lists_each_session() -> None:
    one_table = [replace(v, tables=1) if v.key == "hall" else v for v in VENUES]
    pairs = [(JULIEN, PIET), (MARC, ANNE), (guest(1), guest(2)), (guest(3), guest(4))]
    pairs += [(JULIEN, guest(1)), (PIET, guest(2))]
    mission_problem = problem_for(pairs, venues=one_table)
    assert found(mission_problem, DiagnosticKind.EVENT_OVER_TABLES) == [
        "6 accepted meetings but the B2B sessions hold at most 5 meetings (tables × slots; "
        "“B2B morning” at Hall B2B, 13 Oct 10:00–11:00: 3; “B2B afternoon” at Hall B2B, "
        "14 Oct 14:00–14:40: 2)"
    ]


SOLVER_VERDICTS = {
    DiagnosticKind.NO_SCHEDULE_WITHIN_FAIRNESS: (
        Diagnostic(DiagnosticKind.NO_SCHEDULE_WITHIN_FAIRNESS, "engine words", needed=2),
        "no schedule keeps the numbers of idle gaps between meetings of every two participants "
        "within 2 of each other; allow a larger difference (fairness) or none",
    ),
    DiagnosticKind.NO_SCHEDULE: (
        Diagnostic(DiagnosticKind.NO_SCHEDULE, "engine words"),
        "no schedule places every accepted meeting around the programme, the participants' "
        "availability and the tables; schedule as many as possible instead (mode max)",
    ),
    DiagnosticKind.TIME_LIMIT_REACHED: (
        time_limit_reached(),
        "no schedule was found within the time limit; allow the solver more time",
    ),
}


@pytest.mark.parametrize("kind", list(SOLVER_VERDICTS), ids=lambda k: k.value)
def test_the_solver_verdicts_are_told_as_what_to_do(kind: DiagnosticKind) -> None:
    diagnostic, expected = SOLVER_VERDICTS[kind]
    assert describe_diagnostic(problem_for([(JULIEN, PIET)]), diagnostic) == expected


def test_every_kind_of_diagnostic_has_its_test() -> None:
    tested_above = {
        DiagnosticKind.MEETING_HAS_NO_SLOT,
        DiagnosticKind.PARTICIPANT_OVERLOADED,
        DiagnosticKind.SESSION_OVERFULL,
        DiagnosticKind.FIXED_MEETINGS_COLLIDE,
        DiagnosticKind.SLOT_OVER_TABLES,
        DiagnosticKind.EVENT_OVER_TABLES,
        DiagnosticKind.PRECEDENCE_IMPOSSIBLE,
    }
    assert tested_above | set(SOLVER_VERDICTS) == set(DiagnosticKind)
