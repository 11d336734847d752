"""`solve`: the B2B scheduling engine's entry point.

Search is bound-first: a short minimisation run gives a first schedule and a lower bound,
then feasibility runs capped at "total breaks ≤ k" for k = bound, bound+1, … prove the
optimum; on these instances a capped feasibility run is often far faster than minimising.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from ortools.sat.python import cp_model

from rencontre.scheduling.cpsat_model import BreakModel, build_model, upper_bound
from rencontre.scheduling.diagnostics import Diagnostic, DiagnosticKind
from rencontre.scheduling.greedy import greedy_schedule
from rencontre.scheduling.prechecks import find_infeasibility_reasons
from rencontre.scheduling.problem import Problem
from rencontre.scheduling.schedule import Mode, Schedule, SolveResult, SolveStatus
from rencontre.scheduling.validator import Violation, total_breaks, validate

FIRST_MINIMISATION_SHARE = 0.1
"""Share of the time limit given to the opening minimisation run (at least 1 s)."""


class ScheduleRejectedError(RuntimeError):
    """The solver produced a schedule the validator rejects: a bug, never returned to users."""

    def __init__(self, violations: list[Violation]) -> None:
        super().__init__("; ".join(v.message for v in violations[:5]))
        self.violations = violations


@dataclass(frozen=True)
class SolveProgress:
    phase: str
    total_breaks: int | None
    breaks_bound: int | None
    elapsed_s: float


ProgressCallback = Callable[[SolveProgress], None]


@dataclass
class _Search:
    """What one solve call knows so far."""

    problem: Problem
    mode: Mode
    fairness: int | None
    deadline: float
    workers: int
    started: float
    progress: ProgressCallback | None
    best: dict[int, int] | None = None
    best_breaks: int | None = None
    bound: int = 0

    def remaining_s(self) -> float:
        return self.deadline - time.perf_counter()

    def report(self, phase: str) -> None:
        if self.progress is not None:
            elapsed = time.perf_counter() - self.started
            self.progress(SolveProgress(phase, self.best_breaks, self.bound, elapsed))

    def offer(self, slot_of: dict[int, int]) -> None:
        breaks = total_breaks(self.problem, slot_of)
        if self.best_breaks is None or breaks < self.best_breaks:
            self.best, self.best_breaks = slot_of, breaks


def solve(
    problem: Problem,
    *,
    mode: Mode = "all",
    fairness: int | None = None,
    time_limit_s: float = 60.0,
    workers: int | None = None,
    hint: Mapping[int, int] | None = None,
    progress_callback: ProgressCallback | None = None,
) -> SolveResult:
    """Schedule the meetings; the returned schedule, if any, has passed the validator."""
    started = time.perf_counter()
    search = _Search(
        problem,
        mode,
        fairness,
        started + time_limit_s,
        workers or os.cpu_count() or 1,
        started,
        progress_callback,
    )
    if mode == "all":
        reasons = find_infeasibility_reasons(problem)
        if reasons:
            return _finish(search, SolveStatus.INFEASIBLE, reasons)
    start_hint = dict(hint) if hint is not None else greedy_schedule(problem)
    weight_target, weight_proven = _best_weight(search, start_hint)
    return _minimise_breaks(search, start_hint, weight_target, weight_proven)


def _best_weight(search: _Search, hint: dict[int, int]) -> tuple[int | None, bool]:
    """Mode max: the most weight that can be placed (and whether it is proven)."""
    problem = search.problem
    if search.mode == "all":
        return None, True
    total = sum(meeting.weight for meeting in problem.meetings)
    if len(hint) == len(problem.meetings) and not validate(problem, hint, mode="max"):
        return total, True  # the hint places everything: nothing more to prove
    built = build_model(problem, mode="max", fairness=search.fairness)
    _add_hint(built, hint)
    built.model.maximize(built.placed_weight)
    solver, status = _run(built, search, search.remaining_s() * 0.5)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None, False
    slot_of = _read_schedule(built, solver)
    hint.clear()
    hint.update(slot_of)
    return round(solver.objective_value), status == cp_model.OPTIMAL


def _minimise_breaks(
    search: _Search, hint: dict[int, int], weight: int | None, weight_proven: bool
) -> SolveResult:
    opening = max(1.0, search.remaining_s() * FIRST_MINIMISATION_SHARE)
    built = build_model(
        search.problem, mode=search.mode, fairness=search.fairness, min_placed_weight=weight
    )
    _add_hint(built, hint)
    built.model.minimize(built.total_breaks)
    solver, status = _run(built, search, opening)
    if status == cp_model.INFEASIBLE:
        return _finish(search, SolveStatus.INFEASIBLE, _why_infeasible(search))
    search.bound = max(search.bound, round(solver.best_objective_bound))
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        search.offer(_read_schedule(built, solver))
    search.report("minimise")
    while search.remaining_s() > 0.05 and (
        search.best_breaks is None or search.bound < search.best_breaks
    ):
        capped = build_model(
            search.problem,
            mode=search.mode,
            fairness=search.fairness,
            max_total_breaks=search.bound,
            min_placed_weight=weight,
        )
        _add_hint(capped, search.best or hint)
        solver, status = _run(capped, search, search.remaining_s())
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            search.offer(_read_schedule(capped, solver))
        elif status == cp_model.INFEASIBLE:
            if search.best is None and search.bound >= _breaks_ceiling(capped):
                return _finish(search, SolveStatus.INFEASIBLE, _why_infeasible(search))
            search.bound += 1
        else:
            break
        search.report(f"capped at {search.bound}")
    if search.best is None:
        return _finish(search, SolveStatus.UNKNOWN, [_time_limit_reached()])
    proven = search.best_breaks == search.bound and weight_proven
    return _finish(search, SolveStatus.OPTIMAL if proven else SolveStatus.FEASIBLE, [])


def _breaks_ceiling(built: BreakModel) -> int:
    return upper_bound(built.total_breaks)


def _run(
    built: BreakModel, search: _Search, time_limit_s: float
) -> tuple[cp_model.CpSolver, cp_model.CpSolverStatus]:
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = search.workers
    solver.parameters.max_time_in_seconds = max(0.01, min(time_limit_s, search.remaining_s()))
    status = solver.solve(built.model)
    return solver, status


def _add_hint(built: BreakModel, slot_of: Mapping[int, int]) -> None:
    for (m, t), literal in built.place.items():
        if m in slot_of:
            built.model.add_hint(literal, slot_of[m] == t)


def _read_schedule(built: BreakModel, solver: cp_model.CpSolver) -> dict[int, int]:
    return {m: t for (m, t), literal in built.place.items() if solver.boolean_value(literal)}


def _why_infeasible(search: _Search) -> list[Diagnostic]:
    if search.fairness is None:
        return [Diagnostic(DiagnosticKind.NO_SCHEDULE, "no schedule satisfies all constraints")]
    return [
        Diagnostic(
            DiagnosticKind.NO_SCHEDULE_WITHIN_FAIRNESS,
            f"no schedule keeps every two participants' breaks within {search.fairness} "
            "of each other (with the other constraints); allow a larger fairness bound",
            needed=search.fairness,
        )
    ]


def _time_limit_reached() -> Diagnostic:
    return Diagnostic(DiagnosticKind.TIME_LIMIT_REACHED, "no schedule found within the time limit")


def _finish(search: _Search, status: SolveStatus, diagnostics: list[Diagnostic]) -> SolveResult:
    schedule = None
    placed_weight = placed_count = 0
    if search.best is not None:
        violations = validate(
            search.problem, search.best, mode=search.mode, fairness=search.fairness
        )
        if violations:
            raise ScheduleRejectedError(violations)
        schedule = Schedule(dict(search.best))
        placed_count = len(search.best)
        placed_weight = sum(search.problem.meetings[m].weight for m in search.best)
    bound: int | None = search.bound
    if status is SolveStatus.INFEASIBLE:
        bound = None
    return SolveResult(
        status=status,
        schedule=schedule,
        total_breaks=search.best_breaks,
        breaks_bound=bound,
        placed_weight=placed_weight,
        placed_count=placed_count,
        wall_time_s=time.perf_counter() - search.started,
        diagnostics=tuple(diagnostics),
    )
