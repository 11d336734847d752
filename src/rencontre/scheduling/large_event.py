"""Mode max on large events: a SAT or greedy placement, neighbourhood search, then annealing.

The whole-event CP-SAT model is too big to improve within minutes on ~4,000 meetings, so
this solver keeps one complete assignment and repeatedly re-solves a small part of it (the
meetings among a participant and its partners, or those of a window of slots), fixing the
rest. Each step keeps every placed meeting placed and never adds breaks; steps first target
unplaced meetings, then participants with breaks.

The start is the best of a greedy schedule, block-keeping sweeps and, when the clauses fit,
one SAT solution placing every meeting (`SAT_SHARE`): with tight tables the SAT solution
already has the reference's break count (21 on the 600-participant benchmark event), which
the search alone never reached (491 in 120 s).

Once every meeting is placed, simulated annealing on Kempe chains (`large_event_anneal`)
takes over: the CP-SAT steps stalled near 230-290 breaks on the event with 10% spare tables,
where annealing reaches 0 within seconds (and 0 from the SAT start's 21 with tight
tables, about 15-40 s)."""

from __future__ import annotations

import random
import time
from collections.abc import Callable

from rencontre.scheduling.greedy import greedy_schedule
from rencontre.scheduling.large_event_anneal import anneal_schedule
from rencontre.scheduling.large_event_neighbourhood import (
    participant_breaks,
    resolve_neighbourhood,
)
from rencontre.scheduling.large_event_sweep import sweep_schedule
from rencontre.scheduling.problem import Problem
from rencontre.scheduling.sat_search import can_place_all_with_sat, search_all_mode
from rencontre.scheduling.schedule import SolveResult, SolveStatus
from rencontre.scheduling.search_state import (
    ProgressCallback,
    SearchState,
    finish,
    time_limit_reached,
)

STEP_TIME_S = 0.05
"""CP-SAT time per neighbourhood once every meeting is placed (many small steps win)."""
PLACE_STEP_TIME_S = 0.5
"""CP-SAT time per neighbourhood while meetings are unplaced (placing them costs breaks)."""
MAX_FREED = 150
"""Largest number of meetings re-solved in one step; the size adapts below it."""
MIN_FREED = 30


class LargeEventState:
    """The current assignment with the per-participant figures the search needs."""

    def __init__(self, problem: Problem, slot_of: dict[int, int]) -> None:
        self.problem = problem
        self.slot_of = dict(slot_of)
        self.busy: list[set[int]] = [set() for _ in range(problem.participant_count)]
        self.used = [0] * problem.slot_count
        for m, t in self.slot_of.items():
            self.used[t] += 1
            for p in problem.meetings[m].participants:
                self.busy[p].add(t)
        self.breaks = [participant_breaks(problem, b) for b in self.busy]
        self.unplaced = {m for m in range(len(problem.meetings)) if m not in self.slot_of}
        self.candidates = [problem.candidate_slots(m) for m in range(len(problem.meetings))]
        self.size = 100
        """Meetings freed per step: grows after proven steps, shrinks after timed-out ones."""
        self.partners: list[list[int]] = [[] for _ in range(problem.participant_count)]
        for meeting in problem.meetings:
            self.partners[meeting.first].append(meeting.second)
            self.partners[meeting.second].append(meeting.first)

    @property
    def total_breaks(self) -> int:
        return sum(self.breaks)

    def apply(self, freed: list[int], new_slots: dict[int, int]) -> int:
        """Move the freed meetings to `new_slots`; returns the change in total breaks."""
        touched: set[int] = set()
        for m in freed:
            meeting = self.problem.meetings[m]
            touched.update(meeting.participants)
            old = self.slot_of.pop(m, None)
            if old is not None:
                self.used[old] -= 1
                for p in meeting.participants:
                    self.busy[p].discard(old)
            self.unplaced.add(m)
        for m, t in new_slots.items():
            self.slot_of[m] = t
            self.used[t] += 1
            for p in self.problem.meetings[m].participants:
                self.busy[p].add(t)
            self.unplaced.discard(m)
        before = sum(self.breaks[p] for p in touched)
        for p in touched:
            self.breaks[p] = participant_breaks(self.problem, self.busy[p])
        return sum(self.breaks[p] for p in touched) - before

    def judge(self, freed: list[int], new_slots: dict[int, int]) -> tuple[int, int]:
        """(weight gained, breaks added) if the freed meetings moved to `new_slots`."""
        weight = sum(self.problem.meetings[m].weight for m in new_slots) - sum(
            self.problem.meetings[m].weight for m in freed if m in self.slot_of
        )
        touched: set[int] = set()
        for m in freed:
            touched.update(self.problem.meetings[m].participants)
        moved = {p: set(self.busy[p]) for p in touched}
        for m in freed:
            old = self.slot_of.get(m)
            if old is not None:
                for p in self.problem.meetings[m].participants:
                    moved[p].discard(old)
        for m, t in new_slots.items():
            for p in self.problem.meetings[m].participants:
                moved[p].add(t)
        added = sum(participant_breaks(self.problem, moved[p]) - self.breaks[p] for p in touched)
        return weight, added


