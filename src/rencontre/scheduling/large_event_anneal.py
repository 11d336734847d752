"""Simulated annealing on Kempe-chain moves: many cheap moves that close participants' gaps.

A move takes one meeting from slot t1 to slot t2 and swaps, between t1 and t2, the chain of
meetings it pushes along (a participant busy in t2 sends its t2 meeting to t1, whose other
participant sends its t1 meeting to t2, and so on). Every participant inside the chain keeps
its busy slots; only the two ends change, so a move is checked and scored in a few
operations and the schedule stays valid (no clash, tables and candidate slots respected).

The CP-SAT steps of the neighbourhood search are exact but cost about 50 ms each; the
annealing makes tens of thousands of moves per second and may go uphill, which the gap
structure of a slack event needs (a gap of several slots closes one meeting at a time).
The cost guiding it is breaks plus, more lightly, idle slots inside a day's span.
"""

from __future__ import annotations

import math
import random
import time
from collections.abc import Mapping

from rencontre.scheduling.problem import Problem

BREAK_COST = 3
"""Cost of one break against one idle slot inside a participant's day (both guide the moves:
idle slots show which way a gap closes)."""
MAX_CHAIN = 60
"""Longer chains are rejected: they rarely help and cost time."""
START_TEMPERATURE = 0.8
END_TEMPERATURE = 0.1
"""Cooling from 0.8 to 0.1 reached 0 breaks from the SAT start on the tight benchmark event
in 2-57 s (3 seeds); from 1.5 to 0.15 it still had 2 after 60 s."""


class _Days:
    """Each day's slots as a bit range of a participant's busy mask."""

    def __init__(self, problem: Problem) -> None:
        self.ranges: list[tuple[int, int]] = []
        start = 0
        for t in range(1, problem.slot_count + 1):
            if t == problem.slot_count or problem.slots[t].day != problem.slots[start].day:
                self.ranges.append((start, (1 << (t - start)) - 1))
                start = t

    def breaks_and_idle(self, mask: int) -> tuple[int, int]:
        breaks = idle = 0
        for shift, width in self.ranges:
            day = (mask >> shift) & width
            if day:
                breaks += (day & ~(day << 1)).bit_count() - 1
                idle += day.bit_length() - (day & -day).bit_length() + 1 - day.bit_count()
        return breaks, idle


