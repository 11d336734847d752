"""A mission: dates, venues, the programme around the B2B meetings, and the B2B grid."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from rencontre.core.enums import Language, ProgrammeItemKind
from rencontre.core.participant import Participant, TimeWindow


@dataclass(frozen=True)
class TableChange:
    """From `start` on, the venue has `tables` B2B tables (a room lost or gained on the day)."""

    start: datetime
    tables: int


@dataclass(frozen=True)
class Venue:
    key: str
    name: str
    address: str = ""
    city: str = ""
    tables: int = 0  # B2B tables available at this venue
    #: Changes to `tables` over time, in time order; the latest one started by a slot counts.
    table_changes: tuple[TableChange, ...] = ()

    def tables_at(self, start: datetime) -> int:
        """How many tables the venue has for a slot that starts at `start`."""
        tables = self.tables
        for change in sorted(self.table_changes, key=lambda c: c.start):
            if change.start <= start:
                tables = change.tables
        return tables

    @property
    def location(self) -> str:
        """Name, address and city, for a calendar's LOCATION."""
        parts = [self.name, self.address]
        if self.city and self.city not in self.address:
            parts.append(self.city)
        return ", ".join(p for p in parts if p)


@dataclass(frozen=True)
class TravelTime:
    """Minutes to go from one venue to another (taken as symmetric when only one is given)."""

    from_venue: str
    to_venue: str
    minutes: int


@dataclass(frozen=True)
class ProgrammeItem:
    """A talk, testimony, site visit, demo, meal or B2B session.

    `audience` holds participant e-mails; empty means everyone. A B2B session is not an
    event in anyone's agenda by itself: it appears through the meetings placed in it.
    """

    key: str
    title: str
    kind: ProgrammeItemKind
    start: datetime
    end: datetime
    venue: str  # Venue.key
    audience: tuple[str, ...] = ()
    description: str = ""
    #: iCalendar SEQUENCE: grows by one each time the item's time, place or text changes.
    sequence: int = 0

    @property
    def window(self) -> TimeWindow:
        return TimeWindow(self.start, self.end)

    def is_for(self, email: str) -> bool:
        """Whether the item's audience includes `email` (an empty audience is everyone)."""
        return not self.audience or email in self.audience

    def is_attended_by(self, person: Participant) -> bool:
        """Whether the item is part of `person`'s mission.

        It must be for them (`is_for`) and overlap their availability: a person who comes on
        day 1 only has nothing to do with day 2's talks and lunch, whatever the audience.
        """
        if not self.is_for(person.email):
            return False
        if not person.availability:
            return True
        return any(window.overlaps(self.window) for window in person.availability)

    def uid(self, mission: str) -> str:
        """The item's iCalendar UID: the same in every attendee's calendar and over changes."""
        digest = hashlib.sha256(f"{mission}\0{self.key}".encode()).hexdigest()
        return f"programme-{digest[:32]}@rencontre"


DEFAULT_LANGUAGES = (Language.FR, Language.NL, Language.EN)


@dataclass(frozen=True)
class Mission:
    """A multi-day trade mission; B2B slots come from its B2B sessions and `slot_minutes`."""

    key: str
    title: str
    start_date: date
    end_date: date
    timezone: str = "Europe/Paris"
    description: str = ""
    venues: tuple[Venue, ...] = ()
    travel_times: tuple[TravelTime, ...] = ()
    programme: tuple[ProgrammeItem, ...] = ()
    slot_minutes: int = 20
    participants: tuple[str, ...] = field(default=())  # e-mails
    #: The mission's working languages, in order: documents for a person are written in the
    #: first of their languages found here, else in the first one.
    languages: tuple[Language, ...] = DEFAULT_LANGUAGES
    #: When participants can no longer send, answer or withdraw meeting requests on the web
    #: (aware); None: requests stay open.
    requests_close_at: datetime | None = None

    def requests_open(self, now: datetime) -> bool:
        """Whether participants may still send, answer or withdraw requests at `now`."""
        return self.requests_close_at is None or now < self.requests_close_at

    def language_for(self, spoken: tuple[Language, ...]) -> Language:
        """The language to write to someone who speaks `spoken` (in their order)."""
        for language in spoken:
            if language in self.languages:
                return language
        return self.languages[0] if self.languages else Language.EN

    def venue(self, key: str) -> Venue:
        for venue in self.venues:
            if venue.key == key:
                return venue
        raise KeyError(f"mission {self.key!r} has no venue {key!r}")

    def travel_minutes(self, from_venue: str, to_venue: str) -> int:
        if from_venue == to_venue:
            return 0
        for t in self.travel_times:
            if {t.from_venue, t.to_venue} == {from_venue, to_venue}:
                return t.minutes
        return 0

    @property
    def b2b_sessions(self) -> tuple[ProgrammeItem, ...]:
        return tuple(
            sorted(
                (p for p in self.programme if p.kind is ProgrammeItemKind.B2B_SESSION),
                key=lambda p: p.start,
            )
        )

    def slots(self) -> tuple[B2BSlot, ...]:
        """Every B2B slot of the mission in time order."""
        result: list[B2BSlot] = []
        step = timedelta(minutes=self.slot_minutes)
        for session in self.b2b_sessions:
            start = session.start
            while start + step <= session.end:
                result.append(B2BSlot(len(result), session.key, session.venue, start, start + step))
                start += step
        return tuple(result)


@dataclass(frozen=True)
class B2BSlot:
    """One slot of the B2B grid; `index` is its 0-based position in the mission."""

    index: int
    session: str  # ProgrammeItem.key of the B2B session
    venue: str
    start: datetime
    end: datetime

    @property
    def window(self) -> TimeWindow:
        return TimeWindow(self.start, self.end)
