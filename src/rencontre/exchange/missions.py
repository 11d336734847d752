"""`missions.json`: missions with their venues, travel times, programme and participants.

A JSON list of objects:
`{"key", "title", "start_date", "end_date", "timezone", "description", "slot_minutes",
"venues": [{"key", "name", "address", "city", "tables", "table_changes": [{"start",
"tables"}]}], "travel_times": [{"from_venue", "to_venue", "minutes"}],
"programme": [{"key", "title", "kind", "start", "end", "venue", "audience": [e-mails],
"description", "sequence"}], "participants": [e-mails], "languages": [codes],
"requests_close_at"}`; every field,
its type and default are described in the data formats document (`docs/data-formats.md`).

Date-times are ISO 8601, written in the mission's time zone with their UTC offset; one
without an offset is read in the mission's `timezone` (its stored one under `--update` when
the object leaves `timezone` out). A venue's optional `table_changes` say how many B2B tables
it has from a moment on (a room lost or gained on the day); a programme item's optional
`sequence` is its iCalendar SEQUENCE (0 by default); `languages` are the mission's working
languages in order (ISO 639-1 codes; `fr`, `nl`, `en` when absent or empty);
`requests_close_at`, optional, is when participants can no longer send, answer or withdraw
meeting requests on the web (written only when set). Problems name
the mission's position in the list as the row and a path such as `programme[2].venue` as the
field.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any
from zoneinfo import ZoneInfo

from rencontre.core.enums import Language, ProgrammeItemKind
from rencontre.core.errors import Problem
from rencontre.core.mission import (
    DEFAULT_LANGUAGES,
    Mission,
    ProgrammeItem,
    TableChange,
    TravelTime,
    Venue,
)
from rencontre.exchange.cells import PLACEHOLDER_MOMENT, RowReader
from rencontre.exchange.columns import moment_text
from rencontre.exchange.names import did_you_mean
from rencontre.exchange.parse import sequence_number
from rencontre.exchange.reading_notes import ReadingNotes
from rencontre.exchange.tables import Row
from rencontre.exchange.zones import DEFAULT_ZONE, LocalZone, is_zone

MISSION_KEYS = frozenset(
    {"key", "title", "start_date", "end_date", "timezone", "description", "slot_minutes",
     "venues", "travel_times", "programme", "participants", "languages", "requests_close_at"}
)  # fmt: skip


class _Part(RowReader):
    """A reader of a nested object whose problems name their path in the mission."""

    def __init__(self, parent: RowReader, path: str, cells: Mapping[str, object]) -> None:
        super().__init__(
            parent.file, parent.row, cells, notes=parent.notes, local_zone=parent.local_zone
        )
        self.problems = parent.problems
        self.path = path

    def problem(self, field: str | None, reason: str) -> None:
        super().problem(f"{self.path}.{field}" if field else self.path, reason)


def _objects(row: RowReader, name: str) -> list[tuple[str, Mapping[str, Any]]]:
    value = row.raw(name)
    if value == "":
        return []
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        row.problem(name, "expected a list of objects")
        return []
    return [(f"{name}[{i}]", item) for i, item in enumerate(value, start=1)]


def parse_mission(
    file: str,
    source: Row,
    stored_venues: Mapping[str, Sequence[str]] | None = None,
    *,
    stored_zones: Mapping[str, str] | None = None,
    notes: ReadingNotes | None = None,
) -> tuple[Mission, list[Problem]]:
    """The mission of one item of `missions.json` and the problems found in it.

    With problems, the mission is refused and holds placeholders where values were bad; it
    is returned anyway so that its key still exists for the rows that name it.
    `stored_venues` (mission key → venue keys, under `--update`) are the venues a mission
    object without `venues` keeps, which its programme and travel times may name;
    `stored_zones` (mission key → time zone, under `--update`) the time zone a mission object
    without `timezone` keeps, in which its times without an offset are read.
    """
    row = RowReader(file, source.number, source.cells, notes=notes)
    for unknown in sorted(set(source.cells) - MISSION_KEYS):
        row.problem(unknown, "unknown key")
    key = row.key("key", required=True)
    kept_zone = (stored_zones or {}).get(key) if "timezone" not in source.cells else None
    zone = row.key("timezone") or kept_zone or DEFAULT_ZONE
    if is_zone(zone):
        row.local_zone = LocalZone(zone)
    else:
        row.problem("timezone", f"unknown time zone {zone!r} (write e.g. {DEFAULT_ZONE})")
    start_date, end_date = row.day("start_date", required=True), row.day("end_date", required=True)
    if start_date and end_date and end_date < start_date:
        row.problem("end_date", "the mission ends before it starts")
    slot_minutes = row.integer("slot_minutes", default=20)
    if slot_minutes is not None and slot_minutes <= 0:
        row.problem("slot_minutes", f"must be positive, got {slot_minutes}")
    venues = tuple(_venue(_Part(row, path, cells)) for path, cells in _objects(row, "venues"))
    venue_keys = [v.key for v in venues]
    if "venues" not in source.cells and stored_venues:
        venue_keys = list(stored_venues.get(key, ()))
    for position, venue_key in enumerate(venue_keys):
        if venue_key in venue_keys[:position]:
            row.problem(f"venues[{position + 1}].key", f"venue {venue_key!r} is given twice")
    travel = tuple(
        _travel(_Part(row, path, cells), venue_keys)
        for path, cells in _objects(row, "travel_times")
    )
    programme = tuple(
        _item(_Part(row, path, cells), venue_keys) for path, cells in _objects(row, "programme")
    )
    item_keys = [p.key for p in programme]
    for position, item_key in enumerate(item_keys):
        if item_key in item_keys[:position]:
            row.problem(f"programme[{position + 1}].key", f"item {item_key!r} is given twice")
    people = _emails(row, "participants")
    mission = Mission(
        key=key,
        title=row.text("title", required=True),
        start_date=start_date or PLACEHOLDER_MOMENT.date(),  # the row is refused anyway
        end_date=end_date or PLACEHOLDER_MOMENT.date(),
        timezone=zone,
        description=row.text("description"),
        venues=venues,
        travel_times=travel,
        programme=programme,
        slot_minutes=20 if slot_minutes is None else slot_minutes,
        participants=people,
        languages=row.choices("languages", Language) or DEFAULT_LANGUAGES,
        requests_close_at=row.moment("requests_close_at"),
    )
    return mission, row.problems


def _emails(row: RowReader, name: str) -> tuple[str, ...]:
    emails = []
    for position, value in enumerate(row.items(name), start=1):
        part = _Part(row, f"{name}[{position}]", {"email": value})
        email = part.email("email")
        if email in emails:
            part.problem("email", f"{email!r} is given twice")
        emails.append(email)
    return tuple(emails)


def _venue(part: _Part) -> Venue:
    tables = part.integer("tables", default=0)
    changes = tuple(
        _table_change(_Part(part, f"{part.path}.{path}", cells))
        for path, cells in _objects(part, "table_changes")
    )
    return Venue(
        key=part.key("key", required=True),
        name=part.text("name", required=True),
        address=part.text("address"),
        city=part.text("city"),
        tables=0 if tables is None else tables,
        table_changes=changes,
    )


def _table_change(part: _Part) -> TableChange:
    start = part.moment("start", required=True)
    tables = part.integer("tables", required=True)
    if tables is not None and tables < 0:
        part.problem("tables", f"must be 0 or more, got {tables}")
    return TableChange(start or PLACEHOLDER_MOMENT, tables or 0)


def _known_venue(part: _Part, name: str, venues: list[str]) -> str:
    key = part.key(name, required=True)
    if key and key not in venues:
        part.problem(name, f"unknown venue {key!r}{did_you_mean(key, venues)}")
    return key


def _travel(part: _Part, venues: list[str]) -> TravelTime:
    minutes = part.integer("minutes", required=True)
    return TravelTime(
        _known_venue(part, "from_venue", venues),
        _known_venue(part, "to_venue", venues),
        0 if minutes is None else minutes,
    )


def _item(part: _Part, venues: list[str]) -> ProgrammeItem:
    if not part.key("kind"):
        part.problem("kind", "required value is missing")
    start, end = part.moment("start", required=True), part.moment("end", required=True)
    if start is not None and end is not None and end <= start:
        part.problem("end", "the item ends before it starts")
    return ProgrammeItem(
        key=part.key("key", required=True),
        title=part.text("title", required=True),
        kind=part.choice("kind", ProgrammeItemKind, ProgrammeItemKind.TALK),
        start=start or PLACEHOLDER_MOMENT,  # the row is refused anyway
        end=end or PLACEHOLDER_MOMENT,
        venue=_known_venue(part, "venue", venues),
        audience=_emails(part, "audience"),
        description=part.text("description"),
        sequence=sequence_number(part),
    )


def mission_item(mission: Mission) -> dict[str, object]:
    """`mission` as one object of `missions.json`."""
    zone = ZoneInfo(mission.timezone)
    item: dict[str, object] = {
        "key": mission.key,
        "title": mission.title,
        "start_date": mission.start_date.isoformat(),
        "end_date": mission.end_date.isoformat(),
        "timezone": mission.timezone,
        "description": mission.description,
        "slot_minutes": mission.slot_minutes,
        "venues": [
            {"key": v.key, "name": v.name, "address": v.address, "city": v.city,
             "tables": v.tables,
             "table_changes": [{"start": moment_text(c.start, zone), "tables": c.tables}
                               for c in v.table_changes]}
            for v in mission.venues
        ],
        "travel_times": [
            {"from_venue": t.from_venue, "to_venue": t.to_venue, "minutes": t.minutes}
            for t in mission.travel_times
        ],
        "programme": [
            {"key": p.key, "title": p.title, "kind": p.kind.value,
             "start": moment_text(p.start, zone), "end": moment_text(p.end, zone),
             "venue": p.venue, "audience": list(p.audience), "description": p.description,
             "sequence": p.sequence}
            for p in mission.programme
        ],
        "participants": list(mission.participants),
        "languages": [language.value for language in mission.languages],
    }  # fmt: skip
    if mission.requests_close_at is not None:  # written only when set: absent means open
        item["requests_close_at"] = moment_text(mission.requests_close_at, zone)
    return item
