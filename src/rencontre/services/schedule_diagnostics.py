"""Why a mission cannot be scheduled, told in times and names instead of engine indices.

The engine's diagnostics (`scheduling.diagnostics.Diagnostic`, from the pre-checks and the
solver) count participants, meetings and slots from 0. An organiser needs to read which
person, which meeting and which hours: each index goes back through the `MissionProblem`
(participant index → name and e-mail, slot index → its start and end, meeting index → its
two people), and consecutive slots are merged into spans ("13 Oct 10:00–12:30"), in the
mission's time zone.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from rencontre.core.wording import counted
from rencontre.scheduling.diagnostics import Diagnostic, DiagnosticKind
from rencontre.services.mission_schedule import MissionProblem
from rencontre.services.mission_wording import item_text, mission_zone, span_text, spans_text


def describe_diagnostics(
    mission_problem: MissionProblem, diagnostics: Sequence[Diagnostic]
) -> list[str]:
    """One sentence per diagnostic, in the order given."""
    return [describe_diagnostic(mission_problem, d) for d in diagnostics]


def describe_diagnostic(mission_problem: MissionProblem, diagnostic: Diagnostic) -> str:
    """The diagnostic as an organiser reads it; every `DiagnosticKind` is covered."""
    words = _Words(mission_problem)
    kind = diagnostic.kind
    if kind is DiagnosticKind.MEETING_HAS_NO_SLOT:
        return words.no_common_slot(diagnostic.meetings[0])
    if kind is DiagnosticKind.PARTICIPANT_OVERLOADED:
        return words.overloaded(diagnostic)
    if kind is DiagnosticKind.SESSION_OVERFULL:
        return words.overfull(diagnostic)
    if kind is DiagnosticKind.FIXED_MEETINGS_COLLIDE:
        return words.fixed_collide(diagnostic)
    if kind is DiagnosticKind.SLOT_OVER_TABLES:
        return words.slot_over_tables(diagnostic)
    if kind is DiagnosticKind.EVENT_OVER_TABLES:
        return words.event_over_tables(diagnostic)
    if kind is DiagnosticKind.PRECEDENCE_IMPOSSIBLE:
        return words.precedence(diagnostic)
    if kind is DiagnosticKind.NO_SCHEDULE_WITHIN_FAIRNESS:
        return (
            "no schedule keeps the numbers of idle gaps between meetings of every two "
            f"participants within {diagnostic.needed} of each other; allow a larger "
            "difference (fairness) or none"
        )
    if kind is DiagnosticKind.NO_SCHEDULE:
        return (
            "no schedule places every accepted meeting around the programme, the "
            "participants' availability and the tables; schedule as many as possible instead "
            "(mode max)"
        )
    if kind is DiagnosticKind.TIME_LIMIT_REACHED:
        return "no schedule was found within the time limit; allow the solver more time"
    raise ValueError(f"no wording for diagnostic kind {kind.value!r}")


class _Words:
    """Indices of one mission problem as names and times."""

    def __init__(self, mission_problem: MissionProblem) -> None:
        self.mp = mission_problem
        self.problem = mission_problem.problem
        self.zone = mission_zone(mission_problem.mission)

    # People, meetings and slots ---------------------------------------------------------

    def person(self, participant: int) -> str:
        return self.problem.participant_label(participant)

    def people_of(self, meeting: int) -> tuple[int, int]:
        return self.problem.meetings[meeting].participants

    def pair(self, meeting: int) -> str:
        first, second = self.people_of(meeting)
        return f"{self.person(first)} and {self.person(second)}"

    def span(self, slot: int) -> tuple[datetime, datetime]:
        found = self.mp.grid.slots[slot]
        return found.start, found.end

    def slot(self, slot: int) -> str:
        start, end = self.span(slot)
        return span_text(start, end, self.zone)

    def slots(self, slots: Iterable[int]) -> str:
        """The slots as merged spans of time: `13 Oct 10:00–12:30, 14 Oct 14:00–14:40`."""
        return spans_text((self.span(t) for t in slots), self.zone)

    def free_slots(self, participant: int) -> list[int]:
        blocked = self.problem.forbidden_for(participant)
        return [t for t in range(self.problem.slot_count) if t not in blocked]

    def candidates(self, meetings: Iterable[int]) -> set[int]:
        return {t for m in meetings for t in self.problem.candidate_slots(m)}

    # One sentence per kind ------------------------------------------------------------

    def no_common_slot(self, meeting: int) -> str:
        free = []
        for participant in self.people_of(meeting):
            slots = self.free_slots(participant)
            when = f"is free {self.slots(slots)}" if slots else "is free in no B2B slot"
            free.append(f"{self.person(participant)} {when}")
        return f"the meeting of {self.pair(meeting)} has no common free slot: " + "; ".join(free)

    def overloaded(self, diagnostic: Diagnostic) -> str:
        usable = self.candidates(diagnostic.meetings)
        return (
            f"{self.person(_required(diagnostic.participant))} has "
            f"{counted(len(diagnostic.meetings), 'meeting')} but only "
            f"{counted(len(usable), 'usable slot')}: {self.slots(usable)}"
        )

    def overfull(self, diagnostic: Diagnostic) -> str:
        usable = self.candidates(diagnostic.meetings)
        partners = [self.partner(diagnostic, m) for m in diagnostic.meetings]
        return (
            f"{self.person(_required(diagnostic.participant))} has "
            f"{counted(len(diagnostic.meetings), 'meeting')} that can only take place "
            f"{self.slots(usable)}, {counted(len(usable), 'usable slot')}: with "
            + ", ".join(partners)
        )

    def partner(self, diagnostic: Diagnostic, meeting: int) -> str:
        first, second = self.people_of(meeting)
        return self.person(second if first == diagnostic.participant else first)

    def fixed_collide(self, diagnostic: Diagnostic) -> str:
        partners = ", ".join(self.partner(diagnostic, m) for m in diagnostic.meetings)
        return (
            f"{self.person(_required(diagnostic.participant))} has meetings fixed at the same "
            f"time, {self.slot(_required(diagnostic.slot))}: with {partners}"
        )

    def slot_over_tables(self, diagnostic: Diagnostic) -> str:
        slot = _required(diagnostic.slot)
        venue = self.mp.grid.slots[slot].venue
        name = next((v.name for v in self.mp.mission.venues if v.key == venue), venue)
        return (
            f"{self.slot(slot)} at {name}: {counted(_required(diagnostic.needed), 'meeting')} "
            f"fixed then but only {counted(_required(diagnostic.available), 'table')}"
        )

    def event_over_tables(self, diagnostic: Diagnostic) -> str:
        grid, mission = self.mp.grid, self.mp.mission
        held = []
        for n, session in enumerate(mission.b2b_sessions):
            slots = zip(grid.session_of_slot, grid.tables_of_slot, strict=True)
            seats = sum(tables for session_of, tables in slots if session_of == n)
            held.append(f"{item_text(mission, session, self.zone)}: {seats}")
        return (
            f"{counted(_required(diagnostic.needed), 'accepted meeting')} but the B2B sessions "
            f"hold at most {counted(_required(diagnostic.available), 'meeting')} "
            f"(tables × slots; " + "; ".join(held) + ")"
        )

    def precedence(self, diagnostic: Diagnostic) -> str:
        meeting, *before = diagnostic.meetings
        last = max(self.problem.candidate_slots(meeting))
        earlier = ", ".join(f"of {self.pair(m)}" for m in before)
        return (
            f"the meeting of {self.pair(meeting)} must come after the meetings {earlier}, but "
            f"cannot: its last usable slot is {self.slot(last)}"
        )


def _required(value: int | None) -> int:
    """A field the diagnostic's kind always sets."""
    if value is None:
        raise ValueError("diagnostic lacks a field its kind always sets")
    return value
