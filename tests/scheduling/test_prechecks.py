from __future__ import annotations

from rencontre.scheduling.diagnostics import Diagnostic, DiagnosticKind
from rencontre.scheduling.prechecks import (
    event_over_tables,
    find_infeasibility_reasons,
    fixed_meetings_colliding,
    meetings_without_slot,
    participants_overloaded,
    precedences_impossible,
    slots_over_tables,
)
from rencontre.scheduling.problem import Meeting, SessionKind

from .conftest import ProblemFactory


def test_feasible_problem_has_no_reason(make_problem: ProblemFactory) -> None:
    assert find_infeasibility_reasons(make_problem([(0, 1), (1, 2)])) == []


def test_participant_with_more_meetings_than_usable_slots(make_problem: ProblemFactory) -> None:
    problem = make_problem([(0, 1), (0, 2), (0, 3)], slots=3, forbidden={0: {2}})
    assert participants_overloaded(problem) == [
        Diagnostic(
            DiagnosticKind.PARTICIPANT_OVERLOADED,
            "participant 1 has 3 meetings but only 2 usable slots",
            participant=0,
            meetings=(0, 1, 2),
            needed=3,
            available=2,
        )
    ]
    assert (
        participants_overloaded(make_problem([(0, 1), (0, 2)], slots=3, forbidden={0: {2}})) == []
    )


def test_morning_session_over_full(make_problem: ProblemFactory) -> None:
    morning = [Meeting(0, q, session=SessionKind.MORNING) for q in (1, 2, 3)]
    problem = make_problem([], participants=4, slots=4, morning_slots=2, meetings=morning)
    assert [(d.kind, d.message) for d in participants_overloaded(problem)] == [
        (
            DiagnosticKind.PARTICIPANT_OVERLOADED,
            "participant 1 has 3 meetings but only 2 usable slots",
        )
    ]
    mixed = [*morning[:2], Meeting(0, 3, session=SessionKind.ANY)]
    fits = make_problem([], participants=4, slots=4, morning_slots=2, meetings=mixed)
    assert participants_overloaded(fits) == []
    over = [*morning, Meeting(0, 4, session=SessionKind.AFTERNOON)]
    overfull = make_problem([], participants=5, slots=5, morning_slots=2, meetings=over)
    assert [d.message for d in participants_overloaded(overfull)] == [
        "session morning for participant 1 is over-full: 3 meetings for 2 usable slots"
    ]


def test_fixed_meetings_collide(make_problem: ProblemFactory) -> None:
    meetings = [Meeting(0, 1, fixed_slot=2), Meeting(0, 2, fixed_slot=2)]
    problem = make_problem([], participants=3, meetings=meetings)
    assert [d.message for d in fixed_meetings_colliding(problem)] == [
        "fixed meetings 1, 2 collide on slot 3 for participant 1"
    ]
    apart = [Meeting(0, 1, fixed_slot=2), Meeting(0, 2, fixed_slot=3)]
    assert fixed_meetings_colliding(make_problem([], participants=3, meetings=apart)) == []


def test_slot_with_more_fixed_meetings_than_tables(make_problem: ProblemFactory) -> None:
    meetings = [Meeting(0, 1, fixed_slot=0), Meeting(2, 3, fixed_slot=0)]
    problem = make_problem([], participants=4, tables=1, meetings=meetings)
    assert [d.message for d in slots_over_tables(problem)] == [
        "slot 1 has 2 fixed meetings but only 1 table"
    ]
    assert slots_over_tables(make_problem([], participants=4, tables=2, meetings=meetings)) == []


def test_event_over_tables(make_problem: ProblemFactory) -> None:
    problem = make_problem([(0, 1), (2, 3), (4, 5)], slots=1, tables=2)
    assert [d.kind for d in event_over_tables(problem)] == [DiagnosticKind.EVENT_OVER_TABLES]
    assert event_over_tables(make_problem([(0, 1), (2, 3)], slots=1, tables=2)) == []


def test_meeting_without_slot(make_problem: ProblemFactory) -> None:
    problem = make_problem([(0, 1)], slots=2, forbidden={0: {0}, 1: {1}})
    assert [d.message for d in meetings_without_slot(problem)] == [
        "meeting 1 (participant 1 and participant 2) has no usable slot: its session, fixed "
        "slot and the two agendas leave nothing"
    ]
    assert meetings_without_slot(make_problem([(0, 1)], slots=2, forbidden={0: {0}})) == []


def test_a_meeting_without_slot_is_the_only_reason_given(make_problem: ProblemFactory) -> None:
    # Participant 2 is never available: its meetings with 1 and 3 have no slot. Participants
    # 1 and 3 are free; their agendas are not to blame.
    problem = make_problem(
        [(0, 1), (2, 1), (0, 3)], participants=4, slots=3, forbidden={1: {0, 1, 2}}
    )
    reasons = find_infeasibility_reasons(problem)
    assert [d.kind for d in reasons] == [DiagnosticKind.MEETING_HAS_NO_SLOT] * 2
    assert participants_overloaded(problem) == []


def test_precedence_chain_longer_than_the_day(make_problem: ProblemFactory) -> None:
    chain = [Meeting(0, 1), Meeting(2, 3, predecessors=frozenset({0}))]
    short = make_problem([], participants=4, slots=1, meetings=chain)
    assert [d.kind for d in precedences_impossible(short)] == [DiagnosticKind.PRECEDENCE_IMPOSSIBLE]
    assert precedences_impossible(make_problem([], participants=4, slots=2, meetings=chain)) == []
