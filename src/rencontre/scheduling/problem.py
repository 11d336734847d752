"""The B2B meeting-scheduling problem: participants, meetings, slots, tables, restrictions.

Everything is 0-based here (participants, meetings, slots); readers and adapters translate
from whatever numbering their source uses. The types are frozen so a problem can be shared
between the solver, the validator and the repair step without defensive copies.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


class SessionKind(Enum):
    """Which session of a day a meeting may use."""

    MORNING = "morning"
    AFTERNOON = "afternoon"
    ANY = "any"


MORNING_SESSION = 0
AFTERNOON_SESSION = 1


class ProblemError(ValueError):
    """A problem that is not well formed (an index out of range, a weight below 1, …)."""


@dataclass(frozen=True)
class Slot:
    """One meeting slot: the day and the session of the day it belongs to, and its tables."""

    day: int
    session: int
    tables: int


@dataclass(frozen=True)
class Meeting:
    """A requested one-to-one meeting between two participants."""

    first: int
    second: int
    weight: int = 1
    session: SessionKind = SessionKind.ANY
    allowed_slots: frozenset[int] | None = None
    fixed_slot: int | None = None
    predecessors: frozenset[int] = frozenset()
    """Meetings that must take place in an earlier slot than this one."""

    @property
    def participants(self) -> tuple[int, int]:
        return (self.first, self.second)


@dataclass(frozen=True)
class Problem:
    """A whole instance. Slots are in time order; consecutive slots of one day are adjacent."""

    participant_count: int
    meetings: tuple[Meeting, ...]
    slots: tuple[Slot, ...]
    forbidden_slots: tuple[frozenset[int], ...] = ()
    """Per participant, the slots it cannot attend (empty tuple: nobody has forbidden slots)."""
    participant_names: tuple[str, ...] | None = None
    _meetings_of: tuple[tuple[int, ...], ...] = field(
        default=(), init=False, repr=False, compare=False
    )
    _candidates: dict[int, tuple[int, ...]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    """Memo of `candidate_slots`: the encoders ask for each meeting's slots several times."""

    def __post_init__(self) -> None:
        check_problem(self)
        per_participant: list[list[int]] = [[] for _ in range(self.participant_count)]
        for index, meeting in enumerate(self.meetings):
            per_participant[meeting.first].append(index)
            per_participant[meeting.second].append(index)
        object.__setattr__(self, "_meetings_of", tuple(tuple(ms) for ms in per_participant))

    @property
    def slot_count(self) -> int:
        return len(self.slots)

    def meetings_of(self, participant: int) -> tuple[int, ...]:
        """Indices of the meetings the participant takes part in."""
        return self._meetings_of[participant]

    def forbidden_for(self, participant: int) -> frozenset[int]:
        if not self.forbidden_slots:
            return frozenset()
        return self.forbidden_slots[participant]

    def participant_label(self, participant: int) -> str:
        """A name a person recognises: the given name, or the 1-based number."""
        if self.participant_names is not None:
            return self.participant_names[participant]
        return f"participant {participant + 1}"

    def candidate_slots(self, meeting_index: int) -> tuple[int, ...]:
        """Slots a meeting may use: its session, its allowed set, both agendas, its fixed slot."""
        known = self._candidates.get(meeting_index)
        if known is None:
            known = self._candidates[meeting_index] = self._compute_candidates(meeting_index)
        return known

    def _compute_candidates(self, meeting_index: int) -> tuple[int, ...]:
        meeting = self.meetings[meeting_index]
        blocked = self.forbidden_for(meeting.first) | self.forbidden_for(meeting.second)
        result = []
        for index, slot in enumerate(self.slots):
            if not session_allows(meeting.session, slot.session) or index in blocked:
                continue
            if meeting.allowed_slots is not None and index not in meeting.allowed_slots:
                continue
            if meeting.fixed_slot is not None and index != meeting.fixed_slot:
                continue
            result.append(index)
        return tuple(result)

    def adjacent_to_previous(self, slot_index: int) -> bool:
        """Whether the slot directly follows the previous one (same day: lunch counts)."""
        return slot_index > 0 and self.slots[slot_index - 1].day == self.slots[slot_index].day

    @property
    def days(self) -> tuple[int, ...]:
        return tuple(sorted({slot.day for slot in self.slots}))


def session_allows(kind: SessionKind, session: int) -> bool:
    """Whether a meeting of this session kind may take a slot of that session of the day."""
    if kind is SessionKind.MORNING:
        return session == MORNING_SESSION
    if kind is SessionKind.AFTERNOON:
        return session != MORNING_SESSION
    return True


def check_problem(problem: Problem) -> None:
    """Raise ProblemError naming the first malformed element."""
    slot_count = len(problem.slots)
    if problem.participant_count < 0:
        raise ProblemError(f"participant_count must be >= 0, got {problem.participant_count}")
    for index, slot in enumerate(problem.slots):
        if slot.tables < 0:
            raise ProblemError(f"slot {index}: tables must be >= 0, got {slot.tables}")
        if index > 0 and slot.day < problem.slots[index - 1].day:
            raise ProblemError(f"slot {index}: days must not decrease along the slots")
    if problem.forbidden_slots and len(problem.forbidden_slots) != problem.participant_count:
        raise ProblemError(
            f"forbidden_slots has {len(problem.forbidden_slots)} entries for "
            f"{problem.participant_count} participants"
        )
    for participant, forbidden in enumerate(problem.forbidden_slots):
        for slot_index in forbidden:
            if not 0 <= slot_index < slot_count:
                raise ProblemError(
                    f"participant {participant}: forbidden slot {slot_index} unknown"
                )
    names = problem.participant_names
    if names is not None and len(names) != problem.participant_count:
        raise ProblemError(f"{len(names)} names for {problem.participant_count} participants")
    for index, meeting in enumerate(problem.meetings):
        _check_meeting(index, meeting, problem.participant_count, slot_count, len(problem.meetings))


def _check_meeting(
    index: int, meeting: Meeting, participant_count: int, slot_count: int, meeting_count: int
) -> None:
    for participant in meeting.participants:
        if not 0 <= participant < participant_count:
            raise ProblemError(f"meeting {index}: participant {participant} unknown")
    if meeting.first == meeting.second:
        raise ProblemError(f"meeting {index}: a participant cannot meet itself")
    if meeting.weight < 1:
        raise ProblemError(f"meeting {index}: weight must be >= 1, got {meeting.weight}")
    if meeting.fixed_slot is not None and not 0 <= meeting.fixed_slot < slot_count:
        raise ProblemError(f"meeting {index}: fixed slot {meeting.fixed_slot} unknown")
    for slot_index in meeting.allowed_slots or ():
        if not 0 <= slot_index < slot_count:
            raise ProblemError(f"meeting {index}: allowed slot {slot_index} unknown")
    for predecessor in meeting.predecessors:
        if not 0 <= predecessor < meeting_count or predecessor == index:
            raise ProblemError(f"meeting {index}: predecessor {predecessor} invalid")
