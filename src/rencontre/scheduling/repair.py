"""Repair a published schedule after changes: move as few meetings as possible, then fewest breaks.

Changes are expressed as a new `Problem` plus the map from old to new meeting indices (the
helpers below build both for the usual changes); the previous slots become soft wishes.
People have printed agendas and booked trains around them, so a repair is judged first by
what it places (mode max: weight), then by how few of the published meetings it moves, and
only then by breaks: one moved meeting costs more than any number of breaks.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from enum import Enum

from ortools.sat.python import cp_model

from rencontre.scheduling.cpsat_model import BoolVar, build_model, upper_bound
from rencontre.scheduling.problem import Meeting, Problem, Slot
from rencontre.scheduling.schedule import Mode, Schedule, SolveResult, SolveStatus
from rencontre.scheduling.solver import ScheduleRejectedError
from rencontre.scheduling.validator import total_breaks, validate


class MoveKind(Enum):
    """What a repair did to one meeting of the old or the new problem."""

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
    """The repaired schedule (validated) and every meeting it moved, dropped or added.

    `moved_count` counts the meetings of `previous` that are no longer where they were:
    moved, left out by the repair, or removed by the change itself.
    """

    result: SolveResult
    moves: tuple[Move, ...]
    moved_count: int


@dataclass(frozen=True)
class RepairProgress:
    """The best repair found so far, reported each time the solver improves it."""

    moved_count: int
    placed_weight: int
    total_breaks: int
    elapsed_s: float


RepairProgressCallback = Callable[[RepairProgress], None]


def cancel_participant(problem: Problem, participant: int) -> Change:
    """The participant withdraws: its meetings disappear, everyone else's stay."""
    keep = [
        m for m, meeting in enumerate(problem.meetings) if participant not in meeting.participants
    ]
    return _keep_meetings(problem, keep)


def drop_meeting(problem: Problem, meeting_index: int) -> Change:
    """One meeting is called off; the others keep their indices' order."""
    return _keep_meetings(problem, [m for m in range(len(problem.meetings)) if m != meeting_index])


def add_meeting(problem: Problem, meeting: Meeting) -> Change:
    """A new meeting, appended after the existing ones."""
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
    progress_callback: RepairProgressCallback | None = None,
) -> RepairResult:
    """Re-solve `change.problem` keeping meetings of `previous` (old index → slot) in place.

    Objective, lexicographic: (mode max) most weight placed, then fewest meetings moved or
    dropped, then fewest breaks. Returns what moved; a schedule found within the time limit
    but not proven best comes back with status FEASIBLE, none at all with status INFEASIBLE
    (proven) or UNKNOWN (time out), and no schedule.
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
    weight = cp_model.LinearExpr.weighted_sum(
        list(built.place.values()), [problem.meetings[m].weight for (m, _) in built.place]
    )
    threads = workers or os.cpu_count() or 1
    breaks_span = upper_bound(built.total_breaks) + 1
    first_weight = _hint_everything_kept(
        built.model,
        [built.place[m, wished[m]] for m in _keepable(problem, wished, built.place)],
        # The first stage places what the kept meetings leave out: weight, then breaks.
        built.total_breaks - breaks_span * weight if mode == "max" else built.total_breaks,
        weight,
        min(time_limit_s * HINT_SHARE, HINT_LIMIT_S),
        threads,
    )
    penalty = moved * breaks_span + built.total_breaks
    if mode == "max" and first_weight != sum(m.weight for m in problem.meetings):
        # Any number of moves and breaks weighs less than one unit of placed weight.
        weight_span = (len(wished) + 1) * breaks_span
        built.model.minimize(penalty - weight_span * weight)
    else:
        if mode == "max":
            # Everything fits, so the weight is settled: left in the objective, it would
            # cost the solver seconds to prove a bound it cannot improve.
            built.model.add(weight == first_weight)
        built.model.minimize(penalty)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = threads
    solver.parameters.max_time_in_seconds = max(0.1, time_limit_s - (time.perf_counter() - started))
    watcher = (
        None
        if progress_callback is None
        else _ProgressWatcher(progress_callback, moved, weight, built.total_breaks, started)
    )
    status = solver.solve(built.model, watcher)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        status_out = (
            SolveStatus.INFEASIBLE if status == cp_model.INFEASIBLE else SolveStatus.UNKNOWN
        )
        result = SolveResult(status_out, None, None, None, 0, 0, time.perf_counter() - started)
        return RepairResult(result, (), 0)
    slot_of = {m: t for (m, t), v in built.place.items() if solver.boolean_value(v)}
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


HINT_SHARE = 0.25
HINT_LIMIT_S = 10.0
"""At most this share of the time limit (and these seconds) goes to the first stage, which
looks for a schedule keeping every published meeting where it was."""


def _keepable(
    problem: Problem, wished: Mapping[int, int], place: Mapping[tuple[int, int], BoolVar]
) -> list[int]:
    """Meetings that can all stay where they were: in a slot they may still use, and no more
    per slot than its tables (the heaviest first) — a start for the first stage."""
    by_slot: dict[int, list[int]] = {}
    for m, t in wished.items():
        if (m, t) in place:
            by_slot.setdefault(t, []).append(m)
    keep = []
    for t, meetings in sorted(by_slot.items()):
        ranked = sorted(meetings, key=lambda m: (-problem.meetings[m].weight, m))
        keep += ranked[: problem.slots[t].tables]
    return sorted(keep)


def _hint_everything_kept(
    model: cp_model.CpModel,
    kept: list[BoolVar],
    objective: cp_model.LinearExprT,
    weight: cp_model.LinearExprT,
    time_limit_s: float,
    workers: int,
) -> int | None:
    """Hint every variable of `model` from a solution that keeps the `kept` placements.

    A hint on the placements alone leaves the solver to rebuild the breaks and helper
    variables around them, and on the demo mission its first solutions moved most meetings
    (seconds to get back); with every variable hinted from a feasible solution, it starts
    from the published schedule. When no such solution exists (a lost table forces a move),
    the placement hints stay as they are. Returns the solution's placed weight, if any.
    """
    stage = model.clone()
    for literal in kept:
        stage.add(stage.get_bool_var_from_proto_index(literal.index) == 1)
    stage.minimize(objective)  # variables are shared by index with the clone
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = workers
    solver.parameters.max_time_in_seconds = max(0.1, time_limit_s)
    if solver.solve(stage) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    values = solver.response_proto.solution
    model.clear_hints()  # type: ignore[no-untyped-call]
    for index, value in enumerate(values):
        model.add_hint(model.get_int_var_from_proto_index(index), value)
    return int(solver.value(weight))


class _ProgressWatcher(cp_model.CpSolverSolutionCallback):
    """Reports each improving solution of the repair model."""

    def __init__(
        self,
        report: RepairProgressCallback,
        moved: cp_model.LinearExprT,
        weight: cp_model.LinearExprT,
        breaks: cp_model.IntVar,
        started: float,
    ) -> None:
        super().__init__()
        self._report = report
        self._moved = moved
        self._weight = weight
        self._breaks = breaks
        self._started = started

    def on_solution_callback(self) -> None:
        self._report(
            RepairProgress(
                moved_count=int(self.value(self._moved)),
                placed_weight=int(self.value(self._weight)),
                total_breaks=int(self.value(self._breaks)),
                elapsed_s=time.perf_counter() - self._started,
            )
        )


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
