"""People who take part in missions, and when they can meet."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from rencontre.core.enums import Language


@dataclass(frozen=True)
class TimeWindow:
    """A half-open interval [start, end) in aware datetimes."""

    start: datetime
    end: datetime

    def overlaps(self, other: TimeWindow) -> bool:
        return self.start < other.end and other.start < self.end

    def contains(self, other: TimeWindow) -> bool:
        return self.start <= other.start and other.end <= self.end


@dataclass(frozen=True)
class Participant:
    """A person, identified by e-mail, representing one organisation.

    `availability` lists the windows in which the person can meet during the mission; an
    empty tuple means available throughout.
    """

    email: str
    full_name: str
    organisation: str  # Organisation.name
    role: str = ""
    languages: tuple[Language, ...] = ()
    availability: tuple[TimeWindow, ...] = ()

    def is_available(self, window: TimeWindow) -> bool:
        if not self.availability:
            return True
        return any(a.contains(window) for a in self.availability)
