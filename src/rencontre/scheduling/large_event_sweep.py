"""A constructive placement that sweeps the slots in time order, keeping agendas in blocks.

At each slot it greedily picks a matching of meetings to hold, preferring participants who
met in the previous slot (their block goes on), then those who have not met yet that day
(a block starts, free), and last those whose block already ended that day (a break). Busy
participants with many meetings left for the slots left are served first.
"""

from __future__ import annotations

import random

from rencontre.scheduling.problem import Problem

NOT_STARTED, ACTIVE, ENDED = 0, 1, 2


def sweep_schedule(
    problem: Problem,
    *,
    seed: int = 0,
    jitter: float = 0.5,
    weights: tuple[float, float, float, float] = (4.0, 1.0, -3.0, 3.0),
) -> dict[int, int]:
    """Meeting → slot for the meetings the sweep places (most of them on tight events)."""
    rng = random.Random(seed)
    active_w, fresh_w, ended_w, urgency_w = weights
    candidates = [set(problem.candidate_slots(m)) for m in range(len(problem.meetings))]
    left = [len(problem.meetings_of(p)) for p in range(problem.participant_count)]
    unplaced = set(range(len(problem.meetings)))
    slot_of: dict[int, int] = {}
    status = [NOT_STARTED] * problem.participant_count
    busy_now: set[int] = set()
    for t, slot in enumerate(problem.slots):
        if t == 0 or problem.slots[t - 1].day != slot.day:
            status = [NOT_STARTED] * problem.participant_count
            busy_now = set()
        slots_left = problem.slot_count - t
        scored = []
        for m in unplaced:
            if t not in candidates[m]:
                continue
            meeting = problem.meetings[m]
            if any(q not in slot_of for q in meeting.predecessors):
                continue
            score = 0.0
            for p in meeting.participants:
                kind = status[p]
                score += (
                    active_w if kind == ACTIVE else (fresh_w if kind == NOT_STARTED else ended_w)
                )
                score += urgency_w * left[p] / slots_left
            scored.append((score + jitter * rng.random(), m))
        scored.sort(reverse=True)
        taken: set[int] = set()
        room = slot.tables
        for _, m in scored:
            if room == 0:
                break
            meeting = problem.meetings[m]
            if meeting.first in taken or meeting.second in taken:
                continue
            taken.update(meeting.participants)
            slot_of[m] = t
            room -= 1
        for m in [m for m, u in slot_of.items() if u == t]:
            unplaced.discard(m)
            for p in problem.meetings[m].participants:
                left[p] -= 1
        for p in busy_now - taken:
            status[p] = ENDED
        for p in taken:
            status[p] = ACTIVE
        busy_now = taken
    return slot_of
