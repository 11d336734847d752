from __future__ import annotations

from rencontre.scheduling.greedy import greedy_schedule
from rencontre.scheduling.problem import Meeting
from rencontre.scheduling.validator import total_breaks, validate

from .conftest import ProblemFactory


def test_greedy_builds_contiguous_agenda_for_the_busiest(make_problem: ProblemFactory) -> None:
    problem = make_problem([(0, 1), (0, 2), (0, 3), (1, 4)], slots=5, tables=2)
    slot_of = greedy_schedule(problem)
    assert validate(problem, slot_of) == []
    assert total_breaks(problem, slot_of) == 0


def test_greedy_keeps_fixed_and_precedence(make_problem: ProblemFactory) -> None:
    meetings = [Meeting(0, 1, fixed_slot=2), Meeting(0, 2, predecessors=frozenset({0}))]
    problem = make_problem([], participants=3, meetings=meetings)
    assert greedy_schedule(problem) == {0: 2, 1: 3}


def test_greedy_leaves_out_what_does_not_fit(make_problem: ProblemFactory) -> None:
    problem = make_problem([(0, 1), (0, 2), (0, 3)], slots=2)
    assert len(greedy_schedule(problem)) == 2
