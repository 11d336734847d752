"""Per-participant lower bounds on breaks, from the shape of the slots it can use.

A participant with n meetings must cover n of its usable slots; usable slots come in runs
of consecutive slots of one day, and every run it uses beyond one per day costs a break.
Taking the longest runs first gives the fewest runs, hence a sound lower bound.
"""

from __future__ import annotations

from rencontre.scheduling.problem import Problem


def usable_slots(problem: Problem, participant: int) -> set[int]:
    """Slots where at least one of the participant's meetings could take place."""
    slots: set[int] = set()
    for meeting_index in problem.meetings_of(participant):
        slots.update(problem.candidate_slots(meeting_index))
    return slots


def slot_runs(problem: Problem, slots: set[int]) -> list[tuple[int, int]]:
    """Maximal runs of adjacent slots as (day, length)."""
    runs: list[tuple[int, int]] = []
    for t in sorted(slots):
        if t - 1 in slots and problem.adjacent_to_previous(t):
            day, length = runs[-1]
            runs[-1] = (day, length + 1)
        else:
            runs.append((problem.slots[t].day, 1))
    return runs


def minimum_breaks(problem: Problem, participant: int, meeting_count: int) -> int:
    """Fewest breaks any schedule giving the participant `meeting_count` meetings can have."""
    if meeting_count <= 1:
        return 0
    runs = sorted(slot_runs(problem, usable_slots(problem, participant)), key=lambda r: -r[1])
    covered, runs_needed = 0, 0
    for _, length in runs:
        if covered >= meeting_count:
            break
        covered += length
        runs_needed += 1
    # Each day's first run is free: runs_used - days_used >= runs_needed - all days.
    return max(0, runs_needed - len(problem.days))