Neighbourhood = Callable[[LargeEventState, random.Random], list[int]]


def around_unplaced(state: LargeEventState, rng: random.Random) -> list[int]:
    """An unplaced meeting, every meeting of its two participants, and meetings among partners."""
    m = rng.choice(sorted(state.unplaced))
    meeting = state.problem.meetings[m]
    group = {meeting.first, meeting.second}
    core = set(group)
    for p in core:
        group.update(state.partners[p])
    freed = {m}
    for p in core:
        freed.update(state.problem.meetings_of(p))
    return _induced(state, group, freed, rng)


def around_participant(state: LargeEventState, rng: random.Random) -> list[int]:
    """A participant with breaks, its partners and some of theirs: the meetings among them."""
    weights = [b * b for b in state.breaks]
    if sum(weights) == 0:
        seed = rng.randrange(state.problem.participant_count)
    else:
        seed = rng.choices(range(state.problem.participant_count), weights=weights)[0]
    group = {seed, *state.partners[seed]}
    frontier = sorted(group)
    rng.shuffle(frontier)
    for p in frontier:
        if len(group) >= state.size // 3:
            break
        others = state.partners[p][:]
        rng.shuffle(others)
        group.update(others[:3])
    return _induced(state, group, set(state.problem.meetings_of(seed)), rng)


def within_day(state: LargeEventState, rng: random.Random) -> tuple[list[int], int]:
    """A participant's broken day: the meetings that day among it, its partners and theirs.

    They are re-sequenced within the day only, which keeps the model small.
    """
    problem = state.problem
    broken = [p for p, b in enumerate(state.breaks) if b > 0]
    seed = rng.choice(broken) if broken else rng.randrange(problem.participant_count)
    days = sorted({problem.slots[t].day for t in state.busy[seed]}) or [0]
    day = rng.choice(days)
    today = {m for m in problem.meetings_of(seed) if _day_of(state, m) == day}
    group = {seed}
    for m in today:
        group.update(problem.meetings[m].participants)
    for p in sorted(group):
        if len(group) >= state.size // 3:
            break
        mates = [
            other
            for m in problem.meetings_of(p)
            if _day_of(state, m) == day
            for other in problem.meetings[m].participants
            if other != p
        ]
        rng.shuffle(mates)
        group.update(mates[:4])
    freed = set(today)
    for p in group:
        for m in problem.meetings_of(p):
            meeting = problem.meetings[m]
            if _day_of(state, m) == day and meeting.first in group and meeting.second in group:
                freed.add(m)
    ordered = sorted(freed)
    if len(ordered) > state.size:
        ordered = sorted(rng.sample(ordered, state.size))
    return ordered, day


def _day_of(state: LargeEventState, m: int) -> int | None:
    t = state.slot_of.get(m)
    return None if t is None else state.problem.slots[t].day


