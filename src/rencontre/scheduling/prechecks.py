"""Cheap necessary conditions, checked before any solver runs (mode `all`).

Each check is one function returning the diagnostics it finds; an empty list proves nothing,
a non-empty one proves that no schedule placing every meeting exists.
"""

from __future__ import annotations

from collections import Counter

from rencontre.core.wording import counted
from rencontre.scheduling.diagnostics import Diagnostic, DiagnosticKind
from rencontre.scheduling.problem import Problem


def find_infeasibility_reasons(problem: Problem) -> list[Diagnostic]:
    """All pre-check diagnostics for placing every meeting."""
    return [
        *meetings_without_slot(problem),
        *fixed_meetings_colliding(problem),
        *slots_over_tables(problem),
        *event_over_tables(problem),
        *participants_overloaded(problem),
        *precedences_impossible(problem),
    ]


def meetings_without_slot(problem: Problem) -> list[Diagnostic]:
    found = []
    for index, meeting in enumerate(problem.meetings):
        if not problem.candidate_slots(index):
            names = " and ".join(problem.participant_label(p) for p in meeting.participants)
            found.append(
                Diagnostic(
                    DiagnosticKind.MEETING_HAS_NO_SLOT,
                    f"meeting {index + 1} ({names}) has no usable slot: its session, fixed slot "
                    "and the two agendas leave nothing",
                    meetings=(index,),
                )
            )
    return found


def fixed_meetings_colliding(problem: Problem) -> list[Diagnostic]:
    found = []
    for participant in range(problem.participant_count):
        by_slot: dict[int, list[int]] = {}
        for index in problem.meetings_of(participant):
            fixed = problem.meetings[index].fixed_slot
            if fixed is not None:
                by_slot.setdefault(fixed, []).append(index)
        for slot_index, meetings in sorted(by_slot.items()):
            if len(meetings) > 1:
                listed = ", ".join(str(m + 1) for m in meetings)
                found.append(
                    Diagnostic(
                        DiagnosticKind.FIXED_MEETINGS_COLLIDE,
                        f"fixed meetings {listed} collide on slot {slot_index + 1} for "
                        f"{problem.participant_label(participant)}",
                        participant=participant,
                        meetings=tuple(meetings),
                        slot=slot_index,
                    )
                )
    return found


def slots_over_tables(problem: Problem) -> list[Diagnostic]:
    fixed_count = Counter(m.fixed_slot for m in problem.meetings if m.fixed_slot is not None)
    found = []
    for slot_index, count in sorted(fixed_count.items()):
        tables = problem.slots[slot_index].tables
        if count > tables:
            found.append(
                Diagnostic(
                    DiagnosticKind.SLOT_OVER_TABLES,
                    f"slot {slot_index + 1} has {counted(count, 'fixed meeting')} but only "
                    f"{counted(tables, 'table')}",
                    slot=slot_index,
                    needed=count,
                    available=tables,
                )
            )
    return found


def event_over_tables(problem: Problem) -> list[Diagnostic]:
    capacity = sum(slot.tables for slot in problem.slots)
    if len(problem.meetings) <= capacity:
        return []
    return [
        Diagnostic(
            DiagnosticKind.EVENT_OVER_TABLES,
            f"{counted(len(problem.meetings), 'meeting')} requested but the slots offer "
            f"{counted(capacity, 'table')}",
            needed=len(problem.meetings),
            available=capacity,
        )
    ]


def participants_overloaded(problem: Problem) -> list[Diagnostic]:
    """Hall's condition per participant on each distinct set of candidate slots.

    For every candidate set S of one of the participant's meetings, the meetings whose
    candidates lie inside S must fit in |S| slots. S = all usable slots is the plain
    "N meetings, K usable slots" check; the others catch an over-full session.
    """
    found = []
    for participant in range(problem.participant_count):
        # A meeting without any usable slot is `meetings_without_slot`'s to report: counted
        # here it would blame each of its participants for an over-full agenda as well.
        candidates = {
            i: slots
            for i in problem.meetings_of(participant)
            if (slots := frozenset(problem.candidate_slots(i)))
        }
        if not candidates:
            continue
        usable = frozenset().union(*candidates.values())
        if len(candidates) > len(usable):
            found.append(
                Diagnostic(
                    DiagnosticKind.PARTICIPANT_OVERLOADED,
                    f"{problem.participant_label(participant)} has "
                    f"{counted(len(candidates), 'meeting')} but only "
                    f"{counted(len(usable), 'usable slot')}",
                    participant=participant,
                    meetings=tuple(sorted(candidates)),
                    needed=len(candidates),
                    available=len(usable),
                )
            )
            continue
        found.extend(_overfull_subsets(problem, participant, candidates, usable))
    return found


def _overfull_subsets(
    problem: Problem,
    participant: int,
    candidates: dict[int, frozenset[int]],
    usable: frozenset[int],
) -> list[Diagnostic]:
    found = []
    for subset in sorted(set(candidates.values()) - {usable}, key=sorted):
        inside = tuple(sorted(i for i, c in candidates.items() if c <= subset))
        if len(inside) > len(subset):
            label = _describe_slots(problem, subset)
            found.append(
                Diagnostic(
                    DiagnosticKind.SESSION_OVERFULL,
                    f"{label} for {problem.participant_label(participant)} is over-full: "
                    f"{counted(len(inside), 'meeting')} for {counted(len(subset), 'usable slot')}",
                    participant=participant,
                    meetings=inside,
                    needed=len(inside),
                    available=len(subset),
                )
            )
    return found


def _describe_slots(problem: Problem, subset: frozenset[int]) -> str:
    sessions = {problem.slots[t].session for t in subset}
    if sessions == {0}:
        return "session morning"
    if 0 not in sessions:
        return "session afternoon"
    return "slots " + ",".join(str(t + 1) for t in sorted(subset))


def precedences_impossible(problem: Problem) -> list[Diagnostic]:
    """Earliest/latest slot propagation along precedence chains (also catches cycles)."""
    earliest = [min(problem.candidate_slots(i), default=0) for i in range(len(problem.meetings))]
    # Relaxation bounded by the meeting count: a cycle keeps pushing earliest up forever.
    for _ in range(len(problem.meetings) + 1):
        changed = False
        for index, meeting in enumerate(problem.meetings):
            for predecessor in meeting.predecessors:
                if earliest[index] <= earliest[predecessor]:
                    earliest[index] = earliest[predecessor] + 1
                    changed = True
        if not changed:
            break
    found = []
    for index in range(len(problem.meetings)):
        slots = problem.candidate_slots(index)
        if slots and all(t < earliest[index] for t in slots):
            found.append(
                Diagnostic(
                    DiagnosticKind.PRECEDENCE_IMPOSSIBLE,
                    f"meeting {index + 1} cannot come after the meetings it must follow: "
                    f"its last usable slot is {max(slots) + 1}",
                    meetings=(index, *sorted(problem.meetings[index].predecessors)),
                )
            )
    return found
