"""Independent check of a schedule against every hard rule, and the break count.

Written apart from the solver model on purpose: it shares no helper with it, so a modelling
mistake cannot hide itself. Every schedule the engine returns has passed `validate`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Literal

from rencontre.scheduling.problem import MORNING_SESSION, Problem, SessionKind


class ViolationKind(Enum):
    UNKNOWN_MEETING = "unknown_meeting"
    UNKNOWN_SLOT = "unknown_slot"
    MEETING_NOT_PLACED = "meeting_not_placed"
    PARTICIPANT_DOUBLE_BOOKED = "participant_double_booked"
    TABLES_EXCEEDED = "tables_exceeded"
    FORBIDDEN_SLOT = "forbidden_slot"
    WRONG_SESSION = "wrong_session"
    SLOT_NOT_ALLOWED = "slot_not_allowed"
    FIXED_SLOT_MOVED = "fixed_slot_moved"
    PRECEDENCE_BROKEN = "precedence_broken"
    FAIRNESS_EXCEEDED = "fairness_exceeded"


@dataclass(frozen=True)
class Violation:
    kind: ViolationKind
    message: str
    meeting: int | None = None
    participant: int | None = None
    slot: int | None = None


def validate(
    problem: Problem,
    slot_of: Mapping[int, int],
    *,
    mode: Literal["all", "max"] = "all",
    fairness: int | None = None,
) -> list[Violation]:
    """Every violated hard rule of `slot_of` (meeting → slot); empty when the schedule is valid."""
    known = [
        (m, t)
        for m, t in sorted(slot_of.items())
        if 0 <= m < len(problem.meetings) and 0 <= t < problem.slot_count
    ]
    violations = _unknown_entries(problem, slot_of)
    if mode == "all":
        violations += _unplaced(problem, slot_of)
    violations += _participant_clashes(problem, known)
    violations += _tables(problem, known)
    violations += _placement_rules(problem, known)
    violations += _precedences(problem, dict(known))
    if fairness is not None:
        violations += _fairness(problem, dict(known), fairness)
    return violations


def breaks_per_participant(problem: Problem, slot_of: Mapping[int, int]) -> list[int]:
    """Per participant, the idle gaps between two of its meetings on the same day."""
    busy: list[set[int]] = [set() for _ in range(problem.participant_count)]
    for meeting_index, slot_index in slot_of.items():
        meeting = problem.meetings[meeting_index]
        busy[meeting.first].add(slot_index)
        busy[meeting.second].add(slot_index)
    counts = []
    for slots in busy:
        ordered = sorted(slots)
        gaps = 0
        for before, after in zip(ordered, ordered[1:], strict=False):
            same_day = problem.slots[before].day == problem.slots[after].day
            if same_day and after != before + 1:
                gaps += 1
        counts.append(gaps)
    return counts


def total_breaks(problem: Problem, slot_of: Mapping[int, int]) -> int:
    return sum(breaks_per_participant(problem, slot_of))


def _unknown_entries(problem: Problem, slot_of: Mapping[int, int]) -> list[Violation]:
    found = []
    for m, t in sorted(slot_of.items()):
        if not 0 <= m < len(problem.meetings):
            found.append(
                Violation(ViolationKind.UNKNOWN_MEETING, f"meeting {m} unknown", meeting=m)
            )
        elif not 0 <= t < problem.slot_count:
            found.append(Violation(ViolationKind.UNKNOWN_SLOT, f"slot {t} unknown", m, slot=t))
    return found


def _unplaced(problem: Problem, slot_of: Mapping[int, int]) -> list[Violation]:
    return [
        Violation(ViolationKind.MEETING_NOT_PLACED, f"meeting {m} is not placed", meeting=m)
        for m in range(len(problem.meetings))
        if m not in slot_of
    ]


def _participant_clashes(problem: Problem, known: list[tuple[int, int]]) -> list[Violation]:
    seen: dict[tuple[int, int], int] = {}
    found = []
    for m, t in known:
        for participant in problem.meetings[m].participants:
            other = seen.setdefault((participant, t), m)
            if other != m:
                found.append(
                    Violation(
                        ViolationKind.PARTICIPANT_DOUBLE_BOOKED,
                        f"participant {participant} has meetings {other} and {m} in slot {t}",
                        meeting=m,
                        participant=participant,
                        slot=t,
                    )
                )
    return found


def _tables(problem: Problem, known: list[tuple[int, int]]) -> list[Violation]:
    used = [0] * problem.slot_count
    for _, t in known:
        used[t] += 1
    return [
        Violation(
            ViolationKind.TABLES_EXCEEDED,
            f"slot {t} holds {count} meetings for {problem.slots[t].tables} tables",
            slot=t,
        )
        for t, count in enumerate(used)
        if count > problem.slots[t].tables
    ]


def _placement_rules(problem: Problem, known: list[tuple[int, int]]) -> list[Violation]:
    found = []
    for m, t in known:
        meeting = problem.meetings[m]
        for participant in meeting.participants:
            if problem.forbidden_slots and t in problem.forbidden_slots[participant]:
                found.append(
                    Violation(
                        ViolationKind.FORBIDDEN_SLOT,
                        f"meeting {m} in slot {t}, forbidden for participant {participant}",
                        meeting=m,
                        participant=participant,
                        slot=t,
                    )
                )
        session = problem.slots[t].session
        in_morning = session == MORNING_SESSION
        if (meeting.session is SessionKind.MORNING and not in_morning) or (
            meeting.session is SessionKind.AFTERNOON and in_morning
        ):
            found.append(
                Violation(
                    ViolationKind.WRONG_SESSION,
                    f"meeting {m} wants the {meeting.session.value} but is in slot {t}",
                    meeting=m,
                    slot=t,
                )
            )
        if meeting.allowed_slots is not None and t not in meeting.allowed_slots:
            found.append(
                Violation(ViolationKind.SLOT_NOT_ALLOWED, f"meeting {m} not allowed in slot {t}", m)
            )
        if meeting.fixed_slot is not None and t != meeting.fixed_slot:
            found.append(
                Violation(
                    ViolationKind.FIXED_SLOT_MOVED,
                    f"meeting {m} is fixed to slot {meeting.fixed_slot} but is in slot {t}",
                    meeting=m,
                    slot=t,
                )
            )
    return found


def _precedences(problem: Problem, slot_of: dict[int, int]) -> list[Violation]:
    found = []
    for m, t in sorted(slot_of.items()):
        for before in sorted(problem.meetings[m].predecessors):
            if before in slot_of and slot_of[before] >= t:
                found.append(
                    Violation(
                        ViolationKind.PRECEDENCE_BROKEN,
                        f"meeting {before} must precede meeting {m} but is in slot "
                        f"{slot_of[before]} (meeting {m} in slot {t})",
                        meeting=m,
                        slot=t,
                    )
                )
    return found


def _fairness(problem: Problem, slot_of: dict[int, int], fairness: int) -> list[Violation]:
    counts = breaks_per_participant(problem, slot_of)
    if not counts or max(counts) - min(counts) <= fairness:
        return []
    worst = counts.index(max(counts))
    return [
        Violation(
            ViolationKind.FAIRNESS_EXCEEDED,
            f"participant {worst} has {max(counts)} breaks, another has {min(counts)}: "
            f"more than {fairness} apart",
            participant=worst,
        )
    ]
