"""`solve`: the B2B scheduling engine's entry point.

Mode `all` runs incremental SAT (a portfolio over the cores; measured faster than CP-SAT on
the published instances); mode `max` runs bound-first CP-SAT. CP-SAT is imported only when
used, to keep the command line quick to start.
"""

from __future__ import annotations

import os
import time
from collections.abc import Mapping
from typing import Literal

from rencontre.scheduling.greedy import greedy_schedule
from rencontre.scheduling.prechecks import find_infeasibility_reasons
from rencontre.scheduling.problem import Problem
from rencontre.scheduling.sat_search import (
    PORTFOLIO_IMPROVING,
    can_place_all_with_sat,
    search_all_mode,
)
from rencontre.scheduling.schedule import Mode, SolveResult, SolveStatus
from rencontre.scheduling.search_state import (
    ProgressCallback,
    ScheduleRejectedError,
    SearchState,
    SolveProgress,
    finish,
    time_limit_reached,
    why_infeasible,
)

__all__ = ["ScheduleRejectedError", "SolveProgress", "solve"]


LARGE_EVENT_MEETINGS = 1500
"""From this many meetings, mode max (without fairness) uses large-neighbourhood search:
the whole-event models are too big to improve within minutes (measured on 4,062 meetings)."""


def is_large_event(problem: Problem) -> bool:
    return len(problem.meetings) >= LARGE_EVENT_MEETINGS


def solve(
    problem: Problem,
    *,
    mode: Mode = "all",
    fairness: int | None = None,
    time_limit_s: float = 60.0,
    workers: int | None = None,
    hint: Mapping[int, int] | None = None,
    progress_callback: ProgressCallback | None = None,
    backend: Literal["sat", "cpsat"] = "sat",
) -> SolveResult:
    """Schedule the meetings; the returned schedule, if any, has passed the validator.

    Mode all runs incremental SAT by default (measured faster on the published instances);
    mode max, and mode all with `backend="cpsat"`, run CP-SAT; mode max on a large event
    (`LARGE_EVENT_MEETINGS`, no fairness bound, no hint) runs large-neighbourhood search.
    """
    if mode == "max" and fairness is None and hint is None and is_large_event(problem):
        from rencontre.scheduling.large_event import solve_large_event

        return solve_large_event(
            problem,
            time_limit_s=time_limit_s,
            workers=workers or os.cpu_count() or 1,
            progress_callback=progress_callback,
        )
    started = time.perf_counter()
    search = SearchState(
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
            return finish(search, SolveStatus.INFEASIBLE, reasons)
    if mode == "all" and backend == "sat":
        return _solve_with_sat(search, dict(hint) if hint is not None else None)
    start_hint = dict(hint) if hint is not None else greedy_schedule(problem)
    if mode == "max" and backend == "sat" and can_place_all_with_sat(problem):
        placed_all = _place_everything_with_sat(search, start_hint, time_limit_s)
        if placed_all is not None:
            return placed_all
    from rencontre.scheduling.cpsat_search import best_weight, minimise_breaks

    weight_target, weight_proven = best_weight(search, start_hint)
    return minimise_breaks(search, start_hint, weight_target, weight_proven)


MAX_MODE_SAT_SHARE = 0.7
"""Mode max: share of the time for trying to place every meeting with SAT, before CP-SAT."""


def _place_everything_with_sat(
    search: SearchState, hint: dict[int, int], time_limit_s: float
) -> SolveResult | None:
    """Mode max when every meeting may fit: placing them all is then the weight optimum."""
    outcome = search_all_mode(
        search.problem,
        fairness=search.fairness,
        deadline=search.started + time_limit_s * MAX_MODE_SAT_SHARE,
        phases=hint,
        workers=search.workers,
        strategies=PORTFOLIO_IMPROVING,
    )
    if outcome.slot_of is None:
        return None
    search.bound = outcome.bound
    search.offer(outcome.slot_of)
    search.report("sat, every meeting placed")
    proven = search.best_breaks == search.bound
    return finish(search, SolveStatus.OPTIMAL if proven else SolveStatus.FEASIBLE, [])


def _solve_with_sat(search: SearchState, hint: dict[int, int] | None) -> SolveResult:
    """Mode all. Only a caller's hint sets the SAT phases: the greedy schedule's did not help
    (14 published cases, side by side: 51.7 s in total with greedy phases, 45.5 s without)."""
    outcome = search_all_mode(
        search.problem,
        fairness=search.fairness,
        deadline=search.deadline,
        phases=hint,
        workers=search.workers,
    )
    search.bound = outcome.bound
    if outcome.feasible is False and outcome.complete:
        return finish(search, SolveStatus.INFEASIBLE, why_infeasible(search))
    if outcome.slot_of is None:
        return finish(search, SolveStatus.UNKNOWN, [time_limit_reached()])
    search.offer(outcome.slot_of)
    search.report("sat")
    proven = search.best_breaks == search.bound
    return finish(search, SolveStatus.OPTIMAL if proven else SolveStatus.FEASIBLE, [])
