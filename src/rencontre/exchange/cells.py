"""Reading typed values out of one row of a file, collecting located problems on the way.

Cells are read as people write them: a country's name for its code, a date-time without a
UTC offset in the row's time zone (`rencontre.exchange.zones`), an Excel date or date-time
cell as the date or time it shows, a day-first date as French and Dutch spreadsheets save
it (`10/06/2025 14:30`, `10-6-2025`). What was read that way is counted in the import's
`ReadingNotes`, so that its summary says so.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import TypeVar
from zoneinfo import ZoneInfo

from rencontre.core.countries import read_country
from rencontre.core.errors import Problem
from rencontre.core.participant import TimeWindow
from rencontre.core.validation import normalise_email
from rencontre.exchange.reading_notes import ReadingNotes
from rencontre.exchange.zones import LocalZone

E = TypeVar("E", bound=StrEnum)
T = TypeVar("T")

#: Separator of list items inside one CSV/XLSX cell (`;` may be the CSV delimiter itself).
LIST_SEPARATOR = "|"
#: Separator of the two ends of a time window (ISO 8601 interval notation).
INTERVAL_SEPARATOR = "/"

#: What a refused row holds where its date-time was bad, so that its other cells can be checked.
PLACEHOLDER_MOMENT = datetime(2000, 1, 1, tzinfo=UTC)

_TRUE = {"true", "yes", "1", "oui", "ja", "vrai", "waar"}
_FALSE = {"false", "no", "0", "non", "nee", "faux", "onwaar", ""}


class RowReader:
    """Typed access to the cells of one row; every bad cell becomes a `Problem`.

    Cells come as strings (CSV), strings or native values (XLSX, JSON). A getter that meets a
    bad value records the problem and returns a placeholder, so one pass finds every defect.
    `local_zone` is where date-times without an offset are read (refused when None); what is
    read leniently is counted in `notes`.
    """

    def __init__(
        self,
        file: str,
        row: int | None,
        cells: Mapping[str, object],
        *,
        notes: ReadingNotes | None = None,
        local_zone: LocalZone | None = None,
    ) -> None:
        self.file = file
        self.row = row
        self.cells = cells
        self.problems: list[Problem] = []
        self.notes = ReadingNotes() if notes is None else notes
        self.local_zone = local_zone

    def problem(self, field: str | None, reason: str) -> None:
        self.problems.append(Problem(self.file, self.row, field, reason))

    @property
    def ok(self) -> bool:
        return not self.problems

    def raw(self, name: str) -> object:
        value = self.cells.get(name)
        return "" if value is None else value

    def text(self, name: str, *, required: bool = False) -> str:
        """Free text, kept as written (a missing cell is the empty string)."""
        value = self.raw(name)
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            self.problem(name, f"expected text, got {_describe(value)}")
            return ""
        text = value if isinstance(value, str) else _number_text(value)
        if required and not text.strip():
            self.problem(name, "required value is missing")
        return text

    def key(self, name: str, *, required: bool = False) -> str:
        """An identifier (name, reference, code): surrounding spaces are dropped."""
        return self.text(name, required=required).strip()

    def email(self, name: str, *, required: bool = True) -> str:
        value = self.key(name, required=required)
        return self._convert(name, value, normalise_email) if value else ""

    def country(self, name: str, *, required: bool = True) -> str:
        """An ISO 3166-1 alpha-2 code, or a country's name read as its code."""
        value = self.key(name, required=required)
        return self._country(name, value) if value else ""

    def countries(self, name: str) -> tuple[str, ...]:
        """A list of countries, each a code or a name (see `country`)."""
        codes = (self._country(name, item) for item in self.items(name))
        return tuple(code for code in codes if code)

    def _country(self, name: str, written: str) -> str:
        try:
            code, was_name = read_country(written)
        except ValueError as error:
            self.problem(name, str(error))
            return ""
        if was_name:
            self.notes.country_names[(written, code)] += 1
        return code

    def choice(self, name: str, enum: type[E], default: E) -> E:
        value = self.key(name).lower()
        return self.optional_choice(name, enum) or default if value else default

    def optional_choice(self, name: str, enum: type[E]) -> E | None:
        value = self.key(name)
        return self._member(name, value, enum) if value else None

    def items(self, name: str) -> tuple[str, ...]:
        """A list: a JSON array, or `|`-separated items in one cell."""
        value = self.raw(name)
        if isinstance(value, list):
            if all(isinstance(v, str) for v in value):
                return tuple(v.strip() for v in value if v.strip())
            self.problem(name, "expected a list of texts")
            return ()
        text = self.text(name)
        return tuple(part.strip() for part in text.split(LIST_SEPARATOR) if part.strip())

    def choices(self, name: str, enum: type[E]) -> tuple[E, ...]:
        members = (self._member(name, value, enum) for value in self.items(name))
        return tuple(member for member in members if member is not None)

    def _member(self, name: str, value: str, enum: type[E]) -> E | None:
        try:
            return enum(value.lower())
        except ValueError:
            allowed = ", ".join(e.value for e in enum)
            self.problem(name, f"unknown value {value!r} (expected one of: {allowed})")
            return None

    def integer(
        self, name: str, *, default: int | None = None, required: bool = False
    ) -> int | None:
        value = self.raw(name)
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        text = self.key(name, required=required)
        if not text:
            return default
        try:
            return int(text)
        except ValueError:
            self.problem(name, f"expected a whole number, got {text!r}")
            return default

    def number(self, name: str) -> float | None:
        value = self.raw(name)
        if isinstance(value, int | float) and not isinstance(value, bool):
            return float(value)
        text = self.key(name).replace(",", ".")  # French and Dutch decimal commas
        if not text:
            return None
        try:
            return float(text)
        except ValueError:
            self.problem(name, f"expected a number, got {text!r}")
            return None

    def flag(self, name: str) -> bool:
        value = self.raw(name)
        if isinstance(value, bool):
            return value
        text = self.key(name).lower()
        if text in _TRUE or text in _FALSE:
            return text in _TRUE
        self.problem(name, f"expected true or false, got {text!r}")
        return False

    def day(self, name: str, *, required: bool = False) -> date | None:
        """A date: an Excel date cell, `YYYY-MM-DD`, or day first (`10/06/2025`)."""
        value = self.raw(name)
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        text = self.key(name, required=required)
        if not text:
            return None
        parsed = _read_day(text)
        if parsed is None:
            self.problem(name, f"expected a date as YYYY-MM-DD, got {text!r}")
        return parsed

    def moment(self, name: str, *, required: bool = False) -> datetime | None:
        """A date and time: an Excel date-time cell or ISO 8601 text, with or without its UTC
        offset (without, it is read in `local_zone`), or day first (`10/06/2025 14:30`)."""
        value = self.raw(name)
        if isinstance(value, datetime):
            return value if value.tzinfo else self._localised(name, value, value.isoformat())
        if isinstance(value, date):
            self.problem(name, f"expected a date and time, got the date {value.isoformat()}")
            return None
        text = self.key(name, required=required)
        return self._moment_text(name, text) if text else None

    def windows(self, name: str) -> tuple[TimeWindow, ...]:
        """Time windows written `start/end`, several separated by `|`."""
        result = []
        for item in self.items(name):
            ends = item.split(INTERVAL_SEPARATOR)
            if len(ends) != 2:
                self.problem(name, f"expected start{INTERVAL_SEPARATOR}end, got {item!r}")
                continue
            start, end = (self._moment_text(name, e.strip()) for e in ends)
            if start is None or end is None:
                continue
            if end <= start:
                self.problem(name, f"window {item!r} ends before it starts")
                continue
            result.append(TimeWindow(start, end))
        return tuple(result)

    def _moment_text(self, name: str, text: str) -> datetime | None:
        value = _read_moment(text)
        if value is None:
            self.problem(name, f"expected a date and time such as {_EXAMPLE}, got {text!r}")
            return None
        return value if value.tzinfo else self._localised(name, value, text)

    def _localised(self, name: str, value: datetime, written: str) -> datetime | None:
        """`value` (no offset) read in the row's time zone; a problem when there is none."""
        zone = self.local_zone
        if zone is None or zone.name is None:
            why = f": {zone.why_not}" if zone is not None and zone.why_not else ""
            self.problem(name, f"{written!r} has no UTC offset ({_OFFSET_HINT}){why}")
            return None
        aware = value.replace(tzinfo=ZoneInfo(zone.name))
        # A time skipped when clocks go forward exists nowhere; say so rather than shift it.
        if aware.astimezone(UTC).astimezone(aware.tzinfo).replace(tzinfo=None) != value:
            self.problem(name, f"{written!r} does not exist in {zone.name} (clocks go forward)")
            return None
        self.notes.local_times[zone.name] += 1
        return aware

    def _convert(self, name: str, text: str, convert: Callable[[str], T], expected: str = "") -> T:
        try:
            return convert(text)
        except ValueError as error:
            self.problem(name, f"expected {expected}, got {text!r}" if expected else str(error))
            return text  # type: ignore[return-value]  # placeholder; the row is refused anyway


