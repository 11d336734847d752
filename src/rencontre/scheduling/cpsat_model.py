"""The CP-SAT model of B2B scheduling: one named function per rule.

Variables: `place[m, t]` (meeting m in slot t), `busy[p, t]` (participant p meets in t),
`starts[p, t]` (a block of consecutive meetings of p starts at t). A participant's breaks on
a day are its blocks that day minus one if it meets that day: a tight, linear formulation.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from ortools.sat.python import cp_model

from rencontre.scheduling.break_bounds import minimum_breaks
from rencontre.scheduling.problem import Problem

BoolVar = cp_model.IntVar
LinearExpr = cp_model.LinearExprT


@dataclass
class BreakModel:
    """A built model and the handles the solver needs to read and steer it."""

    model: cp_model.CpModel
    place: dict[tuple[int, int], BoolVar]
    placed: list[LinearExpr]
    busy: list[dict[int, BoolVar]]
    participant_breaks: list[cp_model.IntVar]
    total_breaks: cp_model.IntVar
    placed_weight: LinearExpr
    slots_of_meeting: list[tuple[int, ...]] = field(default_factory=list)


def build_model(
    problem: Problem,
    *,
    mode: Literal["all", "max"],
    fairness: int | None,
    max_total_breaks: int | None = None,
    min_placed_weight: int | None = None,
) -> BreakModel:
    model = cp_model.CpModel()
    slots_of_meeting = [problem.candidate_slots(m) for m in range(len(problem.meetings))]
    place, placed = add_meeting_placement(model, problem, slots_of_meeting, mode)
    busy = add_one_meeting_per_participant_and_slot(model, problem, place)
    add_tables_per_slot(model, problem, place)
    add_busy_participants_per_slot(model, problem, busy)
    if mode == "all":
        add_slots_used_per_participant(model, problem, busy)
    add_precedences(model, problem, place, slots_of_meeting)
    breaks = add_gap_counting(model, problem, busy, mode)
    if fairness is not None:
        add_fairness(model, problem, breaks, fairness, mode)
    total = model.new_int_var(0, sum(upper_bound(b) for b in breaks), "total_breaks")
    model.add(total == sum(breaks))
    if max_total_breaks is not None:
        model.add(total <= max_total_breaks)
    weight = sum(problem.meetings[m].weight * placed[m] for m in range(len(problem.meetings)))
    if min_placed_weight is not None:
        model.add(weight >= min_placed_weight)
    return BreakModel(model, place, placed, busy, breaks, total, weight, slots_of_meeting)


def upper_bound(variable: cp_model.IntVar) -> int:
    return int(list(variable.proto.domain)[-1])


def add_meeting_placement(
    model: cp_model.CpModel,
    problem: Problem,
    slots_of_meeting: list[tuple[int, ...]],
    mode: Literal["all", "max"],
) -> tuple[dict[tuple[int, int], BoolVar], list[LinearExpr]]:
    """Each meeting in exactly one candidate slot (mode all) or at most one (mode max)."""
    place: dict[tuple[int, int], BoolVar] = {}
    placed: list[LinearExpr] = []
    for m, slots in enumerate(slots_of_meeting):
        literals = []
        for t in slots:
            place[m, t] = model.new_bool_var(f"place_m{m}_t{t}")
            literals.append(place[m, t])
        if mode == "all":
            model.add_exactly_one(literals)
        else:
            model.add_at_most_one(literals)
        placed.append(sum(literals) if literals else 0)
    return place, placed


def add_one_meeting_per_participant_and_slot(
    model: cp_model.CpModel, problem: Problem, place: dict[tuple[int, int], BoolVar]
) -> list[dict[int, BoolVar]]:
    """No participant in two meetings at once; `busy[p][t]` is its meeting count in t (0/1)."""
    busy: list[dict[int, BoolVar]] = []
    for p in range(problem.participant_count):
        per_slot: dict[int, list[BoolVar]] = {}
        for m in problem.meetings_of(p):
            for t in range(problem.slot_count):
                if (m, t) in place:
                    per_slot.setdefault(t, []).append(place[m, t])
        row: dict[int, BoolVar] = {}
        for t, literals in sorted(per_slot.items()):
            if len(literals) == 1:
                row[t] = literals[0]
                continue
            row[t] = model.new_bool_var(f"busy_p{p}_t{t}")
            model.add(row[t] == sum(literals))
        busy.append(row)
    return busy


def add_tables_per_slot(
    model: cp_model.CpModel, problem: Problem, place: dict[tuple[int, int], BoolVar]
) -> None:
    per_slot: dict[int, list[BoolVar]] = {}
    for (_, t), literal in place.items():
        per_slot.setdefault(t, []).append(literal)
    for t, literals in per_slot.items():
        if len(literals) > problem.slots[t].tables:
            model.add(sum(literals) <= problem.slots[t].tables)


def add_busy_participants_per_slot(
    model: cp_model.CpModel, problem: Problem, busy: list[dict[int, BoolVar]]
) -> None:
    """Implied: at most 2·tables participants busy per slot (JAIR (44))."""
    for t, slot in enumerate(problem.slots):
        literals = [row[t] for row in busy if t in row]
        if len(literals) > 2 * slot.tables:
            model.add(sum(literals) <= 2 * slot.tables)


def add_slots_used_per_participant(
    model: cp_model.CpModel, problem: Problem, busy: list[dict[int, BoolVar]]
) -> None:
    """Implied: a participant is busy in exactly as many slots as it has meetings (JAIR (43))."""
    for p, row in enumerate(busy):
        if row:
            model.add(sum(row.values()) == len(problem.meetings_of(p)))


def add_precedences(
    model: cp_model.CpModel,
    problem: Problem,
    place: dict[tuple[int, int], BoolVar],
    slots_of_meeting: list[tuple[int, ...]],
) -> None:
    """A meeting's predecessors take strictly earlier slots (when both are held, in mode max)."""
    for m, meeting in enumerate(problem.meetings):
        for q in meeting.predecessors:
            # Pairwise exclusions propagate at once, unlike a linear order on slot indices.
            for t in slots_of_meeting[m]:
                later = [place[q, u] for u in slots_of_meeting[q] if u >= t]
                for literal in later:
                    model.add_bool_or([place[m, t].Not(), literal.Not()])


