"""Updating a stored mission in place from a new version of it (`rencontre import --update`).

- the mission's own fields are overwritten;
- venues are matched by key and updated in place, so their rows (which meetings and programme
  items point at) stay; new ones are added; one the new version leaves out is deleted, unless
  a stored meeting is there (the import refuses that earlier, naming the file and row);
- programme items are matched by key and updated in place; an item whose start, end, venue,
  title or description changes gets its `sequence` raised by one, so calendars holding it
  take the new version (`ProgrammeItem.uid` stays); the `sequence` a file gives is only used
  for a new item;
- travel times, the participants list and each item's audience are replaced.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import replace

from sqlalchemy import select
from sqlalchemy.orm import Session

from rencontre.core.errors import InvalidInput, Problem
from rencontre.core.mission import Mission, ProgrammeItem
from rencontre.store import convert
from rencontre.store.child_rows import replace_children
from rencontre.store.models import (
    MeetingRow,
    MissionParticipantRow,
    MissionRow,
    ParticipantRow,
    ProgrammeAudienceRow,
    ProgrammeItemRow,
    TravelTimeRow,
    VenueRow,
    VenueTableChangeRow,
)

#: What makes a programme item a new version for calendars (its SEQUENCE grows).
MOVING_FIELDS = ("start", "end", "venue", "title", "description")


def with_sequences(mission: Mission, stored: Mission) -> Mission:
    """`mission` whose programme items carry their stored sequence, raised where they moved."""
    before = {p.key: p for p in stored.programme}
    items = []
    for item in mission.programme:
        old = before.get(item.key)
        if old is None:
            items.append(item)
        else:
            moved = any(getattr(item, name) != getattr(old, name) for name in MOVING_FIELDS)
            items.append(replace(item, sequence=old.sequence + int(moved)))
    return replace(mission, programme=tuple(items))


def update_mission(session: Session, row: MissionRow, mission: Mission) -> bool:
    """Make the stored mission `row` hold `mission`; False when nothing differs."""
    new = with_sequences(mission, convert.mission_from_row(row))
    if new == convert.mission_from_row(row):
        return False
    row.title, row.start_date, row.end_date = new.title, new.start_date, new.end_date
    row.timezone, row.description = new.timezone, new.description
    row.slot_minutes = new.slot_minutes
    row.languages = ",".join(language.value for language in new.languages)
    row.requests_close_at = new.requests_close_at
    venues, removed = _update_venues(session, row, new)
    session.flush()
    people = _people(session, new)
    _update_travel_times(session, row, new, venues)
    _update_programme(session, row, new, venues, people)
    if [p.participant.email for p in row.participants] != list(new.participants):
        row.participants.clear()
        session.flush()
        row.participants.extend(
            MissionParticipantRow(position=i, participant=people[e])
            for i, e in enumerate(new.participants)
        )
    session.flush()
    _remove_venues(session, row, removed)
    return True


def _update_venues(
    session: Session, row: MissionRow, mission: Mission
) -> tuple[dict[str, VenueRow], list[VenueRow]]:
    """Venues updated in place or added, in the new order; the left-out ones are returned."""
    stored = {v.key: v for v in row.venues}
    ordered = []
    for position, venue in enumerate(mission.venues):
        venue_row = stored.get(venue.key)
        if venue_row is None:
            ordered.append(convert.venue_to_row(position, venue))
            continue
        venue_row.position, venue_row.name = position, venue.name
        venue_row.address, venue_row.city, venue_row.tables = (
            venue.address,
            venue.city,
            venue.tables,
        )
        changes = [
            VenueTableChangeRow(position=i, start=c.start, tables=c.tables)
            for i, c in enumerate(venue.table_changes)
        ]
        replace_children(session, venue_row.table_changes, changes)
        ordered.append(venue_row)
    kept = {v.key for v in mission.venues}
    removed = [v for v in row.venues if v.key not in kept]
    row.venues = [*ordered, *removed]  # removed ones go once nothing points at them
    return {v.key: v for v in ordered}, removed


def _update_travel_times(
    session: Session, row: MissionRow, mission: Mission, venues: Mapping[str, VenueRow]
) -> None:
    current = [(t.from_venue.key, t.to_venue.key, t.minutes) for t in row.travel_times]
    if current == [(t.from_venue, t.to_venue, t.minutes) for t in mission.travel_times]:
        return
    row.travel_times.clear()
    session.flush()
    row.travel_times.extend(
        TravelTimeRow(
            position=i,
            from_venue=_venue(venues, t.from_venue, mission.key),
            to_venue=_venue(venues, t.to_venue, mission.key),
            minutes=t.minutes,
        )
        for i, t in enumerate(mission.travel_times)
    )


def _update_programme(
    session: Session,
    row: MissionRow,
    mission: Mission,
    venues: Mapping[str, VenueRow],
    people: Mapping[str, ParticipantRow],
) -> None:
    stored = {p.key: p for p in row.programme}
    ordered = []
    for position, item in enumerate(mission.programme):
        item_row = stored.get(item.key) or ProgrammeItemRow(key=item.key)
        item_row.position, item_row.title, item_row.kind = position, item.title, item.kind.value
        item_row.start, item_row.end, item_row.description = item.start, item.end, item.description
        item_row.sequence = item.sequence
        item_row.venue = _venue(venues, item.venue, mission.key)
        _update_audience(session, item_row, item, people)
        ordered.append(item_row)
    row.programme = ordered  # items left out are deleted (delete-orphan)


def _update_audience(
    session: Session,
    item_row: ProgrammeItemRow,
    item: ProgrammeItem,
    people: Mapping[str, ParticipantRow],
) -> None:
    if [a.participant.email for a in item_row.audience] == list(item.audience):
        return
    if item_row.audience:
        item_row.audience.clear()
        session.flush()
    item_row.audience.extend(
        ProgrammeAudienceRow(position=i, participant=people[e]) for i, e in enumerate(item.audience)
    )


def _people(session: Session, mission: Mission) -> dict[str, ParticipantRow]:
    """The participant rows `mission` names; InvalidInput for an unknown one."""
    emails = {*mission.participants, *(e for item in mission.programme for e in item.audience)}
    rows = session.scalars(select(ParticipantRow).where(ParticipantRow.email.in_(emails)))
    people = {r.email: r for r in rows}
    missing = sorted(emails - set(people))
    if missing:
        reason = f"unknown participant {missing[0]!r}"
        raise InvalidInput([Problem(f"missions ({mission.key})", None, "participants", reason)])
    return people


def _venue(venues: Mapping[str, VenueRow], key: str, mission: str) -> VenueRow:
    if key not in venues:
        reason = f"unknown venue {key!r}"
        raise InvalidInput([Problem(f"missions ({mission})", None, "venues", reason)])
    return venues[key]


def _remove_venues(session: Session, row: MissionRow, removed: Collection[VenueRow]) -> None:
    """Delete the venues left out; refuse when a stored meeting is still there."""
    if not removed:
        return
    ids = [v.id for v in removed]
    used = session.scalars(select(MeetingRow.venue_id).where(MeetingRow.venue_id.in_(ids))).first()
    if used is not None:
        key = next(v.key for v in removed if v.id == used)
        reason = f"venue {key!r} cannot be removed: stored meetings are there"
        raise InvalidInput([Problem(f"missions ({row.key})", None, "venues", reason)])
    row.venues = [v for v in row.venues if v not in removed]
    session.flush()
