"""What one import read: every object with the file and row it came from, refused ones too."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from rencontre.core.dataset import Dataset
from rencontre.core.errors import Problem
from rencontre.core.meeting import Meeting, MeetingRequest, Outcome
from rencontre.core.meeting_outcome import MeetingOutcome
from rencontre.core.mission import Mission
from rencontre.core.opportunity import Opportunity
from rencontre.core.organisation import Organisation
from rencontre.core.participant import Participant
from rencontre.exchange.reading_notes import ReadingNotes

T = TypeVar("T")


@dataclass(frozen=True)
class Located(Generic[T]):
    """An object read from a file, with where it was read."""

    file: str
    row: int
    value: T
    #: Fields this row already has problems on (None: the row as a whole); empty when the
    #: row reads well.
    reported: frozenset[str | None] = frozenset()
    #: The row as read, one entry per column of its file (per key of its JSON object): under
    #: `--update` a column the file does not have keeps the stored value.
    cells: Mapping[str, object] = field(default_factory=dict, compare=False, repr=False)

    @property
    def accepted(self) -> bool:
        return not self.reported

    @property
    def given(self) -> frozenset[str]:
        """The columns (keys) the row's file provides, empty or not."""
        return frozenset(self.cells)

    def has_problem_on(self, field: str) -> bool:
        """Whether `field`, or a part of it (`programme[1]` → `programme[1].venue`), is bad."""
        return any(f == field or (f or "").startswith(f"{field}.") for f in self.reported)

    def problem(self, field: str | None, reason: str) -> Problem:
        return Problem(self.file, self.row, field, reason)

    @property
    def where(self) -> str:
        return f"{self.file}, row {self.row}"


@dataclass
class Found:
    """Everything read by one import, with locations, refused rows included."""

    organisations: list[Located[Organisation]] = field(default_factory=list)
    participants: list[Located[Participant]] = field(default_factory=list)
    opportunities: list[Located[Opportunity]] = field(default_factory=list)
    missions: list[Located[Mission]] = field(default_factory=list)
    meeting_requests: list[Located[MeetingRequest]] = field(default_factory=list)
    meetings: list[Located[Meeting]] = field(default_factory=list)
    outcomes: list[Located[Outcome]] = field(default_factory=list)
    meeting_outcomes: list[Located[MeetingOutcome]] = field(default_factory=list)
    #: Kinds some file of which could not be read at all; "*" when a file's kind is unknown.
    unread: set[str] = field(default_factory=set)
    #: What was read leniently (country names, times without an offset, other spellings).
    notes: ReadingNotes = field(default_factory=ReadingNotes)

    def dataset(self) -> Dataset:
        """The rows that read well."""
        return Dataset(
            organisations=accepted(self.organisations),
            participants=accepted(self.participants),
            opportunities=accepted(self.opportunities),
            missions=accepted(self.missions),
            meeting_requests=accepted(self.meeting_requests),
            meetings=accepted(self.meetings),
            outcomes=accepted(self.outcomes),
            meeting_outcomes=accepted(self.meeting_outcomes),
        )

    def is_complete(self, kind: str) -> bool:
        """Whether every file of `kind` was read (so a reference to it can be checked)."""
        return not self.unread & {kind, "*"}


def accepted(items: list[Located[T]]) -> tuple[T, ...]:
    """The values of the rows that read well."""
    return tuple(x.value for x in items if x.accepted)
