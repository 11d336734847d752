from __future__ import annotations

from rencontre.scheduling.break_bounds import minimum_breaks, slot_runs

from .conftest import ProblemFactory


def test_runs_split_at_forbidden_slots(make_problem: ProblemFactory) -> None:
    problem = make_problem([(0, 1)], slots=6, forbidden={0: {2}})
    assert slot_runs(problem, {0, 1, 3, 4, 5}) == [(0, 2), (0, 3)]


def test_minimum_breaks_when_no_run_is_long_enough(make_problem: ProblemFactory) -> None:
    pairs = [(0, 1), (0, 2), (0, 3), (0, 4)]
    split = make_problem(pairs, slots=6, forbidden={0: {3}})
    assert minimum_breaks(split, 0, 4) == 1
    assert minimum_breaks(make_problem(pairs, slots=6, forbidden={0: {4}}), 0, 4) == 0