def slot_window(state: LargeEventState, rng: random.Random) -> list[int]:
    """The meetings of a few consecutive slots of one day, and unplaced meetings fitting there."""
    problem = state.problem
    width = rng.randint(2, 3)
    start = rng.randrange(problem.slot_count)
    day = problem.slots[start].day
    window = [
        t
        for t in range(start, min(start + width, problem.slot_count))
        if problem.slots[t].day == day
    ]
    in_window = set(window)
    freed = [m for m, t in state.slot_of.items() if t in in_window]
    spare = [m for m in state.unplaced if in_window.intersection(state.candidates[m])]
    rng.shuffle(freed)
    return (spare + freed)[: state.size]


def _induced(
    state: LargeEventState, group: set[int], freed: set[int], rng: random.Random
) -> list[int]:
    for p in group:
        for m in state.problem.meetings_of(p):
            meeting = state.problem.meetings[m]
            if meeting.first in group and meeting.second in group:
                freed.add(m)
    ordered = sorted(freed)
    if len(ordered) > state.size:
        ordered = sorted(rng.sample(ordered, state.size))
    return ordered


def solve_large_event(
    problem: Problem,
    *,
    time_limit_s: float,
    workers: int = 1,
    seed: int = 0,
    progress_callback: ProgressCallback | None = None,
) -> SolveResult:
    """Mode max for large events: most weight placed, then few breaks; always validated.

    `workers` is accepted for the engine's signature; the steps are sequential, one CP-SAT
    worker each. The status is FEASIBLE (OPTIMAL only when nothing has a break and every
    meeting is placed) and `breaks_bound` is 0.
    """
    started = time.perf_counter()
    search = SearchState(
        problem, "max", None, started + time_limit_s, max(1, workers), started, progress_callback
    )
    rng = random.Random(seed)
    placed_by_sat = sat_start(problem, started + time_limit_s * SAT_SHARE)
    if placed_by_sat is not None:
        search.offer(placed_by_sat)
        search.report("large event: SAT placed every meeting")
    initial = _initial(problem, rng, time_limit_s * INITIAL_SHARE, placed_by_sat)
    state = LargeEventState(problem, initial)
    search.offer(dict(state.slot_of))
    search.report("large event: constructive")
    deadline = started + time_limit_s
    _neighbourhood_steps(
        problem, state, search, rng, until=started + time_limit_s * PLACE_SHARE, placing=True
    )
    # Everything placeable is usually placed by now: annealing closes the gaps, but it
    # never places a meeting, so it leaves the search half the time when some are missing.
    now = time.perf_counter()
    until = deadline if not state.unplaced else now + (deadline - now) / 2
    round_s = ANNEAL_ROUND_S
    while state.total_breaks > 0 and until - time.perf_counter() > 0.05:
        round_until = min(until, time.perf_counter() + round_s)
        state = LargeEventState(
            problem, anneal_schedule(problem, state.slot_of, deadline=round_until, rng=rng)
        )
        search.offer(dict(state.slot_of))
        search.report("large event: annealing")
        round_s *= 2
    _neighbourhood_steps(problem, state, search, rng, until=deadline, placing=False)
    if search.best is None:
        return finish(search, SolveStatus.UNKNOWN, [time_limit_reached()])
    done = not state.unplaced and state.total_breaks == 0
    return finish(search, SolveStatus.OPTIMAL if done else SolveStatus.FEASIBLE, [])


