"""Bound-first CP-SAT search: used for mode `max` (and mode `all` on request).

A short minimisation run gives a first schedule and a lower bound, then feasibility runs
capped at "total breaks ≤ k" for k = bound, bound+1, … close the gap.
"""

from __future__ import annotations

from collections.abc import Mapping

from ortools.sat.python import cp_model

from rencontre.scheduling.cpsat_model import BreakModel, build_model, upper_bound
from rencontre.scheduling.schedule import SolveResult, SolveStatus
from rencontre.scheduling.search_state import (
    SearchState,
    finish,
    time_limit_reached,
    why_infeasible,
)
from rencontre.scheduling.validator import validate

WEIGHT_PHASE_SHARE = 0.5
"""Mode max: share of the time limit for placing the most weight, before breaks."""
FIRST_MINIMISATION_SHARE = 0.1
"""Share of the time limit given to the opening minimisation run (at least 1 s)."""


def best_weight(search: SearchState, hint: dict[int, int]) -> tuple[int | None, bool]:
    """Mode max: the most weight that can be placed (and whether it is proven)."""
    problem = search.problem
    if search.mode == "all":
        return None, True
    total = sum(meeting.weight for meeting in problem.meetings)
    hint_weight: int | None = None
    if not validate(problem, hint, mode="max", fairness=search.fairness):
        search.offer(dict(hint))
        hint_weight = sum(problem.meetings[m].weight for m in hint)
        if len(hint) == len(problem.meetings):
            return total, True  # the hint places everything: nothing more to prove
    built = build_model(problem, mode="max", fairness=search.fairness)
    _add_hint(built, hint)
    built.model.maximize(built.placed_weight)
    solver, status = _run(built, search, search.remaining_s() * WEIGHT_PHASE_SHARE)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return hint_weight, False
    slot_of = _read_schedule(built, solver)
    search.offer(slot_of)
    hint.clear()
    hint.update(slot_of)
    found = round(solver.objective_value)
    return max(found, hint_weight or 0), status == cp_model.OPTIMAL or found == total


def minimise_breaks(
    search: SearchState, hint: dict[int, int], weight: int | None, weight_proven: bool
) -> SolveResult:
    opening = max(1.0, search.remaining_s() * FIRST_MINIMISATION_SHARE)
    built = build_model(
        search.problem, mode=search.mode, fairness=search.fairness, min_placed_weight=weight
    )
    _add_hint(built, hint)
    built.model.minimize(built.total_breaks)
    solver, status = _run(built, search, opening)
    if status == cp_model.INFEASIBLE:
        return finish(search, SolveStatus.INFEASIBLE, why_infeasible(search))
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
                return finish(search, SolveStatus.INFEASIBLE, why_infeasible(search))
            search.bound += 1
        else:
            break
        search.report(f"capped at {search.bound}")
    if search.best is None:
        return finish(search, SolveStatus.UNKNOWN, [time_limit_reached()])
    proven = search.best_breaks == search.bound and weight_proven
    return finish(search, SolveStatus.OPTIMAL if proven else SolveStatus.FEASIBLE, [])


def _breaks_ceiling(built: BreakModel) -> int:
    return upper_bound(built.total_breaks)


def _run(
    built: BreakModel, search: SearchState, time_limit_s: float
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
