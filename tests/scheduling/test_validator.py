from __future__ import annotations

from rencontre.scheduling.problem import Meeting, SessionKind
from rencontre.scheduling.validator import (
    ViolationKind,
    breaks_per_participant,
    total_breaks,
    validate,
)

from .conftest import ProblemFactory


def kinds(violations: list) -> list[ViolationKind]:  # type: ignore[type-arg]
    return [v.kind for v in violations]


def test_valid_schedule_has_no_violation(make_problem: ProblemFactory) -> None:
    problem = make_problem([(0, 1), (1, 2)])
    assert validate(problem, {0: 0, 1: 1}) == []


def test_unplaced_meeting_penalised_in_mode_all_only(make_problem: ProblemFactory) -> None:
    problem = make_problem([(0, 1), (1, 2)])
    assert kinds(validate(problem, {0: 0})) == [ViolationKind.MEETING_NOT_PLACED]
    assert validate(problem, {0: 0}, mode="max") == []


def test_participant_in_two_meetings_at_once(make_problem: ProblemFactory) -> None:
    problem = make_problem([(0, 1), (1, 2)])
    assert kinds(validate(problem, {0: 0, 1: 0})) == [ViolationKind.PARTICIPANT_DOUBLE_BOOKED]
    assert validate(problem, {0: 0, 1: 2}) == []


def test_tables_per_slot(make_problem: ProblemFactory) -> None:
    problem = make_problem([(0, 1), (2, 3)], tables=1)
    assert kinds(validate(problem, {0: 0, 1: 0})) == [ViolationKind.TABLES_EXCEEDED]
    assert validate(problem, {0: 0, 1: 1}) == []


def test_forbidden_slot(make_problem: ProblemFactory) -> None:
    problem = make_problem([(0, 1)], forbidden={1: {0}})
    assert kinds(validate(problem, {0: 0})) == [ViolationKind.FORBIDDEN_SLOT]
    assert validate(problem, {0: 1}) == []


def test_session_restriction(make_problem: ProblemFactory) -> None:
    problem = make_problem(
        [], participants=2, morning_slots=2, meetings=[Meeting(0, 1, session=SessionKind.AFTERNOON)]
    )
    assert kinds(validate(problem, {0: 1})) == [ViolationKind.WRONG_SESSION]
    assert validate(problem, {0: 2}) == []


def test_allowed_slots(make_problem: ProblemFactory) -> None:
    problem = make_problem(
        [], participants=2, meetings=[Meeting(0, 1, allowed_slots=frozenset({3}))]
    )
    assert kinds(validate(problem, {0: 2})) == [ViolationKind.SLOT_NOT_ALLOWED]
    assert validate(problem, {0: 3}) == []


def test_fixed_slot(make_problem: ProblemFactory) -> None:
    problem = make_problem([], participants=2, meetings=[Meeting(0, 1, fixed_slot=2)])
    assert kinds(validate(problem, {0: 1})) == [ViolationKind.FIXED_SLOT_MOVED]
    assert validate(problem, {0: 2}) == []


def test_precedence(make_problem: ProblemFactory) -> None:
    meetings = [Meeting(0, 1), Meeting(2, 3, predecessors=frozenset({0}))]
    problem = make_problem([], participants=4, meetings=meetings)
    assert kinds(validate(problem, {0: 1, 1: 1})) == [ViolationKind.PRECEDENCE_BROKEN]
    assert validate(problem, {0: 1, 1: 2}) == []


def test_fairness_counts_participants_without_breaks(make_problem: ProblemFactory) -> None:
    problem = make_problem([(0, 1), (0, 2)], participants=4)
    assert kinds(validate(problem, {0: 0, 1: 2}, fairness=0)) == [ViolationKind.FAIRNESS_EXCEEDED]
    assert validate(problem, {0: 0, 1: 2}, fairness=1) == []


def test_unknown_meeting_and_slot(make_problem: ProblemFactory) -> None:
    problem = make_problem([(0, 1)])
    assert kinds(validate(problem, {0: 9, 5: 0}, mode="max")) == [
        ViolationKind.UNKNOWN_SLOT,
        ViolationKind.UNKNOWN_MEETING,
    ]


def test_breaks_count_gaps_not_idle_slots(make_problem: ProblemFactory) -> None:
    problem = make_problem([(0, 1), (0, 2), (0, 3)], slots=6)
    assert breaks_per_participant(problem, {0: 0, 1: 3, 2: 4}) == [1, 0, 0, 0]
    assert breaks_per_participant(problem, {0: 0, 1: 2, 2: 5}) == [2, 0, 0, 0]


def test_lunch_gap_is_a_break_overnight_is_not(make_problem: ProblemFactory) -> None:
    lunch = make_problem([(0, 1), (0, 2)], slots=4, morning_slots=2)
    assert total_breaks(lunch, {0: 0, 1: 2}) == 1
    assert total_breaks(lunch, {0: 1, 1: 2}) == 0
    two_days = lunch.__class__(
        participant_count=3,
        meetings=lunch.meetings,
        slots=(*lunch.slots[:2], *(s.__class__(1, s.session, s.tables) for s in lunch.slots[2:])),
    )
    assert total_breaks(two_days, {0: 0, 1: 3}) == 0
