"""Reading a set of files as one import, and writing a `Dataset` as one file per kind."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from pathlib import Path
from typing import TypeVar

from rencontre.core.dataset import Dataset
from rencontre.core.errors import InvalidInput, Problem
from rencontre.core.meeting import MeetingRequest
from rencontre.exchange import parse
from rencontre.exchange.cells import RowReader
from rencontre.exchange.checks import check_found
from rencontre.exchange.columns import COLUMNS, REQUIRED, flat_rows
from rencontre.exchange.found import Found, Located
from rencontre.exchange.missions import mission_item, parse_mission
from rencontre.exchange.request_pairs import pair_requests
from rencontre.exchange.tables import Table, read_table, write_csv, write_json, write_xlsx
from rencontre.exchange.updating import fill_from_stored, removed_venue_problems

T = TypeVar("T")

#: Every kind of file, in the order an import stores them and an export writes them.
KINDS = (
    "organisations",
    "participants",
    "opportunities",
    "missions",
    "meeting_requests",
    "meetings",
    "outcomes",
)


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


def kind_of(path: Path) -> str | None:
    """The kind of objects a file holds, from its name (`participants.xlsx` → participants)."""
    stem = path.stem.lower()
    return stem if stem in KINDS else None


def read_files(
    paths: Sequence[Path],
    existing: Dataset = Dataset(),
    *,
    on_file: Callable[[Path], None] | None = None,
) -> Dataset:
    """Every object in `paths` (any order), checked against each other and `existing`.

    A plain import (see `read_import`): mutual requests are merged, stored keys refused.
    """
    return read_import(paths, existing, on_file=on_file).dataset


def read_import(
    paths: Sequence[Path],
    existing: Dataset = Dataset(),
    *,
    update: bool = False,
    on_file: Callable[[Path], None] | None = None,
) -> Incoming:
    """Every object in `paths` (any order), checked against each other and `existing`.

    Raise InvalidInput listing every problem (file, row, field, reason) when anything is
    wrong, file by file in the order given and row by row; nothing is returned then, so
    nothing can be half-imported. Duplicates and references between files are checked on
    every row that could be read, refused or not (see `rencontre.exchange.checks` for how
    they avoid repeating a problem already reported). With `update`, rows that name stored
    records update them (`rencontre.exchange.updating`); without, they are refused. Mutual
    requests are merged either way (`rencontre.exchange.request_pairs`). `on_file` is
    called after each file (for progress bars).
    """
    found = Found()
    problems: list[Problem] = []
    stored_venues = {m.key: [v.key for v in m.venues] for m in existing.missions} if update else {}
    for path in paths:
        problems += _read_file(path, found, stored_venues)
        if on_file is not None:
            on_file(path)
    if update:
        fill_from_stored(found, existing)
    problems += check_found(found, existing, update=update)
    if update:
        problems += removed_venue_problems(found, existing)
    if problems:
        raise InvalidInput(_in_file_order(problems, paths))
    rows = [r for r in found.meeting_requests if r.accepted]
    paired = pair_requests(rows, existing.meeting_requests)
    dataset = replace(found.dataset(), meeting_requests=paired.requests)
    if not update:
        return Incoming(dataset, paired.merged)
    # The checks let through only meetings identical to the stored ones of their pair.
    stored_pairs = {(m.mission, m.pair) for m in existing.meetings}
    meetings = tuple(m for m in dataset.meetings if (m.mission, m.pair) not in stored_pairs)
    outcomes = tuple(o for o in dataset.outcomes if o not in existing.outcomes)
    unchanged = {
        "meetings": len(dataset.meetings) - len(meetings),
        "outcomes": len(dataset.outcomes) - len(outcomes),
    }
    dataset = replace(dataset, meetings=meetings, outcomes=outcomes)
    return Incoming(dataset, paired.merged, unchanged)


def _in_file_order(problems: list[Problem], paths: Sequence[Path]) -> list[Problem]:
    """`problems` file by file as `paths` gives them, then by row (stable within a row)."""
    position: dict[str, int] = {}
    for path in paths:
        position.setdefault(path.name, len(position))
    return sorted(problems, key=lambda p: (position.get(p.file, len(position)), p.row or 0))


def _read_file(
    path: Path, found: Found, stored_venues: Mapping[str, Sequence[str]]
) -> list[Problem]:
    """The problems of the rows of `path`; its rows, refused ones too, go into `found`."""
    kind = kind_of(path)
    if kind is None:
        found.unread.add("*")
        expected = ", ".join(KINDS)
        return [Problem(path.name, None, None, f"unknown kind of file (name it one of {expected})")]
    if kind == "missions" and path.suffix.lower() != ".json":
        found.unread.add(kind)
        return [Problem(path.name, None, None, "missions are nested: use missions.json")]
    try:
        table = read_table(path)
    except InvalidInput as refused:
        found.unread.add(kind)
        return refused.problems
    if kind == "missions":
        return _read_missions(table, found, stored_venues)
    problems = _check_header(table, kind)
    if problems:
        found.unread.add(kind)
        return problems
    parser = parse.PARSERS[kind]
    located: list[Located[object]] = getattr(found, kind)
    for row in table.rows:
        reader = RowReader(table.file, row.number, row.cells)
        if not table.header:  # JSON: keys are checked object by object
            for unknown in sorted(set(row.cells) - set(COLUMNS[kind])):
                reader.problem(unknown, "unknown key")
        located.append(_located(table.file, row.number, parser(reader), reader.problems, row.cells))
        problems += reader.problems
    return problems


def _located(
    file: str, row: int, value: T, problems: list[Problem], cells: Mapping[str, object]
) -> Located[T]:
    return Located(file, row, value, frozenset(p.field for p in problems), cells)


def _read_missions(
    table: Table, found: Found, stored_venues: Mapping[str, Sequence[str]]
) -> list[Problem]:
    problems = []
    for row in table.rows:
        mission, mission_problems = parse_mission(table.file, row, stored_venues)
        found.missions.append(
            _located(table.file, row.number, mission, mission_problems, row.cells)
        )
        problems += mission_problems
    return problems


def _check_header(table: Table, kind: str) -> list[Problem]:
    if not table.header:
        return []
    problems = []
    columns = COLUMNS[kind]
    for position, name in enumerate(table.header):
        if name not in columns:
            reason = f"unknown column (expected some of: {', '.join(columns)})"
            problems.append(Problem(table.file, 1, name or f"column {position + 1}", reason))
        elif name in table.header[:position]:
            problems.append(Problem(table.file, 1, name, "column is given twice"))
    for name in columns:
        if name in REQUIRED[kind] and name not in table.header:
            problems.append(Problem(table.file, 1, name, "required column is missing"))
    return problems


def write_files(dataset: Dataset, directory: Path, file_format: FileFormat) -> list[Path]:
    """One file per kind in `directory` (created if needed); `missions.json` in every format.

    Files are written even for kinds with no objects (a header, or an empty JSON list).
    """
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
                write_csv(path, COLUMNS[kind], rows[kind])
            elif file_format is FileFormat.XLSX:
                write_xlsx(path, kind, COLUMNS[kind], rows[kind])
            else:
                write_json(path, rows[kind])
        written.append(path)
    return written
