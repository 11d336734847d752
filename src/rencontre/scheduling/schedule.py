"""What the engine returns: a schedule (meeting → slot) and the outcome of a solve."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import Literal

from rencontre.scheduling.diagnostics import Diagnostic

Mode = Literal["all", "max"]
"""`all`: every meeting placed, fewest breaks. `max`: most weight placed, then fewest breaks."""


class SolveStatus(Enum):
    OPTIMAL = "optimal"
    FEASIBLE = "feasible"
    INFEASIBLE = "infeasible"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Schedule:
    """Placed meetings: meeting index → slot index. Meetings absent from the map are not held."""

    slot_of: Mapping[int, int]

    def meetings_in(self, slot_index: int) -> list[int]:
        return sorted(m for m, t in self.slot_of.items() if t == slot_index)


@dataclass(frozen=True)
class SolveResult:
    """Outcome of one solve. `schedule` is None when none was found; it is always validated."""

    status: SolveStatus
    schedule: Schedule | None
    total_breaks: int | None
    breaks_bound: int | None
    """Best proven lower bound on the total breaks (of the schedules placing `placed_weight`)."""
    placed_weight: int
    placed_count: int
    wall_time_s: float
    diagnostics: tuple[Diagnostic, ...] = field(default=())

    @property
    def gap(self) -> float | None:
        """Relative optimality gap on breaks; 0.0 when proven, None without a schedule."""
        if self.total_breaks is None or self.breaks_bound is None:
            return None
        if self.total_breaks == 0:
            return 0.0
        return (self.total_breaks - self.breaks_bound) / self.total_breaks
