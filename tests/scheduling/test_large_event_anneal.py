"""Annealing on Kempe chains: gaps close through chains, tables and precedences hold, and the
result is never worse than the start."""

from __future__ import annotations

import random
import time
from types import ModuleType

from rencontre.scheduling.large_event_anneal import _Days, anneal_schedule
from rencontre.scheduling.large_event_neighbourhood import participant_breaks
from rencontre.scheduling.large_event_sweep import sweep_schedule
from rencontre.scheduling.problem import Meeting, Problem, Slot
from rencontre.scheduling.validator import total_breaks, validate


def _one_day(tables: tuple[int, ...], meetings: tuple[Meeting, ...], people: int) -> Problem:
    return Problem(people, meetings, tuple(Slot(day=0, session=0, tables=n) for n in tables))


def _anneal(problem: Problem, start: dict[int, int]) -> dict[int, int]:
    return anneal_schedule(problem, start, deadline=time.perf_counter() + 0.5, rng=random.Random(0))


def test_anneal_closes_a_gap_by_pushing_a_chain() -> None:
    # Participant 0 meets 1 in slot 0 and 2 in slot 2 (a break); slot 1 holds 2-3 and has
    # one table, so 0-2 reaches slot 1 only by pushing 2-3 into slot 2.
    problem = _one_day((1, 1, 1), (Meeting(0, 1), Meeting(0, 2), Meeting(2, 3)), 4)
    start = {0: 0, 1: 2, 2: 1}
    assert total_breaks(problem, start) == 1
    result = _anneal(problem, start)
    assert validate(problem, result, mode="all") == []
    assert total_breaks(problem, result) == 0


def test_anneal_keeps_the_break_when_no_table_is_free() -> None:
    # The same gap, but slot 1 has no table: nothing can close it.
    problem = _one_day((1, 0, 1), (Meeting(0, 1), Meeting(0, 2)), 3)
    start = {0: 0, 1: 2}
    result = _anneal(problem, start)
    assert result == start


def test_anneal_keeps_precedences() -> None:
    # Participant 0 meets 1 in slot 0 (its only slot) and 2 in slot 2: a break. 0-2 must
    # follow 3-4, held in slot 1: the gap closes only once 3-4 has moved to slot 0.
    meetings = (
        Meeting(0, 1, allowed_slots=frozenset({0})),
        Meeting(0, 2, predecessors=frozenset({2})),
        Meeting(3, 4),
    )
    problem = _one_day((2, 2, 2), meetings, 5)
    result = _anneal(problem, {0: 0, 1: 2, 2: 1})
    assert validate(problem, result, mode="all") == []
    assert result == {0: 0, 1: 1, 2: 0}


def test_day_masks_count_breaks_like_the_validator() -> None:
    slots = tuple(Slot(day=t // 5, session=0, tables=1) for t in range(15))
    problem = Problem(1, (), slots)
    days = _Days(problem)
    rng = random.Random(3)
    for _ in range(200):
        busy = {t for t in range(15) if rng.random() < 0.4}
        mask = sum(1 << t for t in busy)
        assert days.breaks_and_idle(mask)[0] == participant_breaks(problem, busy)


def test_anneal_never_loses_meetings_nor_adds_breaks(large_benchmark: ModuleType) -> None:
    large = large_benchmark
    problem = large.generate_event(large.SMOKE, slack=0.1, seed=3).problem
    start = sweep_schedule(problem, seed=0)
    result = _anneal(problem, start)
    assert set(result) == set(start)
    assert validate(problem, result, mode="max") == []
    assert total_breaks(problem, result) <= total_breaks(problem, start)
