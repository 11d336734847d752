"""The large-event solver: everything placed and validated on a small generated event, and
neighbourhood steps that never lose weight nor add breaks."""

from __future__ import annotations

import random
import time
from types import ModuleType

import pytest

from rencontre.scheduling.large_event import (
    LargeEventState,
    around_participant,
    sat_start,
    solve_large_event,
    within_day,
)
from rencontre.scheduling.large_event_neighbourhood import resolve_neighbourhood
from rencontre.scheduling.large_event_sweep import sweep_schedule
from rencontre.scheduling.problem import Meeting, Problem, Slot
from rencontre.scheduling.schedule import SolveStatus
from rencontre.scheduling.validator import total_breaks, validate


@pytest.mark.parametrize("slack", [0.0, 0.1])
def test_small_event_is_fully_placed_and_valid(slack: float, large_benchmark: ModuleType) -> None:
    large = large_benchmark
    event = large.generate_event(large.SMOKE, slack=slack, seed=1)
    problem = event.problem
    assert (problem.participant_count, problem.slot_count) == (40, 12)
    result = solve_large_event(problem, time_limit_s=3.0, seed=0)
    assert result.schedule is not None
    slot_of = dict(result.schedule.slot_of)
    assert len(slot_of) == len(problem.meetings)
    assert validate(problem, slot_of, mode="max") == []
    assert result.total_breaks == total_breaks(problem, slot_of)
    assert result.status in (SolveStatus.FEASIBLE, SolveStatus.OPTIMAL)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_small_slack_event_ends_without_breaks(seed: int, large_benchmark: ModuleType) -> None:
    # The references have 2-6 breaks; annealing closes every gap in well under a second.
    large = large_benchmark
    event = large.generate_event(large.SMOKE, slack=0.1, seed=seed)
    result = solve_large_event(event.problem, time_limit_s=5.0, seed=0)
    assert result.status == SolveStatus.OPTIMAL
    assert result.placed_count == len(event.problem.meetings)
    assert result.total_breaks == 0


def test_sat_start_places_every_meeting_of_a_tight_event(large_benchmark: ModuleType) -> None:
    large = large_benchmark
    event = large.generate_event(large.SMOKE, slack=0.0, seed=2)
    slot_of = sat_start(event.problem, time.perf_counter() + 10.0)
    assert slot_of is not None
    assert len(slot_of) == len(event.problem.meetings)
    assert validate(event.problem, slot_of, mode="all") == []


def test_sat_start_is_skipped_when_tables_leave_room(large_benchmark: ModuleType) -> None:
    large = large_benchmark
    event = large.generate_event(large.SMOKE, slack=0.2, seed=2)
    assert sum(s.tables for s in event.problem.slots) > 1.05 * len(event.problem.meetings)
    assert sat_start(event.problem, time.perf_counter() + 10.0) is None


def test_sat_start_gives_up_when_not_everything_fits() -> None:
    # Two meetings of participant 0 and a single slot: no schedule places both.
    problem = Problem(3, (Meeting(0, 1), Meeting(0, 2)), (Slot(day=0, session=0, tables=2),))
    assert sat_start(problem, time.perf_counter() + 10.0) is None


def test_steps_never_lose_weight_nor_add_breaks(large_benchmark: ModuleType) -> None:
    large = large_benchmark
    problem = large.generate_event(large.SMOKE, slack=0.0, seed=2).problem
    state = LargeEventState(problem, sweep_schedule(problem, seed=0))
    rng = random.Random(0)
    for step in range(12):
        before_weight = sum(problem.meetings[m].weight for m in state.slot_of)
        before_breaks = total_breaks(problem, state.slot_of)
        if step % 2 == 0:
            freed, day = within_day(state, rng)
            candidates = {
                m: tuple(t for t in state.candidates[m] if problem.slots[t].day == day)
                for m in freed
            }
        else:
            freed = around_participant(state, rng)
            candidates = {m: state.candidates[m] for m in freed}
        outcome = resolve_neighbourhood(
            problem, state.slot_of, freed, time_limit_s=1.0, seed=step, candidates=candidates
        )
        if outcome.slot_of is None:
            continue
        gained, added = state.judge(freed, outcome.slot_of)
        assert gained >= 0
        if gained == 0:
            assert added <= 0
        state.apply(freed, outcome.slot_of)
        assert validate(problem, state.slot_of, mode="max") == []
        assert sum(problem.meetings[m].weight for m in state.slot_of) >= before_weight
        if gained == 0:
            assert total_breaks(problem, state.slot_of) <= before_breaks
        assert state.total_breaks == total_breaks(problem, state.slot_of)


def test_step_closes_a_gap_and_respects_precedence_and_agendas() -> None:
    # One day of 4 slots; participant 0 meets 1 in slot 0 and 2 in slot 2: one break.
    # Meeting 1 must follow meeting 0; participant 2 cannot attend slot 3.
    meetings = (Meeting(0, 1), Meeting(0, 2, predecessors=frozenset({0})))
    problem = Problem(
        participant_count=3,
        meetings=meetings,
        slots=tuple(Slot(day=0, session=0, tables=1) for _ in range(4)),
        forbidden_slots=(frozenset(), frozenset(), frozenset({3})),
    )
    start = {0: 0, 1: 2}
    assert total_breaks(problem, start) == 1
    outcome = resolve_neighbourhood(problem, start, [0, 1], time_limit_s=2.0)
    assert outcome.slot_of is not None
    assert validate(problem, outcome.slot_of, mode="all") == []
    assert total_breaks(problem, outcome.slot_of) == 0
    assert outcome.slot_of[0] < outcome.slot_of[1]
