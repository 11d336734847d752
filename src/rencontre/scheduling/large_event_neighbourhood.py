"""One large-neighbourhood step: free some meetings, fix the rest, re-solve them with CP-SAT.

The sub-model places the freed meetings in the slots their participants and the tables leave
open, never losing placed weight, and counts the affected participants' breaks (blocks of
consecutive meetings per day, minus one per day met). The objective is lexicographic
(placed weight, then fewer breaks) through one weighted sum; the current assignment is the
hint, so the step never returns anything worse than what it was given.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from ortools.sat.python import cp_model

from rencontre.scheduling.problem import Problem


@dataclass(frozen=True)
class StepOutcome:
    """The freed meetings' new slots (absent: not held), or None when nothing better was found."""

    slot_of: dict[int, int] | None
    proven_optimal: bool


def participant_breaks(problem: Problem, busy_slots: Iterable[int]) -> int:
    """Idle gaps between two consecutive meetings of one participant on the same day."""
    ordered = sorted(busy_slots)
    gaps = 0
    for before, after in zip(ordered, ordered[1:], strict=False):
        if after != before + 1 and problem.slots[before].day == problem.slots[after].day:
            gaps += 1
    return gaps


def resolve_neighbourhood(
    problem: Problem,
    slot_of: Mapping[int, int],
    freed: Iterable[int],
    *,
    time_limit_s: float,
    seed: int = 0,
    candidates: Mapping[int, tuple[int, ...]] | None = None,
    workers: int = 1,
) -> StepOutcome:
    """Re-place `freed` (placed or not) around the fixed rest of `slot_of`.

    Returns the new slots of the freed meetings when they are at least as good as the
    current ones (more weight, or the same weight and no more breaks), else None.
    """
    free = sorted(set(freed))
    free_set = set(free)
    fixed = {m: t for m, t in slot_of.items() if m not in free_set}
    fixed_busy: dict[int, set[int]] = {}
    used = [0] * problem.slot_count
    for m, t in fixed.items():
        used[t] += 1
        for p in problem.meetings[m].participants:
            fixed_busy.setdefault(p, set()).add(t)
    successors = _successors(problem, free_set)

    model = cp_model.CpModel()
    place: dict[tuple[int, int], cp_model.IntVar] = {}
    held: dict[int, list[cp_model.IntVar]] = {}
    for m in free:
        meeting = problem.meetings[m]
        allowed = candidates[m] if candidates is not None else problem.candidate_slots(m)
        lowest, highest = -1, problem.slot_count
        for q in meeting.predecessors:
            if q in fixed:
                lowest = max(lowest, fixed[q])
        for s in successors.get(m, ()):
            if s in fixed:
                highest = min(highest, fixed[s])
        blocked = fixed_busy.get(meeting.first, set()) | fixed_busy.get(meeting.second, set())
        literals = []
        for t in allowed:
            if t in blocked or used[t] >= problem.slots[t].tables or not lowest < t < highest:
                continue
            place[m, t] = model.new_bool_var(f"x{m}_{t}")
            literals.append(place[m, t])
        held[m] = literals
        if literals:
            model.add_at_most_one(literals)
    _add_capacity(model, problem, place, used)
    per_participant = _add_clashes(model, problem, place)
    _add_precedences(model, problem, place, free_set)

    current_weight = sum(problem.meetings[m].weight for m in free if m in slot_of)
    weighted = [(literal, problem.meetings[m].weight) for m in free for literal in held[m]]
    weight = cp_model.LinearExpr.weighted_sum([v for v, _ in weighted], [w for _, w in weighted])
    model.add(weight >= current_weight)
    starts, days_met = _break_terms(model, problem, per_participant, fixed_busy)
    big = len(starts) + 1
    model.maximize(
        cp_model.LinearExpr.weighted_sum(
            [v for v, _ in weighted] + starts + days_met,
            [big * w for _, w in weighted] + [-1] * len(starts) + [1] * len(days_met),
        )
    )

    for m in free:
        for t in problem.candidate_slots(m):
            if (m, t) in place:
                model.add_hint(place[m, t], slot_of.get(m) == t)

    solver = cp_model.CpSolver()
    solver.parameters.num_workers = workers
    solver.parameters.max_time_in_seconds = max(0.05, time_limit_s)
    solver.parameters.random_seed = seed
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return StepOutcome(None, False)
    result = {m: t for (m, t), literal in place.items() if solver.boolean_value(literal)}
    proven = status == cp_model.OPTIMAL
    if not _no_worse(problem, slot_of, fixed_busy, free, result):
        return StepOutcome(None, proven)  # the hint was not kept and time ran out
    return StepOutcome(result, proven)