def _neighbourhood_steps(
    problem: Problem,
    state: LargeEventState,
    search: SearchState,
    rng: random.Random,
    *,
    until: float,
    placing: bool,
) -> None:
    """CP-SAT steps on freed neighbourhoods until `until`, nothing left to gain, or (when
    `placing`) every meeting placed."""
    step = 0
    while min(search.remaining_s(), until - time.perf_counter()) > 0.05 and (
        state.unplaced or (state.total_breaks > 0 and not placing)
    ):
        step += 1
        candidates: dict[int, tuple[int, ...]]
        if not state.unplaced and rng.random() < DAY_SHARE:
            freed, day = within_day(state, rng)
            candidates = {
                m: tuple(t for t in state.candidates[m] if problem.slots[t].day == day)
                for m in freed
            }
        else:
            freed = _pick(state, rng)(state, rng)
            candidates = {m: state.candidates[m] for m in freed}
        if not freed:
            continue
        outcome = resolve_neighbourhood(
            problem,
            state.slot_of,
            freed,
            time_limit_s=min(
                PLACE_STEP_TIME_S if state.unplaced else STEP_TIME_S, search.remaining_s()
            ),
            seed=rng.randrange(1 << 30),
            candidates=candidates,
        )
        if outcome.proven_optimal:
            state.size = min(MAX_FREED, state.size + 10)
        else:
            state.size = max(MIN_FREED, state.size * 9 // 10)
        if outcome.slot_of is None:
            continue
        gained, added = state.judge(freed, outcome.slot_of)
        if gained > 0 or (gained == 0 and added <= 0):
            state.apply(freed, outcome.slot_of)
            if gained > 0 or added < 0:
                search.offer(dict(state.slot_of))
                search.report(f"large event: step {step}")


ANNEAL_ROUND_S = 4.0
"""Length of the first annealing round. Each round cools from the best schedule so far and
the schedule reaches its fewest breaks as it cools, so short rounds come first (4 s brings
the 10%-slack benchmark event to 0 breaks) and each next round cools twice as slowly."""
PLACE_SHARE = 0.5
"""Longest share of the time for the steps placing the meetings the start left out; the
annealing follows (it only moves placed meetings)."""
DAY_SHARE = 0.9
"""Once everything is placed: share of the steps that re-sequence one day."""
INITIAL_SHARE = 0.05
"""Share of the time spent on restarts of the constructive sweep."""
SAT_SHARE = 0.5
"""Longest share of the time for the one SAT call placing every meeting (about 15 s on the
benchmark events, encoding included); past it the search starts from the sweeps."""


SAT_START_MAX_ROOM = 1.05
"""The SAT start is tried only when the tables hold at most 5% more meetings than requested.
There the packing is nearly forced and SAT's schedule is already good (19-21 breaks on the
tight benchmark event, 0 after annealing, against 65 in 120 s from the sweeps); with 10%
slack it ignores breaks (1,278) and the sweeps, search and annealing reach 0 in 13-19 s."""


def sat_start(problem: Problem, deadline: float) -> dict[int, int] | None:
    """One schedule placing every meeting, from incremental SAT; None if none by the deadline
    or if the tables leave too much room (`SAT_START_MAX_ROOM`)."""
    tables = sum(slot.tables for slot in problem.slots)
    if tables > SAT_START_MAX_ROOM * len(problem.meetings):
        return None
    if not can_place_all_with_sat(problem):
        return None
    outcome = search_all_mode(
        problem, fairness=None, deadline=deadline, strategies=(("cadical195", "any"),)
    )
    return outcome.slot_of


def _initial(
    problem: Problem, rng: random.Random, budget_s: float, known: dict[int, int] | None
) -> dict[int, int]:
    """The best of the block-keeping sweeps (within the budget), the greedy heuristic and
    `known`."""
    deadline = time.perf_counter() + budget_s
    weight = {m: meeting.weight for m, meeting in enumerate(problem.meetings)}

    def key(slot_of: dict[int, int]) -> tuple[int, int]:
        placed = sum(weight[m] for m in slot_of)
        busy: list[set[int]] = [set() for _ in range(problem.participant_count)]
        for m, t in slot_of.items():
            for p in problem.meetings[m].participants:
                busy[p].add(t)
        return (-placed, sum(participant_breaks(problem, b) for b in busy))

    best = greedy_schedule(problem)
    best_key = key(best)
    if known is not None and key(known) < best_key:
        best, best_key = known, key(known)
    while True:
        candidate = sweep_schedule(problem, seed=rng.randrange(1 << 30))
        candidate_key = key(candidate)
        if candidate_key < best_key:
            best, best_key = candidate, candidate_key
        if time.perf_counter() >= deadline:
            return best


def _pick(state: LargeEventState, rng: random.Random) -> Neighbourhood:
    if state.unplaced and rng.random() < 0.6:
        return around_unplaced if rng.random() < 0.6 else slot_window
    return around_participant if rng.random() < 0.75 else slot_window
