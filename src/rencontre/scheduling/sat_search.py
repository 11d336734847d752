"""Incremental SAT search for mode `all`: bound first, then raise the cap until satisfiable.

One solver keeps its learnt clauses across calls; "total breaks ≤ k" is an assumption, so
proving k infeasible and then trying k + 1 costs little. A first unrestricted call finds a
schedule (or proves there is none), guided by the greedy schedule's phases.

With several workers, a portfolio of different SAT solvers runs the same search in forked
processes (the encoding is built once, before the fork); the first to finish wins. Their
run times vary a lot on the hard instances, so the minimum of two is much better than one.
"""

from __future__ import annotations

import multiprocessing
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Literal

from pysat.solvers import Solver

from rencontre.scheduling.prechecks import find_infeasibility_reasons
from rencontre.scheduling.problem import Problem
from rencontre.scheduling.sat_encoding import SatEncoding, encode_all_mode, encoding_fits
from rencontre.scheduling.validator import total_breaks

Order = Literal["bound_first", "feasible_first", "descending", "any"]
"""bound_first: lowest cap first, then up. feasible_first: any schedule, then caps from the
bound up. descending: any schedule, then caps just below the best found, down. any: one
schedule, no cap (large events, where capped calls do not finish in minutes)."""

PORTFOLIO: tuple[tuple[str, Order], ...] = (
    ("cadical195", "bound_first"),
    ("cadical153", "feasible_first"),
)
"""(solver, order) tried side by side for mode all: one climbs from the bound at once, the other
first proves feasibility. Measured: CaDiCaL beats Glucose 1.5-3x on the hard published
cases. CaDiCaL cannot be interrupted through PySAT, so each search runs in a forked process
that the parent kills at the deadline (also with a single worker)."""
SECOND_STRATEGY_DELAY_S = 1.0
"""The second strategy waits this long: easy instances are done by then without contention."""
PORTFOLIO_IMPROVING: tuple[tuple[str, Order], ...] = (
    ("cadical153", "descending"),
    ("cadical195", "bound_first"),
)
"""For large events (mode max placing everything), where proving the bound is out of reach:
the first search improves its schedule step by step."""
INTERRUPTIBLE_SOLVERS = frozenset({"glucose3", "glucose4", "minisat22", "maplechrono"})


@dataclass(frozen=True)
class SatOutcome:
    """`feasible` None means unknown (time limit); `bound` is the proven lower bound."""

    feasible: bool | None
    slot_of: dict[int, int] | None
    breaks: int | None
    bound: int
    complete: bool = False


Report = Callable[[SatOutcome], None]


def can_place_all_with_sat(problem: Problem) -> bool:
    """No pre-check rules out placing every meeting, and the clauses fit the budget."""
    return not find_infeasibility_reasons(problem) and encoding_fits(problem)


def search_all_mode(
    problem: Problem,
    *,
    fairness: int | None,
    deadline: float,
    phases: Mapping[int, int] | None = None,
    workers: int = 1,
    strategies: tuple[tuple[str, Order], ...] = PORTFOLIO,
) -> SatOutcome:
    encoding = encode_all_mode(problem, fairness=fairness)
    return _portfolio(problem, encoding, strategies[: max(1, workers)], deadline, phases)


def run_linear_search(
    problem: Problem,
    encoding: SatEncoding,
    solver_name: str,
    deadline: float,
    phases: Mapping[int, int] | None,
    report: Report,
    *,
    order: Order = "bound_first",
) -> SatOutcome:
    """One solver: caps lowest_total, +1, … until one is satisfiable.

    `bound_first` tries the lowest cap before any unrestricted call: on the many instances
    whose optimum equals the static bound (often 0) that single call settles everything.
    Otherwise an unrestricted call comes first, to prove infeasibility or get a schedule.
    """
    with Solver(name=solver_name, bootstrap_with=encoding.clauses) as solver:
        if phases:
            solver.set_phases(_phase_literals(encoding, phases))
        limited = _Limited(solver, solver_name, deadline)
        bound = encoding.lowest_total
        best: dict[int, int] | None = None
        best_breaks: int | None = None
        if order == "bound_first":
            answer = limited.solve_capped(encoding, bound)
            if answer is None:
                return SatOutcome(None, None, None, bound)
            if answer:
                best = _read(encoding, solver.get_model() or [])
                return SatOutcome(True, best, total_breaks(problem, best), bound, complete=True)
            bound += 1
            report(SatOutcome(None, None, None, bound))
        answer = limited.solve([])
        if answer is None:
            return SatOutcome(None, None, None, bound)
        if not answer:
            return SatOutcome(False, None, None, bound, complete=True)
        best = _read(encoding, solver.get_model() or [])
        best_breaks = total_breaks(problem, best)
        if order == "any":
            return SatOutcome(True, best, best_breaks, bound)
        report(SatOutcome(True, best, best_breaks, bound))
        while bound < best_breaks:
            cap = best_breaks - 1 if order == "descending" else bound
            answer = limited.solve_capped(encoding, cap)
            if answer is None:
                return SatOutcome(True, best, best_breaks, bound)
            if answer:
                best = _read(encoding, solver.get_model() or [])
                best_breaks = total_breaks(problem, best)
            else:
                bound = cap + 1
            report(SatOutcome(True, best, best_breaks, bound))
        return SatOutcome(True, best, best_breaks, bound, complete=True)