def _no_worse(
    problem: Problem,
    slot_of: Mapping[int, int],
    fixed_busy: Mapping[int, set[int]],
    free: list[int],
    result: Mapping[int, int],
) -> bool:
    """Whether `result` holds at least the freed weight, and no more breaks if the same."""
    before_weight = sum(problem.meetings[m].weight for m in free if m in slot_of)
    after_weight = sum(problem.meetings[m].weight for m in result)
    if after_weight != before_weight:
        return after_weight > before_weight
    touched = {p for m in free for p in problem.meetings[m].participants}
    before = {p: set(fixed_busy.get(p, set())) for p in touched}
    after = {p: set(fixed_busy.get(p, set())) for p in touched}
    for m in free:
        if m in slot_of:
            for p in problem.meetings[m].participants:
                before[p].add(slot_of[m])
    for m, t in result.items():
        for p in problem.meetings[m].participants:
            after[p].add(t)
    return sum(participant_breaks(problem, after[p]) for p in touched) <= sum(
        participant_breaks(problem, before[p]) for p in touched
    )


def _successors(problem: Problem, free: set[int]) -> dict[int, list[int]]:
    found: dict[int, list[int]] = {}
    for m, meeting in enumerate(problem.meetings):
        for q in meeting.predecessors:
            if q in free:
                found.setdefault(q, []).append(m)
    return found


def _add_capacity(
    model: cp_model.CpModel,
    problem: Problem,
    place: Mapping[tuple[int, int], cp_model.IntVar],
    used: list[int],
) -> None:
    per_slot: dict[int, list[cp_model.IntVar]] = {}
    for (_, t), literal in place.items():
        per_slot.setdefault(t, []).append(literal)
    for t, literals in per_slot.items():
        room = problem.slots[t].tables - used[t]
        if len(literals) > room:
            model.add(sum(literals) <= room)


def _add_clashes(
    model: cp_model.CpModel, problem: Problem, place: Mapping[tuple[int, int], cp_model.IntVar]
) -> dict[int, dict[int, list[cp_model.IntVar]]]:
    """At most one freed meeting per participant and slot; returns participant → slot → lits."""
    per_participant: dict[int, dict[int, list[cp_model.IntVar]]] = {}
    for (m, t), literal in place.items():
        for p in problem.meetings[m].participants:
            per_participant.setdefault(p, {}).setdefault(t, []).append(literal)
    for row in per_participant.values():
        for literals in row.values():
            if len(literals) > 1:
                model.add_at_most_one(literals)
    return per_participant


def _add_precedences(
    model: cp_model.CpModel,
    problem: Problem,
    place: Mapping[tuple[int, int], cp_model.IntVar],
    free: set[int],
) -> None:
    by_meeting: dict[int, list[tuple[int, cp_model.IntVar]]] = {}
    for (m, t), literal in place.items():
        by_meeting.setdefault(m, []).append((t, literal))
    for m in free:
        for q in problem.meetings[m].predecessors:
            if q not in free:
                continue
            for t, literal in by_meeting.get(m, []):
                for u, other in by_meeting.get(q, []):
                    if u >= t:
                        model.add_bool_or([literal.Not(), other.Not()])


def _break_terms(
    model: cp_model.CpModel,
    problem: Problem,
    per_participant: Mapping[int, Mapping[int, list[cp_model.IntVar]]],
    fixed_busy: Mapping[int, set[int]],
) -> tuple[list[cp_model.IntVar], list[cp_model.IntVar]]:
    """Block starts and days met (variables) of the affected participants on affected days.

    Breaks = Σ starts − Σ days met + a constant (fixed starts and fixed days).

    Each day: Σ block starts − [meets that day]. Starts are only bounded from below and
    `meets` only from above: exact at the optimum, an upper bound on breaks otherwise.
    """
    terms: list[cp_model.IntVar] = []
    days_met: list[cp_model.IntVar] = []
    day_slots: dict[int, list[int]] = {}
    for t, slot in enumerate(problem.slots):
        day_slots.setdefault(slot.day, []).append(t)
    for p, row in per_participant.items():
        fixed = fixed_busy.get(p, set())
        days = sorted({problem.slots[t].day for t in row})
        for day in days:
            busy: list[cp_model.IntVar | int] = []
            literals_today: list[cp_model.IntVar] = []
            for t in day_slots[day]:
                if t in fixed:
                    busy.append(1)
                elif t in row:
                    literals = row[t]
                    if len(literals) == 1:
                        busy.append(literals[0])
                    else:
                        var = model.new_bool_var(f"b{p}_{t}")
                        model.add(var == sum(literals))
                        busy.append(var)
                    literals_today.extend(literals)
                else:
                    busy.append(0)
            previous: cp_model.IntVar | int = 0
            for current in busy:
                if isinstance(previous, int) and previous == 1:
                    previous = current
                    continue  # a block goes on, or ends: no start here
                if isinstance(current, int):
                    if current == 1 and not isinstance(previous, int):
                        start = model.new_bool_var("")
                        model.add(start + previous >= 1)
                        terms.append(start)
                else:
                    start = model.new_bool_var("")
                    if isinstance(previous, int):
                        model.add(start >= current)
                    else:
                        model.add(start + previous >= current)
                    terms.append(start)
                previous = current
            if not any(t in fixed for t in day_slots[day]):
                meets = model.new_bool_var("")
                model.add(meets <= sum(literals_today))
                days_met.append(meets)
    return terms, days_met
