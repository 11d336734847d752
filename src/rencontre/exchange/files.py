"""Reading a set of files as one import, and writing a `Dataset` as one file per kind."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from pathlib import Path
from typing import TypeVar

from rencontre.core.dataset import Dataset
from rencontre.core.errors import InvalidInput, Problem
from rencontre.core.input_limits import InputLimits
from rencontre.core.meeting import MeetingRequest
from rencontre.exchange import parse
from rencontre.exchange.cells import RowReader
from rencontre.exchange.checks import check_found
from rencontre.exchange.columns import COLUMNS, REQUIRED, flat_rows
from rencontre.exchange.found import Found, Located
from rencontre.exchange.kinds import KINDS
from rencontre.exchange.missions import mission_item, parse_mission
from rencontre.exchange.request_pairs import pair_requests
from rencontre.exchange.sources import Loaded, Source, load
from rencontre.exchange.spellings import read_spellings
from rencontre.exchange.tables import write_csv, write_json, write_xlsx
from rencontre.exchange.text_encodings import WINDOWS_1252
from rencontre.exchange.updating import fill_from_stored, removed_venue_problems
from rencontre.exchange.zones import MissionZone, TimeZones

__all__ = ["KINDS", "FileFormat", "Incoming", "read_files", "read_import", "write_files"]

T = TypeVar("T")


class FileFormat(StrEnum):
    CSV = "csv"
    XLSX = "xlsx"
    JSON = "json"


@dataclass(frozen=True)
class Incoming:
    """What a set of files brings, ready to store.

    `dataset` holds every record read, whole (under `--update`, what a row leaves out is the
    stored value), and at most one request per pair of people: a request whose direction is
    stored replaces the stored one. `merged` are the requests that merging two directions
    made or changed.
    """

    dataset: Dataset
    merged: tuple[MeetingRequest, ...] = ()
    #: Under `--update`, meetings and outcomes left out of `dataset` because they are stored
    #: exactly as given (by `Dataset` field name).
    unchanged: Mapping[str, int] = field(default_factory=dict)
    #: What was read leniently, one sentence each ("12 times without a UTC offset were read
    #: in Europe/Paris"), for the import's summary.
    notes: tuple[str, ...] = ()


def read_files(
    paths: Sequence[Path],
    existing: Dataset = Dataset(),
    *,
    on_file: Callable[[Path], None] | None = None,
    limits: InputLimits = InputLimits(),
) -> Dataset:
    """Every object in `paths` (any order), checked against each other and `existing`.

    A plain import (see `read_import`): mutual requests are merged, stored keys refused.
    """
    return read_import(paths, existing, on_file=on_file, limits=limits).dataset


def read_import(
    paths: Sequence[Path],
    existing: Dataset = Dataset(),
    *,
    update: bool = False,
    on_file: Callable[[Path], None] | None = None,
    limits: InputLimits = InputLimits(),
) -> Incoming:
    """Every object in `paths` (any order), checked against each other and `existing`.

    Raise InvalidInput listing every problem (file, row, field, reason) when anything is
    wrong, file by file in the order given and row by row; nothing is returned then, so
    nothing can be half-imported. A workbook may hold one kind per sheet
    (`rencontre.exchange.sources`). Duplicates and references between files are checked on
    every row that could be read, refused or not (see `rencontre.exchange.checks` for how
    they avoid repeating a problem already reported). With `update`, rows that name stored
    records update them (`rencontre.exchange.updating`); without, they are refused. Mutual
    requests are merged either way (`rencontre.exchange.request_pairs`). `on_file` is
    called after each file is read (for progress bars). A file past `limits` (size, rows)
    is refused before it is read, or as soon as its reading passes them. A CSV file that
    is not UTF-8 is read as Windows-1252 (`rencontre.exchange.text_encodings`), and the
    notes say so.
    """
    loaded = Loaded()
    for path in paths:
        load(path, loaded, limits)
        if on_file is not None:
            on_file(path)
    found = Found(unread=set(loaded.unread))
    for source in loaded.sources:
        if source.table.encoding == WINDOWS_1252:
            found.notes.windows_1252_files.append(source.label)
    problems = list(loaded.problems)
    # Missions first: the rows of the other kinds read their times in their missions' zones.
    stored_zones = {m.key: m.timezone for m in existing.missions} if update else {}
    stored_venues = {m.key: [v.key for v in m.venues] for m in existing.missions} if update else {}
    for source in loaded.sources:
        if source.kind == "missions":
            problems += _read_missions(source, found, stored_venues, stored_zones)
    zones = _time_zones(found, existing)
    for source in loaded.sources:
        if source.kind != "missions":
            problems += _read_rows(source, found, zones)
    read_spellings(found, existing, update=update)
    if update:
        fill_from_stored(found, existing)
    problems += check_found(found, existing, update=update)
    if update:
        problems += removed_venue_problems(found, existing)
    if problems:
        raise InvalidInput(_in_file_order(problems, loaded.labels))
    rows = [r for r in found.meeting_requests if r.accepted]
    paired = pair_requests(rows, existing.meeting_requests)
    dataset = replace(found.dataset(), meeting_requests=paired.requests)
    notes = found.notes.lines()
    if not update:
        return Incoming(dataset, paired.merged, notes=notes)
    # The checks let through only meetings identical to the stored ones of their pair.
    stored_pairs = {(m.mission, m.pair) for m in existing.meetings}
    meetings = tuple(m for m in dataset.meetings if (m.mission, m.pair) not in stored_pairs)
    outcomes = tuple(o for o in dataset.outcomes if o not in existing.outcomes)
    unchanged = {
        "meetings": len(dataset.meetings) - len(meetings),
        "outcomes": len(dataset.outcomes) - len(outcomes),
    }
    dataset = replace(dataset, meetings=meetings, outcomes=outcomes)
    return Incoming(dataset, paired.merged, unchanged, notes)


def _time_zones(found: Found, existing: Dataset) -> TimeZones:
    """The zones of the stored missions, as the missions read replace or add to them.

    A mission object that leaves out `participants` (under `--update`) keeps the stored ones.
    """
    stored = {m.key: m for m in existing.missions}
    missions = [MissionZone(m.key, m.timezone, m.participants) for m in existing.missions]
    for row in found.missions:
        mission = row.value
        people = mission.participants
        if "participants" not in row.cells and mission.key in stored:
            people = stored[mission.key].participants
        missions.append(MissionZone(mission.key, mission.timezone, people))
    return TimeZones(missions)


def _in_file_order(problems: list[Problem], labels: Sequence[str]) -> list[Problem]:
    """`problems` file by file (sheet by sheet) as given, then by row (stable within a row)."""
    position = {label: number for number, label in enumerate(labels)}
    return sorted(problems, key=lambda p: (position.get(p.file, len(position)), p.row or 0))


def _read_rows(source: Source, found: Found, zones: TimeZones) -> list[Problem]:
    """The problems of the rows of `source`; its rows, refused ones too, go into `found`."""
    table, kind = source.table, source.kind
    problems = _check_header(source)
    if problems:
        found.unread.add(kind)
        return problems
    parser = parse.PARSERS[kind]
    located: list[Located[object]] = getattr(found, kind)
    for row in table.rows:
        reader = RowReader(table.file, row.number, row.cells, notes=found.notes)
        if not table.header:  # JSON: keys are checked object by object
            for unknown in sorted(set(row.cells) - set(COLUMNS[kind])):
                reader.problem(unknown, "unknown key")
        value = parser(reader, zones)
        located.append(_located(table.file, row.number, value, reader.problems, row.cells))
        problems += reader.problems
    return problems


def _located(
    file: str, row: int, value: T, problems: list[Problem], cells: Mapping[str, object]
) -> Located[T]:
    return Located(file, row, value, frozenset(p.field for p in problems), cells)


def _read_missions(
    source: Source,
    found: Found,
    stored_venues: Mapping[str, Sequence[str]],
    stored_zones: Mapping[str, str],
) -> list[Problem]:
    problems = []
    table = source.table
    for row in table.rows:
        mission, mission_problems = parse_mission(
            table.file, row, stored_venues, stored_zones=stored_zones, notes=found.notes
        )
        found.missions.append(
            _located(table.file, row.number, mission, mission_problems, row.cells)
        )
        problems += mission_problems
    return problems


def _check_header(source: Source) -> list[Problem]:
    table = source.table
    if not table.header:
        return []
    problems = []
    columns = COLUMNS[source.kind]
    for position, name in enumerate(table.header):
        if name not in columns:
            reason = f"unknown column (expected some of: {', '.join(columns)})"
            problems.append(Problem(table.file, 1, name or f"column {position + 1}", reason))
        elif name in table.header[:position]:
            problems.append(Problem(table.file, 1, name, "column is given twice"))
    for name in columns:
        if name in REQUIRED[source.kind] and name not in table.header:
            problems.append(Problem(table.file, 1, name, "required column is missing"))
    return problems


def write_files(
    dataset: Dataset, directory: Path, file_format: FileFormat, *, excel: bool = False
) -> list[Path]:
    """One file per kind in `directory` (created if needed); `missions.json` in every format.

    Files are written even for kinds with no objects (a header, or an empty JSON list). With
    `excel` (CSV only), the CSV files are the ones French and Dutch Excel open as they are:
    `;`-separated UTF-8 with a byte-order mark (`rencontre.exchange.tables.write_csv`).
    """
    if excel and file_format is not FileFormat.CSV:
        raise ValueError("the Excel variant is a kind of CSV: use it with the CSV format")
    directory.mkdir(parents=True, exist_ok=True)
    rows = flat_rows(dataset)
    written = []
    for kind in KINDS:
        if kind == "missions":
            path = directory / "missions.json"
            write_json(path, [mission_item(m) for m in dataset.missions])
        else:
            path = directory / f"{kind}.{file_format.value}"
            if file_format is FileFormat.CSV:
                write_csv(path, COLUMNS[kind], rows[kind], excel=excel)
            elif file_format is FileFormat.XLSX:
                write_xlsx(path, kind, COLUMNS[kind], rows[kind])
            else:
                write_json(path, rows[kind])
        written.append(path)
    return written