_EXAMPLE = "2025-06-10T09:00+02:00"
_OFFSET_HINT = f"write e.g. {_EXAMPLE}"
# Day first, as French, Belgian and Dutch spreadsheets save dates: 10/06/2025, 10-6-2025 14:30.
_DAY_FIRST = re.compile(
    r"(?P<d>\d{1,2})[/.-](?P<m>\d{1,2})[/.-](?P<y>\d{4})"
    r"(?:[ T](?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2}))?)?"
)


def _read_day(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        moment = _day_first(text)
        return None if moment is None or moment.time() != datetime.min.time() else moment.date()


def _read_moment(text: str) -> datetime | None:
    """ISO 8601 (with or without offset) or a day-first date and time; None if neither."""
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return _day_first(text)


def _day_first(text: str) -> datetime | None:
    match = _DAY_FIRST.fullmatch(text.strip())
    if match is None:
        return None
    parts = {k: int(v) for k, v in match.groupdict().items() if v is not None}
    try:
        return datetime(parts["y"], parts["m"], parts["d"],
                        parts.get("H", 0), parts.get("M", 0), parts.get("S", 0))  # fmt: skip
    except ValueError:
        return None


def _number_text(value: int | float) -> str:
    return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)


def _describe(value: object) -> str:
    return (
        type(value).__name__
        if not isinstance(value, list | dict)
        else "a JSON " + ("array" if isinstance(value, list) else "object")
    )
