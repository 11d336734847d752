"""The tables a file brings: one for a CSV or JSON file, one per sheet of a workbook.

The kind of a CSV or JSON file comes from its name (`rencontre.exchange.kinds`). A workbook
is read one of two ways:

- when one of its sheets is named after a kind (`organisations`, `Participants`, `meeting
  requests (final)`…), sheet by sheet, whatever the file is called: each sheet holds the kind
  its title names. Every sheet with anything in it must then be named after a kind, since a
  sheet called `particpants` would otherwise be skipped without a word; empty sheets are
  ignored. A `missions` sheet is refused: missions are nested, so `missions.json` only.
- otherwise its file name gives the kind, and its first sheet holds it (further sheets are
  the organiser's own: notes, lists, drafts).

Problems in a workbook of several sheets name the sheet too: `mission.xlsx [participants]`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from rencontre.core.errors import InvalidInput, Problem
from rencontre.core.input_limits import InputLimits
from rencontre.exchange.kinds import SHEET_KINDS, kind_of_name
from rencontre.exchange.tables import Sheet, Table, read_sheets, read_table

#: Why a `missions` file or sheet that is not JSON is refused.
MISSIONS_ARE_NESTED = "missions are nested: use missions.json"


@dataclass(frozen=True)
class Source:
    """A table of one kind of object, and what problems call it (`label`)."""

    kind: str
    table: Table

    @property
    def label(self) -> str:
        return self.table.file


@dataclass
class Loaded:
    """What the files of an import hold, before any row is read."""

    sources: list[Source] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    #: Kinds some file or sheet of which could not be read; "*" when one's kind is unknown.
    unread: set[str] = field(default_factory=set)
    #: Every label, in the order the files were given: problems are sorted by it.
    labels: list[str] = field(default_factory=list)

    def refuse(self, label: str, kind: str, reason: str) -> None:
        self.problems.append(Problem(label, None, None, reason))
        self.unread.add(kind)
        self.name(label)

    def add(self, source: Source) -> None:
        self.sources.append(source)
        self.name(source.label)

    def name(self, label: str) -> None:
        """Count `label` among the labels, in order (once)."""
        if label not in self.labels:
            self.labels.append(label)


def load(path: Path, loaded: Loaded, limits: InputLimits = InputLimits()) -> None:
    """Add the tables of `path` to `loaded`, or the problems that keep them from being read
    (a file past `limits` among them)."""
    if path.suffix.lower() == ".xlsx":
        # A workbook cannot hold missions: name the kinds it can.
        named = kind_of_name(path.stem, accepted=SHEET_KINDS)
        try:
            sheets = read_sheets(path, limits)
        except InvalidInput as refused:
            loaded.problems += refused.problems
            loaded.unread.add(named.kind or "*")
            loaded.name(path.name)
            return
        if any(kind_of_name(sheet.title).kind for sheet in sheets):
            _load_sheets(path, sheets, loaded)
            return
        if named.kind is None:
            reason = named.reason.replace("start its name", "start its name (or its sheets')")
            loaded.refuse(path.name, "*", f"unknown kind of file: {reason}")
        elif named.kind == "missions":
            loaded.refuse(path.name, "missions", MISSIONS_ARE_NESTED)
        else:
            table = sheets[0].table(_sheet_label(path, sheets, sheets[0]))
            loaded.add(Source(named.kind, table))
        return
    named = kind_of_name(path.stem)
    if named.kind is None:
        loaded.refuse(path.name, "*", f"unknown kind of file: {named.reason}")
        return
    if named.kind == "missions" and path.suffix.lower() != ".json":
        loaded.refuse(path.name, "missions", MISSIONS_ARE_NESTED)
        return
    try:
        loaded.add(Source(named.kind, read_table(path, limits)))
    except InvalidInput as refused:
        loaded.problems += refused.problems
        loaded.unread.add(named.kind)
        loaded.name(path.name)


def _sheet_label(path: Path, sheets: list[Sheet], sheet: Sheet) -> str:
    """`mission.xlsx [participants]`; the file name alone for a workbook of one sheet."""
    return path.name if len(sheets) == 1 else f"{path.name} [{sheet.title}]"


def _load_sheets(path: Path, sheets: list[Sheet], loaded: Loaded) -> None:
    for sheet in sheets:
        label = _sheet_label(path, sheets, sheet)
        named = kind_of_name(sheet.title, accepted=SHEET_KINDS)
        if sheet.is_empty:
            continue
        if named.kind == "missions":
            loaded.refuse(label, "missions", f"{MISSIONS_ARE_NESTED}, not a sheet")
        elif named.kind is not None:
            loaded.add(Source(named.kind, sheet.table(label)))
        else:
            reason = named.reason.replace("start its name", "start the sheet's name")
            loaded.refuse(label, "*", f"unknown kind of sheet: {reason}, or remove the sheet")
