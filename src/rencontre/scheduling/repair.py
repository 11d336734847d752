"""Repair a published schedule after changes: move as few meetings as possible, then fewest breaks.

Changes are expressed as a new `Problem` plus the map from old to new meeting indices (the
helpers below build both for the usual changes); the previous slots become soft wishes.
"""

from __future__ import annotations

import os
import time
from collections.abc import Mapping
from dataclasses import dataclass, replace
from enum import Enum

from ortools.sat.python import cp_model

from rencontre.scheduling.cpsat_model import build_model, upper_bound
from rencontre.scheduling.problem import Meeting, Problem, Slot
from rencontre.scheduling.schedule import Mode, Schedule, SolveResult, SolveStatus
from rencontre.scheduling.solver import ScheduleRejectedError
from rencontre.scheduling.validator import total_breaks, validate


class MoveKind(Enum):
    MOVED = "moved"
    DROPPED = "dropped"
    ADDED = "added"


@dataclass(frozen=True)
class Move:
    """What happened to one meeting.

    `meeting` is an index of the new problem, or of the old one when the change dropped it.
    """

    kind: MoveKind
    meeting: int
    old_slot: int | None
    new_slot: int | None


@dataclass(frozen=True)
class Change:
    """A changed problem and, per new meeting index, the old index (None for a new meeting)."""

    problem: Problem
    old_index_of: tuple[int | None, ...]


@dataclass(frozen=True)
class RepairResult:
    result: SolveResult
    moves: tuple[Move, ...]
    moved_count: int


def cancel_participant(problem: Problem, participant: int) -> Change:
    """The participant withdraws: its meetings disappear, everyone else's stay."""
    keep = [
        m for m, meeting in enumerate(problem.meetings) if participant not in meeting.participants
    ]
    return _keep_meetings(problem, keep)


def drop_meeting(problem: Problem, meeting_index: int) -> Change:
    return _keep_meetings(problem, [m for m in range(len(problem.meetings)) if m != meeting_index])


def add_meeting(problem: Problem, meeting: Meeting) -> Change:
    old = tuple[int | None, ...](range(len(problem.meetings)))
    return Change(replace(problem, meetings=(*problem.meetings, meeting)), (*old, None))


def set_tables(problem: Problem, slot_index: int, tables: int) -> Change:
    """A table is lost (or gained) in one slot."""
    slots = list(problem.slots)
    slots[slot_index] = Slot(slots[slot_index].day, slots[slot_index].session, tables)
    return Change(replace(problem, slots=tuple(slots)), tuple(range(len(problem.meetings))))


def _keep_meetings(problem: Problem, keep: list[int]) -> Change:
    new_index = {old: new for new, old in enumerate(keep)}
    meetings = tuple(
        replace(
            problem.meetings[old],
            predecessors=frozenset(
                new_index[q] for q in problem.meetings[old].predecessors if q in new_index
            ),
        )
        for old in keep
    )
    return Change(replace(problem, meetings=meetings), tuple(keep))


def repair(
    change: Change,
    previous: Mapping[int, int],
    *,
    mode: Mode = "max",
    fairness: int | None = None,
    time_limit_s: float = 30.0,
    workers: int | None = None,
) -> RepairResult:
    """Re-solve `change.problem` keeping meetings of `previous` (old index → slot) in place.

    Objective, lexicographic: (mode max) most weight placed, then fewest meetings moved or
    dropped, then fewest breaks. Returns what moved.
    """
    started = time.perf_counter()
    problem = change.problem
    wished = {
        new: previous[old]
        for new, old in enumerate(change.old_index_of)
        if old is not None and old in previous
    }
    built = build_model(problem, mode=mode, fairness=fairness)
    kept = [built.place[m, t] for m, t in wished.items() if (m, t) in built.place]
    for (m, t), literal in built.place.items():
        if m in wished:
            built.model.add_hint(literal, wished[m] == t)
    moved = len(wished) - sum(kept)
    breaks_span = upper_bound(built.total_breaks) + 1
    penalty = moved * breaks_span + built.total_breaks
    if mode == "max":
        weight_span = (len(wished) + 1) * breaks_span
        literals = list(built.place.values())
        weights = [problem.meetings[m].weight for (m, _) in built.place]
        weight = cp_model.LinearExpr.weighted_sum(literals, weights)
        built.model.minimize(penalty - weight_span * weight)
    else:
        built.model.minimize(penalty)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = workers or os.cpu_count() or 1
    solver.parameters.max_time_in_seconds = time_limit_s
    status = solver.solve(built.model)
    slot_of = {m: t for (m, t), v in built.place.items() if solver.boolean_value(v)}
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        status_out = (
            SolveStatus.INFEASIBLE if status == cp_model.INFEASIBLE else SolveStatus.UNKNOWN
        )
        result = SolveResult(status_out, None, None, None, 0, 0, time.perf_counter() - started)
        return RepairResult(result, (), 0)
    violations = validate(problem, slot_of, mode=mode, fairness=fairness)
    if violations:
        raise ScheduleRejectedError(violations)
    moves = _moves(change, previous, slot_of)
    result = SolveResult(
        status=SolveStatus.OPTIMAL if status == cp_model.OPTIMAL else SolveStatus.FEASIBLE,
        schedule=Schedule(slot_of),
        total_breaks=total_breaks(problem, slot_of),
        breaks_bound=None,
        placed_weight=sum(problem.meetings[m].weight for m in slot_of),
        placed_count=len(slot_of),
        wall_time_s=time.perf_counter() - started,
    )
    moved_count = sum(1 for move in moves if move.kind is not MoveKind.ADDED)
    return RepairResult(result, tuple(moves), moved_count)


def _moves(change: Change, previous: Mapping[int, int], slot_of: dict[int, int]) -> list[Move]:
    moves = []
    kept_old = {old for old in change.old_index_of if old is not None}
    for new, old in enumerate(change.old_index_of):
        new_slot = slot_of.get(new)
        old_slot = previous.get(old) if old is not None else None
        if old_slot is None and new_slot is not None:
            moves.append(Move(MoveKind.ADDED, new, None, new_slot))
        elif old_slot is not None and new_slot is None:
            moves.append(Move(MoveKind.DROPPED, new, old_slot, None))
        elif old_slot is not None and new_slot != old_slot:
            moves.append(Move(MoveKind.MOVED, new, old_slot, new_slot))
    # Meetings removed by the change itself are reported as dropped, with their old index.
    for old, old_slot in sorted(previous.items()):
        if old not in kept_old:
            moves.append(Move(MoveKind.DROPPED, old, old_slot, None))
    return moves