def anneal_schedule(
    problem: Problem,
    slot_of: Mapping[int, int],
    *,
    deadline: float,
    rng: random.Random,
    start_temperature: float = START_TEMPERATURE,
    end_temperature: float = END_TEMPERATURE,
) -> dict[int, int]:
    """The schedule with the fewest breaks met while annealing from `slot_of` until `deadline`.

    The same meetings stay placed (unplaced ones stay unplaced); never worse than `slot_of`.
    """
    meetings = problem.meetings
    count = len(meetings)
    slots = problem.slot_count
    days = _Days(problem)
    where = [slot_of.get(m, -1) for m in range(count)]
    at = [[-1] * slots for _ in range(problem.participant_count)]
    mask = [0] * problem.participant_count
    used = [0] * slots
    for m, t in enumerate(where):
        if t >= 0:
            used[t] += 1
            for p in meetings[m].participants:
                at[p][t] = m
                mask[p] |= 1 << t
    tables = [slot.tables for slot in problem.slots]
    allowed = [_bits(problem.candidate_slots(m)) for m in range(count)]
    ordered = _ordered_meetings(problem)
    first = [meeting.first for meeting in meetings]
    second = [meeting.second for meeting in meetings]
    figures = [days.breaks_and_idle(b) for b in mask]
    breaks_now = sum(b for b, _ in figures)
    best_breaks, best = breaks_now, list(where)
    mine = [[m for m in problem.meetings_of(p) if where[m] >= 0] for p in range(len(mask))]
    troubled = [p for p, (b, i) in enumerate(figures) if b or i]

    started = time.perf_counter()
    span = max(1e-3, deadline - started)
    temperature = start_temperature
    moves = 0
    while True:
        moves += 1
        if moves % 512 == 0:
            now = time.perf_counter()
            if now >= deadline:
                break
            temperature = start_temperature * (end_temperature / start_temperature) ** (
                (now - started) / span
            )
            troubled = [p for p, (b, i) in enumerate(figures) if b or i] or troubled
        u = rng.choice(troubled) if troubled and rng.random() < 0.9 else rng.randrange(len(mask))
        if not mine[u]:
            continue
        m = rng.choice(mine[u])
        t1 = where[m]
        t2 = _target(u, mask[u], slots, days, rng)
        if t2 < 0 or not (allowed[m] >> t2) & 1:
            continue
        # The chain: meetings alternately in t2 and t1, pushed along from both participants.
        chain = [m]
        cycle = False
        for p in (first[m], second[m]):
            t = t2
            while True:
                q = at[p][t]
                if q < 0:
                    break
                if q == m or len(chain) > MAX_CHAIN:
                    cycle = True
                    break
                chain.append(q)
                p = first[q] if second[q] == p else second[q]
                t = t1 if t == t2 else t2
            if cycle:
                break
        if cycle:
            continue
        gain_t2 = 0
        toggles: dict[int, int] = {}
        flip = (1 << t1) | (1 << t2)
        feasible = True
        for q in chain:
            other = t2 if where[q] == t1 else t1
            if not (allowed[q] >> other) & 1:
                feasible = False
                break
            gain_t2 += 1 if other == t2 else -1
            toggles[first[q]] = toggles.get(first[q], 0) ^ flip
            toggles[second[q]] = toggles.get(second[q], 0) ^ flip
        if not feasible:
            continue
        if used[t2] + gain_t2 > tables[t2] or used[t1] - gain_t2 > tables[t1]:
            continue
        if ordered and not _order_kept(chain, where, t1, t2, ordered):
            continue
        delta = 0
        delta_breaks = 0
        new_figures: list[tuple[int, tuple[int, int]]] = []
        for p, toggle in toggles.items():
            if toggle:
                figure = days.breaks_and_idle(mask[p] ^ toggle)
                old_breaks, old_idle = figures[p]
                delta_breaks += figure[0] - old_breaks
                delta += BREAK_COST * (figure[0] - old_breaks) + figure[1] - old_idle
                new_figures.append((p, figure))
        if delta > 0 and rng.random() >= math.exp(-delta / temperature):
            continue
        for q in chain:
            old = where[q]
            at[first[q]][old] = at[second[q]][old] = -1
        for q in chain:
            new = t2 if where[q] == t1 else t1
            where[q] = new
        for q in chain:
            at[first[q]][where[q]] = at[second[q]][where[q]] = q
        used[t2] += gain_t2
        used[t1] -= gain_t2
        for p, figure in new_figures:
            mask[p] ^= toggles[p]
            figures[p] = figure
        breaks_now += delta_breaks
        if breaks_now < best_breaks:
            best_breaks, best = breaks_now, list(where)
            if best_breaks == 0:
                break
    return {m: t for m, t in enumerate(best) if t >= 0}


def _target(u: int, busy: int, slots: int, days: _Days, rng: random.Random) -> int:
    """A slot where `u` is free: mostly next to one of its meetings, else any slot."""
    if rng.random() < 0.8:
        within = 0
        for shift, width in days.ranges:
            day = (busy >> shift) & width
            within |= (((day << 1) | (day >> 1)) & width & ~day) << shift
        if within:
            choices = [t for t in range(slots) if (within >> t) & 1]
            return rng.choice(choices)
    t = rng.randrange(slots)
    return -1 if (busy >> t) & 1 else t


def _bits(slots: tuple[int, ...]) -> int:
    mask = 0
    for t in slots:
        mask |= 1 << t
    return mask


def _ordered_meetings(problem: Problem) -> dict[int, tuple[list[int], list[int]]]:
    """Meetings under a precedence: their predecessors and successors."""
    found: dict[int, tuple[list[int], list[int]]] = {}
    for m, meeting in enumerate(problem.meetings):
        for q in meeting.predecessors:
            found.setdefault(m, ([], []))[0].append(q)
            found.setdefault(q, ([], []))[1].append(m)
    return found


def _order_kept(
    chain: list[int],
    where: list[int],
    t1: int,
    t2: int,
    ordered: Mapping[int, tuple[list[int], list[int]]],
) -> bool:
    moved = {q: (t2 if where[q] == t1 else t1) for q in chain}
    for q, new in moved.items():
        before, after = ordered.get(q, ([], []))
        for r in before:
            slot = moved.get(r, where[r])
            if slot >= 0 and slot >= new:
                return False
        for r in after:
            slot = moved.get(r, where[r])
            if slot >= 0 and slot <= new:
                return False
    return True
