"""What one solve call knows so far, and how it turns into a validated `SolveResult`."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from rencontre.scheduling.diagnostics import Diagnostic, DiagnosticKind
from rencontre.scheduling.problem import Problem
from rencontre.scheduling.schedule import Mode, Schedule, SolveResult, SolveStatus
from rencontre.scheduling.validator import Violation, total_breaks, validate


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
class SearchState:
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
        """Keep the better schedule: more weight first (mode max), then fewer breaks."""
        weight = sum(self.problem.meetings[m].weight for m in slot_of)
        breaks = total_breaks(self.problem, slot_of)
        if self.best is None or self.best_breaks is None:
            self.best, self.best_breaks = slot_of, breaks
            return
        best_weight = sum(self.problem.meetings[m].weight for m in self.best)
        if (-weight, breaks) < (-best_weight, self.best_breaks):
            self.best, self.best_breaks = slot_of, breaks


def why_infeasible(search: SearchState) -> list[Diagnostic]:
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


def time_limit_reached() -> Diagnostic:
    return Diagnostic(DiagnosticKind.TIME_LIMIT_REACHED, "no schedule found within the time limit")


def finish(search: SearchState, status: SolveStatus, diagnostics: list[Diagnostic]) -> SolveResult:
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
