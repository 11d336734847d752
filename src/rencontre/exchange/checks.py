"""Checks across rows and files: duplicates, and references to what exists.

What exists is what the same import brings plus what is already stored (`existing`). These
checks run on every row that could be read, refused or not, so that one run reports every
problem; they avoid repeating a problem already reported:

- a refused row still exists: a reference to it is not "unknown" and a later row with the same
  key is its duplicate (its country may be wrong, not its name);
- but what a refused row says is not trusted: a request is not checked against the
  participants or venues of a refused mission;
- a field already reported on a row is not checked again (a malformed e-mail address is not
  also an unknown participant; a row without a name is nobody's duplicate);
- references into a kind whose file could not be read (unreadable, bad header, no known kind)
  are not checked: nobody can tell what that file holds.

Meetings and outcomes are also checked against what they name, stored or imported alike:

- a meeting's table must be one its venue has (1 to the venue's `tables`; a venue with no
  tables has none), and its start must fall inside one of its mission's B2B sessions (start
  included, end excluded), since the B2B grid is cut from those sessions; both only against a
  mission whose row was accepted, the table only at a known venue;
- an outcome's pair (in either order) must have a meeting or a meeting request in its
  mission, refused rows included; not checked when a meetings or meeting requests file could
  not be read, nor when the outcome's mission or people are already reported.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Generic, TypeVar
from zoneinfo import ZoneInfo

from rencontre.core.dataset import Dataset
from rencontre.core.errors import Problem
from rencontre.core.meeting import Meeting, MeetingRequest, Outcome
from rencontre.core.mission import Mission, Venue
from rencontre.core.opportunity import Opportunity
from rencontre.core.organisation import Organisation
from rencontre.core.participant import Participant

T = TypeVar("T")
K = TypeVar("K", bound=Hashable)


@dataclass(frozen=True)
class Located(Generic[T]):
    """An object read from a file, with where it was read."""

    file: str
    row: int
    value: T
    #: Fields this row already has problems on (None: the row as a whole); empty when the
    #: row reads well.
    reported: frozenset[str | None] = frozenset()

    @property
    def accepted(self) -> bool:
        return not self.reported

    def has_problem_on(self, field: str) -> bool:
        """Whether `field`, or a part of it (`programme[1]` → `programme[1].venue`), is bad."""
        return any(f == field or (f or "").startswith(f"{field}.") for f in self.reported)

    def problem(self, field: str | None, reason: str) -> Problem:
        return Problem(self.file, self.row, field, reason)


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
    #: Kinds some file of which could not be read at all; "*" when a file's kind is unknown.
    unread: set[str] = field(default_factory=set)

    def dataset(self) -> Dataset:
        """The rows that read well."""
        return Dataset(
            organisations=_accepted(self.organisations),
            participants=_accepted(self.participants),
            opportunities=_accepted(self.opportunities),
            missions=_accepted(self.missions),
            meeting_requests=_accepted(self.meeting_requests),
            meetings=_accepted(self.meetings),
            outcomes=_accepted(self.outcomes),
        )

    def is_complete(self, kind: str) -> bool:
        """Whether every file of `kind` was read (so a reference to it can be checked)."""
        return not self.unread & {kind, "*"}


def _accepted(items: list[Located[T]]) -> tuple[T, ...]:
    return tuple(x.value for x in items if x.accepted)


def _duplicates(
    items: Iterable[Located[T]],
    key: str,
    key_of: Callable[[T], K],
    stored: set[K],
    key_fields: tuple[str, ...] = (),
) -> list[Problem]:
    """A problem on `key` for each item whose key is stored or given before it.

    Items with a problem on `key` or on one of `key_fields` (the cells the key is made of)
    take no part.
    """
    problems = []
    first: dict[K, Located[T]] = {}
    for item in items:
        if any(item.has_problem_on(f) for f in (key, *key_fields)):
            continue
        value = key_of(item.value)
        if value in stored:
            problems.append(item.problem(key, f"{_show(value)} is already in the database"))
        elif value in first:
            where = first[value]
            problems.append(
                item.problem(key, f"{_show(value)} is also in {where.file}, row {where.row}")
            )
        else:
            first[value] = item
    return problems


def _show(value: Hashable) -> str:
    return " → ".join(value) if isinstance(value, tuple) else repr(value)


def check_found(found: Found, existing: Dataset) -> list[Problem]:
    """Every duplicate and every dangling reference in `found`, given what is stored."""
    problems: list[Problem] = []
    pair = _pair_key
    stored_pairs = {pair(r) for r in existing.meeting_requests}
    problems += _duplicates(
        found.organisations, "name", lambda o: o.name, {o.name for o in existing.organisations}
    )
    problems += _duplicates(
        found.participants, "email", lambda p: p.email, {p.email for p in existing.participants}
    )
    problems += _duplicates(
        found.opportunities,
        "reference",
        lambda o: o.reference,
        {o.reference for o in existing.opportunities},
    )
    problems += _duplicates(
        found.missions, "key", lambda m: m.key, {m.key for m in existing.missions}
    )
    pair_fields = ("mission", "requester")
    problems += _duplicates(found.meeting_requests, "requested", pair, stored_pairs, pair_fields)
    stored_meetings = {pair(m) for m in existing.meetings}
    problems += _duplicates(found.meetings, "requested", pair, stored_meetings, pair_fields)

    organisations = {o.name for o in existing.organisations}
    organisations |= {o.value.name for o in found.organisations}
    people = {p.email for p in existing.participants} | {p.value.email for p in found.participants}
    # None: the mission exists, but its row was refused, so its content is not trusted.
    missions: dict[str, Mission | None] = {m.key: m for m in existing.missions}
    missions |= {m.value.key: m.value if m.accepted else None for m in found.missions}

    owned_items: list[Located[Participant] | Located[Opportunity]] = [
        *found.participants,
        *found.opportunities,
    ]
    for owned in owned_items if found.is_complete("organisations") else ():
        name = owned.value.organisation
        if name and name not in organisations and not owned.has_problem_on("organisation"):
            problems.append(owned.problem("organisation", f"unknown organisation {name!r}"))
    known_people = people if found.is_complete("participants") else None
    for mission in found.missions:
        problems += _mission_people(mission, known_people)
    missions_complete = found.is_complete("missions")
    for request in found.meeting_requests:
        problems += _pair_references(request, missions, known_people, missions_complete)
    for meeting in found.meetings:
        reported = _pair_references(meeting, missions, known_people, missions_complete)
        of_meeting = missions.get(meeting.value.mission)
        problems += reported + _meeting_place(_noting(meeting, reported), of_meeting)
    met = _met_pairs(found, existing)
    for outcome in found.outcomes:
        reported = _pair_references(outcome, missions, known_people, missions_complete)
        problems += reported
        if met is not None and outcome.value.mission in missions:
            problems += _outcome_pair(_noting(outcome, reported), met)
    return problems


def _noting(item: Located[T], problems: list[Problem]) -> Located[T]:
    """`item` with the fields of `problems` counted as reported too."""
    return replace(item, reported=item.reported | {p.field for p in problems})


def _pair_key(value: MeetingRequest | Meeting) -> tuple[str, str, str]:
    return (value.mission, value.requester, value.requested)


def _mission_people(mission: Located[Mission], people: set[str] | None) -> list[Problem]:
    """Unknown participants and audience members of `mission` (none when `people` is None)."""
    if people is None:
        return []
    emails = [
        (f"participants[{position}]", email)
        for position, email in enumerate(mission.value.participants, start=1)
    ]
    for number, item in enumerate(mission.value.programme, start=1):
        emails += [
            (f"programme[{number}].audience[{position}]", email)
            for position, email in enumerate(item.audience, start=1)
        ]
    return [
        mission.problem(where, f"unknown participant {email!r}")
        for where, email in emails
        if email not in people and not mission.has_problem_on(where)
    ]


def _pair_references(
    item: Located[MeetingRequest] | Located[Meeting] | Located[Outcome],
    missions: dict[str, Mission | None],
    people: set[str] | None,
    missions_complete: bool,
) -> list[Problem]:
    """Unknown missions, participants and venues of one row naming a pair of people.

    `people` is None when the participants are not all known (a file could not be read);
    participation and venues are checked only against a mission whose row was accepted.
    """
    value = item.value
    problems = []
    known = value.mission in missions or not missions_complete
    if not known and not item.has_problem_on("mission"):
        problems.append(item.problem("mission", f"unknown mission {value.mission!r}"))
    mission = missions.get(value.mission)
    for field_name in ("requester", "requested"):
        email = getattr(value, field_name)
        if item.has_problem_on(field_name):
            continue
        if people is not None and email not in people:
            problems.append(item.problem(field_name, f"unknown participant {email!r}"))
        elif mission is not None and email not in mission.participants:
            reason = f"{email!r} does not take part in mission {mission.key!r}"
            problems.append(item.problem(field_name, reason))
    if (
        isinstance(value, Meeting)
        and mission is not None
        and not item.has_problem_on("venue")
        and value.venue not in {v.key for v in mission.venues}
    ):
        reason = f"unknown venue {value.venue!r} in mission {mission.key!r}"
        problems.append(item.problem("venue", reason))
    return problems


def _meeting_place(item: Located[Meeting], mission: Mission | None) -> list[Problem]:
    """A table its venue does not have, a start outside every B2B session of `mission`.

    Nothing is checked against a mission that is unknown or whose row was refused (None).
    """
    if mission is None:
        return []
    meeting = item.value
    problems = []
    venues = {v.key: v for v in mission.venues}
    venue = venues.get(meeting.venue)
    checkable = not (item.has_problem_on("venue") or item.has_problem_on("table"))
    if venue is not None and checkable and not 1 <= meeting.table <= venue.tables:
        problems.append(item.problem("table", _tables_reason(venue, meeting.table)))
    sessions = mission.b2b_sessions
    if not item.has_problem_on("start") and not any(
        s.start <= meeting.start < s.end for s in sessions
    ):
        problems.append(item.problem("start", _sessions_reason(mission, meeting.start)))
    return problems


def _tables_reason(venue: Venue, table: int) -> str:
    if venue.tables < 1:
        return f"venue {venue.key!r} has no B2B tables"
    if venue.tables == 1:
        return f"venue {venue.key!r} has only table 1, got {table}"
    return f"venue {venue.key!r} has tables 1 to {venue.tables}, got {table}"


def _sessions_reason(mission: Mission, start: datetime) -> str:
    if not mission.b2b_sessions:
        return f"mission {mission.key!r} has no B2B session"
    zone = ZoneInfo(mission.timezone)
    spans = ", ".join(
        _span(s.start.astimezone(zone), s.end.astimezone(zone)) for s in mission.b2b_sessions
    )
    return (
        f"{start.isoformat()} is in no B2B session of mission {mission.key!r} "
        f"({mission.timezone} time: {spans})"
    )


def _span(start: datetime, end: datetime) -> str:
    """`2027-04-06 14:30–17:30`, or both dates when the span crosses midnight."""
    until = f"{end:%H:%M}" if end.date() == start.date() else f"{end:%Y-%m-%d %H:%M}"
    return f"{start:%Y-%m-%d %H:%M}–{until}"


#: A mission's key and an unordered pair of e-mails.
_Met = tuple[str, frozenset[str]]


def _met_pairs(found: Found, existing: Dataset) -> set[_Met] | None:
    """The pairs with a meeting or a request, stored or imported (None: a file was unread)."""
    if not (found.is_complete("meetings") and found.is_complete("meeting_requests")):
        return None
    rows: list[Meeting | MeetingRequest] = [
        *existing.meetings,
        *existing.meeting_requests,
        *(m.value for m in found.meetings),
        *(r.value for r in found.meeting_requests),
    ]
    return {(r.mission, frozenset((r.requester, r.requested))) for r in rows}


def _outcome_pair(item: Located[Outcome], met: set[_Met]) -> list[Problem]:
    """A problem when the outcome's pair never had a meeting or a request in its mission."""
    value = item.value
    if any(item.has_problem_on(f) for f in ("mission", "requester", "requested")):
        return []
    if (value.mission, frozenset((value.requester, value.requested))) in met:
        return []
    reason = (
        f"{value.requester!r} and {value.requested!r} have no meeting and no meeting request "
        f"in mission {value.mission!r}"
    )
    return [item.problem("requested", reason)]
