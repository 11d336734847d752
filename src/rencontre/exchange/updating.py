"""What `--update` does to the rows of an import before they are checked and stored.

A row names a stored record by its key (see `rencontre.exchange.checks`). A column its file
does not have, or a key its JSON object leaves out, keeps the stored value; a column that is
there sets the value, even empty: an organiser can correct one column of a spreadsheet
without re-typing the others, and clear a value on purpose. Required columns stay required,
since the same file may add new records.

In `missions.json` this holds at every level: a mission without `programme` keeps its stored
programme, a venue without `table_changes` keeps its stored ones, a programme item without
`audience` keeps its stored audience. Lists that are given replace the stored ones: venues and
programme items are matched by key (and updated in place by the store), travel times,
participants and audiences are replaced whole.

A venue the update leaves out is removed, unless something still uses it: a stored meeting
(cancelled ones too: they stay stored for the calendars) or the mission's programme or travel
times as they will be. Those are refused with a located problem.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import replace
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from rencontre.core.dataset import Dataset
from rencontre.core.errors import Problem
from rencontre.core.meeting import Meeting, MeetingRequest
from rencontre.core.mission import Mission, ProgrammeItem, Venue
from rencontre.core.organisation import LocalizedText, Organisation
from rencontre.exchange.columns import DESCRIPTION_COLUMNS
from rencontre.exchange.found import Found, Located

T = TypeVar("T")
K = TypeVar("K", bound=Hashable)

# The optional fields of each kind, named as their columns (keys), that a file may leave out.
ORGANISATION_FIELDS = ("kind", "legal_name", "region", "city", "size_band", "website",
                       "segments", "nace_codes", "fictional", "source")  # fmt: skip
PARTICIPANT_FIELDS = ("role", "languages", "availability")
OPPORTUNITY_FIELDS = ("description", "language", "partnership_types", "target_countries",
                      "segments", "expires_on")  # fmt: skip
REQUEST_FIELDS = ("priority", "message", "status", "score", "reverse_message", "origin")
MISSION_FIELDS = ("timezone", "description", "slot_minutes", "venues", "travel_times",
                  "programme", "participants", "languages", "requests_close_at")  # fmt: skip
VENUE_FIELDS = ("address", "city", "tables", "table_changes")
PROGRAMME_ITEM_FIELDS = ("audience", "description", "sequence")


def fill_from_stored(found: Found, existing: Dataset) -> None:
    """Give every accepted row that names a stored record the stored values it leaves out."""
    found.organisations[:] = _filled(
        found.organisations, existing.organisations, lambda o: o.name, _organisation
    )
    found.participants[:] = _filled(
        found.participants,
        existing.participants,
        lambda p: p.email,
        lambda new, old, given: _kept(new, old, given, PARTICIPANT_FIELDS),
    )
    found.opportunities[:] = _filled(
        found.opportunities,
        existing.opportunities,
        lambda o: o.reference,
        lambda new, old, given: _kept(new, old, given, OPPORTUNITY_FIELDS),
    )
    found.missions[:] = _filled(found.missions, existing.missions, lambda m: m.key, _mission)
    found.meeting_requests[:] = _filled(
        found.meeting_requests,
        existing.meeting_requests,
        _direction,
        lambda new, old, given: _kept(new, old, given, REQUEST_FIELDS),
    )


def _direction(request: MeetingRequest) -> tuple[str, str, str]:
    return (request.mission, request.requester, request.requested)


def _filled(
    rows: list[Located[T]],
    stored: Iterable[T],
    key_of: Callable[[T], K],
    fill: Callable[[T, T, Mapping[str, Any]], T],
) -> list[Located[T]]:
    by_key = {key_of(item): item for item in stored}
    result = []
    for row in rows:
        old = by_key.get(key_of(row.value)) if row.accepted else None
        result.append(row if old is None else replace(row, value=fill(row.value, old, row.cells)))
    return result


def _kept(new: T, old: T, given: Mapping[str, Any], fields: tuple[str, ...]) -> T:
    """`new` with the stored value of every field in `fields` its row does not give."""
    kept = {name: getattr(old, name) for name in fields if name not in given}
    return replace(new, **kept) if kept else new  # type: ignore[type-var]


def _organisation(new: Organisation, old: Organisation, given: Mapping[str, Any]) -> Organisation:
    result = _kept(new, old, given, ORGANISATION_FIELDS)
    if not any(column in given for column in DESCRIPTION_COLUMNS.values()):
        return replace(result, descriptions=old.descriptions)
    texts = []
    for language, column in DESCRIPTION_COLUMNS.items():
        text = (new if column in given else old).description(language)
        if text:
            texts.append(LocalizedText(language, text))
    return replace(result, descriptions=tuple(texts))


def _mission(new: Mission, old: Mission, given: Mapping[str, Any]) -> Mission:
    result = _kept(new, old, given, MISSION_FIELDS)
    if "venues" in given:
        stored_venues = {v.key: v for v in old.venues}
        venues = _nested(given["venues"], result.venues, stored_venues, VENUE_FIELDS)
        result = replace(result, venues=tuple(venues))
    if "programme" in given:
        stored_items = {p.key: p for p in old.programme}
        items = _nested(given["programme"], result.programme, stored_items, PROGRAMME_ITEM_FIELDS)
        result = replace(result, programme=tuple(items))
    return result


V = TypeVar("V", Venue, ProgrammeItem)


def _nested(
    cells: Any, items: tuple[V, ...], stored: dict[str, V], fields: tuple[str, ...]
) -> list[V]:
    """Venues or programme items of an accepted mission, each keeping what its object omits."""
    # An accepted mission's list is a list of objects, one per item, in the same order.
    objects: list[Mapping[str, Any]] = cells if isinstance(cells, list) else []
    result = []
    for item, given in zip(items, objects, strict=False):
        old = stored.get(item.key)
        result.append(item if old is None else _kept(item, old, given, fields))
    return result


# Venues an update removes ------------------------------------------------------------------


def removed_venue_problems(found: Found, existing: Dataset) -> list[Problem]:
    """A problem for each venue an update leaves out while something still uses it."""
    stored = {m.key: m for m in existing.missions}
    names = {p.email: p.full_name for p in existing.participants}
    problems = []
    for row in found.missions:
        before = stored.get(row.value.key) if row.accepted else None
        if before is None:
            continue
        kept = {v.key for v in row.value.venues}
        for venue in before.venues:
            if venue.key in kept:
                continue
            users = _venue_users(venue.key, row.value, existing.meetings, names)
            if users:
                reason = f"venue {venue.key!r} cannot be removed: {'; '.join(users)}"
                problems.append(row.problem("venues", reason))
    return problems


def _venue_users(
    venue: str, mission: Mission, meetings: Iterable[Meeting], names: Mapping[str, str]
) -> list[str]:
    """What uses `venue` in `mission` as it will be, said so that a person can find it."""
    users = []
    there = [m for m in meetings if m.mission == mission.key and m.venue == venue]
    if there:
        first = there[0]
        start = first.start.astimezone(ZoneInfo(mission.timezone))
        people = f"{_person(first.requester, names)} and {_person(first.requested, names)}"
        count = "1 stored meeting is" if len(there) == 1 else f"{len(there)} stored meetings are"
        users.append(f"{count} there ({people} on {start:%Y-%m-%d %H:%M})")
    users += [
        f"programme item {p.key!r} ({p.title}) is there"
        for p in mission.programme
        if p.venue == venue
    ]
    if any(venue in (t.from_venue, t.to_venue) for t in mission.travel_times):
        users.append("a travel time names it")
    return users


def _person(email: str, names: Mapping[str, str]) -> str:
    return f"{names[email]} <{email}>" if email in names else email