def add_gap_counting(
    model: cp_model.CpModel,
    problem: Problem,
    busy: list[dict[int, BoolVar]],
    mode: Literal["all", "max"],
) -> list[cp_model.IntVar]:
    """breaks(p) = number of slots t where p ends a block at t-1 and meets again later that day.

    Every term is a positive Boolean, which suits core-based lower-bound search.
    """
    breaks = []
    for p, row in enumerate(busy):
        meeting_count = len(problem.meetings_of(p))
        lower = minimum_breaks(problem, p, meeting_count) if mode == "all" else 0
        upper = max(lower, meeting_count - 1, 0)
        value = model.new_int_var(lower, upper, f"breaks_p{p}")
        gaps: list[BoolVar] = []
        for day in problem.days:
            day_slots = [t for t, s in enumerate(problem.slots) if s.day == day]
            gaps.extend(_gap_starts(model, p, row, day_slots))
        model.add(value == sum(gaps)) if gaps else model.add(value == 0)
        breaks.append(value)
    return breaks


def _gap_starts(
    model: cp_model.CpModel, p: int, row: dict[int, BoolVar], day_slots: list[int]
) -> list[BoolVar]:
    """gap[t] <=> busy[t-1] and not busy[t] and busy somewhere after t (exact both ways)."""
    later: BoolVar | None = None
    later_at: dict[int, BoolVar] = {}
    for t in reversed(day_slots):
        # later_at[t] <=> p meets in some slot > t of the day
        if later is not None:
            later_at[t] = later
        if t in row:
            if later is None:
                later = row[t]
            else:
                both = model.new_bool_var(f"later_p{p}_t{t}")
                model.add_max_equality(both, [row[t], later])
                later = both
    gaps = []
    for t in day_slots:
        if t - 1 not in row or t not in later_at or t - 1 not in day_slots:
            continue
        gap = model.new_bool_var(f"gap_p{p}_t{t}")
        idle = row[t].Not() if t in row else None
        model.add_implication(gap, row[t - 1])
        model.add_implication(gap, later_at[t])
        conditions = [row[t - 1].Not(), later_at[t].Not()]
        if idle is not None:
            model.add_implication(gap, idle)
            conditions.append(row[t])
        model.add_bool_or([gap, *conditions])
        gaps.append(gap)
    return gaps


def add_fairness(
    model: cp_model.CpModel,
    problem: Problem,
    breaks: list[cp_model.IntVar],
    fairness: int,
    mode: Literal["all", "max"],
) -> None:
    """Any two participants' break counts differ by at most `fairness` (all participants)."""
    if not breaks:
        return
    if mode == "all" and any(len(problem.meetings_of(p)) <= 1 for p in range(len(breaks))):
        # Someone has 0 breaks for sure, so the minimum is 0: a plain upper bound is tighter.
        for value in breaks:
            model.add(value <= fairness)
        return
    highest = max(upper_bound(b) for b in breaks)
    most = model.new_int_var(0, highest, "max_breaks")
    least = model.new_int_var(0, highest, "min_breaks")
    model.add_max_equality(most, breaks)
    model.add_min_equality(least, breaks)
    model.add(most - least <= fairness)
