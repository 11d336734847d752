"""Why no schedule exists, as data a person can act on."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class DiagnosticKind(Enum):
    MEETING_HAS_NO_SLOT = "meeting_has_no_slot"
    PARTICIPANT_OVERLOADED = "participant_overloaded"
    SESSION_OVERFULL = "session_overfull"
    FIXED_MEETINGS_COLLIDE = "fixed_meetings_collide"
    SLOT_OVER_TABLES = "slot_over_tables"
    EVENT_OVER_TABLES = "event_over_tables"
    PRECEDENCE_IMPOSSIBLE = "precedence_impossible"
    NO_SCHEDULE_WITHIN_FAIRNESS = "no_schedule_within_fairness"
    NO_SCHEDULE = "no_schedule"
    TIME_LIMIT_REACHED = "time_limit_reached"


@dataclass(frozen=True)
class Diagnostic:
    """One reason; `participant`, `meetings` and `slot` name what it is about (0-based)."""

    kind: DiagnosticKind
    message: str
    participant: int | None = None
    meetings: tuple[int, ...] = ()
    slot: int | None = None
    needed: int | None = None
    available: int | None = None