def _portfolio(
    problem: Problem,
    encoding: SatEncoding,
    strategies: tuple[tuple[str, Order], ...],
    deadline: float,
    phases: Mapping[int, int] | None,
) -> SatOutcome:
    """Run one search per strategy in forked processes; merge what they report."""
    context = multiprocessing.get_context("fork")
    children = []
    for rank, (name, order) in enumerate(strategies):
        receiving, sending = context.Pipe(duplex=False)
        delay_s = SECOND_STRATEGY_DELAY_S if rank else 0.0
        child = context.Process(
            target=_child,
            args=(sending, problem, encoding, name, order, deadline, phases, delay_s),
            daemon=True,
        )
        child.start()
        sending.close()
        children.append((child, receiving))
    merged = SatOutcome(None, None, None, encoding.lowest_total)
    open_pipes: list[Connection] = [pipe for _, pipe in children]
    try:
        while open_pipes and not merged.complete:
            remaining_s = deadline - time.perf_counter()
            if remaining_s <= 0:
                break
            for ready in wait(open_pipes, timeout=remaining_s):
                assert isinstance(ready, Connection)
                try:
                    merged = _merge(merged, ready.recv())
                except EOFError:
                    open_pipes.remove(ready)
    finally:
        for child, pipe in children:
            child.kill()
            child.join()
            pipe.close()
    return merged


def _child(
    pipe: Connection,
    problem: Problem,
    encoding: SatEncoding,
    name: str,
    order: Order,
    deadline: float,
    phases: Mapping[int, int] | None,
    delay_s: float,
) -> None:
    time.sleep(delay_s)
    outcome = run_linear_search(problem, encoding, name, deadline, phases, pipe.send, order=order)
    pipe.send(outcome)
    pipe.close()


def _merge(known: SatOutcome, news: SatOutcome) -> SatOutcome:
    if news.complete:
        return news
    bound = max(known.bound, news.bound)
    best, breaks = known.slot_of, known.breaks
    if news.breaks is not None and (breaks is None or news.breaks < breaks):
        best, breaks = news.slot_of, news.breaks
    feasible = True if best is not None else known.feasible
    return SatOutcome(
        feasible, best, breaks, bound, complete=breaks is not None and bound >= breaks
    )


class _Limited:
    """Solve with assumptions until the deadline; None when stopped by it."""

    def __init__(self, solver: Solver, name: str, deadline: float) -> None:
        self.solver = solver
        self.interruptible = name in INTERRUPTIBLE_SOLVERS
        self.deadline = deadline

    def solve_capped(self, encoding: SatEncoding, max_total_breaks: int) -> bool | None:
        clauses, assumptions = encoding.cap_assumption(max_total_breaks)
        self.solver.append_formula(clauses)
        return self.solve(assumptions)

    def solve(self, assumptions: list[int]) -> bool | None:
        remaining_s = self.deadline - time.perf_counter()
        if remaining_s <= 0:
            return None
        if not self.interruptible:
            # Not interruptible here: the portfolio's parent kills this process at the deadline.
            return bool(self.solver.solve(assumptions=assumptions))
        timer = threading.Timer(remaining_s, self.solver.interrupt)
        timer.start()
        try:
            answer = self.solver.solve_limited(assumptions=assumptions, expect_interrupt=True)
        finally:
            timer.cancel()
        self.solver.clear_interrupt()
        return None if answer is None else bool(answer)


def _phase_literals(encoding: SatEncoding, slot_of: Mapping[int, int]) -> list[int]:
    return [lit if slot_of.get(m) == t else -lit for (m, t), lit in encoding.place.items()]


def _read(encoding: SatEncoding, model: list[int]) -> dict[int, int]:
    true = {lit for lit in model if lit > 0}
    return {m: t for (m, t), lit in encoding.place.items() if lit in true}
