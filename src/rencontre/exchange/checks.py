"""Checks across rows and files: duplicates, and references to what exists.

What exists is what the same import brings plus what is already stored (`existing`).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from rencontre.core.dataset import Dataset
from rencontre.core.errors import Problem
from rencontre.core.meeting import Meeting, MeetingRequest, Outcome
from rencontre.core.mission import Mission
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

    def problem(self, field: str | None, reason: str) -> Problem:
        return Problem(self.file, self.row, field, reason)


@dataclass
class Found:
    """Everything read by one import, with locations."""

    organisations: list[Located[Organisation]] = field(default_factory=list)
    participants: list[Located[Participant]] = field(default_factory=list)
    opportunities: list[Located[Opportunity]] = field(default_factory=list)
    missions: list[Located[Mission]] = field(default_factory=list)
    meeting_requests: list[Located[MeetingRequest]] = field(default_factory=list)
    meetings: list[Located[Meeting]] = field(default_factory=list)
    outcomes: list[Located[Outcome]] = field(default_factory=list)

    def dataset(self) -> Dataset:
        return Dataset(
            organisations=tuple(x.value for x in self.organisations),
            participants=tuple(x.value for x in self.participants),
            opportunities=tuple(x.value for x in self.opportunities),
            missions=tuple(x.value for x in self.missions),
            meeting_requests=tuple(x.value for x in self.meeting_requests),
            meetings=tuple(x.value for x in self.meetings),
            outcomes=tuple(x.value for x in self.outcomes),
        )


def _duplicates(
    items: Iterable[Located[T]], key: str, key_of: Callable[[T], K], stored: set[K]
) -> list[Problem]:
    problems = []
    first: dict[K, Located[T]] = {}
    for item in items:
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
    problems += _duplicates(found.meeting_requests, "requested", pair, stored_pairs)
    problems += _duplicates(found.meetings, "requested", pair, {pair(m) for m in existing.meetings})

    organisations = {o.name for o in existing.organisations}
    organisations |= {o.value.name for o in found.organisations}
    people = {p.email for p in existing.participants} | {p.value.email for p in found.participants}
    missions = {m.key: m for m in existing.missions} | {
        m.value.key: m.value for m in found.missions
    }

    owned_items: list[Located[Participant] | Located[Opportunity]] = [
        *found.participants,
        *found.opportunities,
    ]
    for owned in owned_items:
        name = owned.value.organisation
        if name and name not in organisations:
            problems.append(owned.problem("organisation", f"unknown organisation {name!r}"))
    for mission in found.missions:
        problems += _mission_people(mission, people)
    pairs: list[Located[MeetingRequest] | Located[Meeting] | Located[Outcome]] = [
        *found.meeting_requests,
        *found.meetings,
        *found.outcomes,
    ]
    for item in pairs:
        problems += _pair_references(item, missions, people)
    return problems


def _pair_key(value: MeetingRequest | Meeting) -> tuple[str, str, str]:
    return (value.mission, value.requester, value.requested)


def _mission_people(mission: Located[Mission], people: set[str]) -> list[Problem]:
    problems = []
    for position, email in enumerate(mission.value.participants, start=1):
        if email not in people:
            reason = f"unknown participant {email!r}"
            problems.append(mission.problem(f"participants[{position}]", reason))
    for number, item in enumerate(mission.value.programme, start=1):
        for position, email in enumerate(item.audience, start=1):
            if email not in people:
                reason = f"unknown participant {email!r}"
                where = f"programme[{number}].audience[{position}]"
                problems.append(mission.problem(where, reason))
    return problems


def _pair_references(
    item: Located[MeetingRequest] | Located[Meeting] | Located[Outcome],
    missions: dict[str, Mission],
    people: set[str],
) -> list[Problem]:
    value = item.value
    mission = missions.get(value.mission)
    if mission is None:
        return [item.problem("mission", f"unknown mission {value.mission!r}")]
    problems = []
    for field_name in ("requester", "requested"):
        email = getattr(value, field_name)
        if email not in people:
            problems.append(item.problem(field_name, f"unknown participant {email!r}"))
        elif email not in mission.participants:
            reason = f"{email!r} does not take part in mission {mission.key!r}"
            problems.append(item.problem(field_name, reason))
    if isinstance(value, Meeting) and value.venue not in {v.key for v in mission.venues}:
        reason = f"unknown venue {value.venue!r} in mission {mission.key!r}"
        problems.append(item.problem("venue", reason))
    return problems
