"""Reading typed values out of one row of a file, collecting located problems on the way."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import TypeVar

from rencontre.core.countries import normalise_country
from rencontre.core.errors import Problem
from rencontre.core.participant import TimeWindow
from rencontre.core.validation import normalise_email

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
    """

    def __init__(self, file: str, row: int | None, cells: Mapping[str, object]) -> None:
        self.file = file
        self.row = row
        self.cells = cells
        self.problems: list[Problem] = []

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
        value = self.key(name, required=required)
        return self._convert(name, value, normalise_country) if value else ""

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
        value = self.raw(name)
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        text = self.key(name, required=required)
        return (
            self._convert(name, text, date.fromisoformat, "a date as YYYY-MM-DD") if text else None
        )

    def moment(self, name: str, *, required: bool = False) -> datetime | None:
        value = self.raw(name)
        if isinstance(value, datetime):
            return self._aware(name, value)
        text = self.key(name, required=required)
        return parse_moment(text, lambda reason: self.problem(name, reason)) if text else None

    def windows(self, name: str) -> tuple[TimeWindow, ...]:
        """Time windows written `start/end`, several separated by `|`."""
        result = []
        for item in self.items(name):
            ends = item.split(INTERVAL_SEPARATOR)
            if len(ends) != 2:
                self.problem(name, f"expected start{INTERVAL_SEPARATOR}end, got {item!r}")
                continue
            start, end = (parse_moment(e.strip(), lambda r: self.problem(name, r)) for e in ends)
            if start is None or end is None:
                continue
            if end <= start:
                self.problem(name, f"window {item!r} ends before it starts")
                continue
            result.append(TimeWindow(start, end))
        return tuple(result)

    def _aware(self, name: str, value: datetime) -> datetime | None:
        if value.tzinfo is None:
            self.problem(name, f"{value.isoformat()} has no UTC offset ({_OFFSET_HINT})")
            return None
        return value

    def _convert(self, name: str, text: str, convert: Callable[[str], T], expected: str = "") -> T:
        try:
            return convert(text)
        except ValueError as error:
            self.problem(name, f"expected {expected}, got {text!r}" if expected else str(error))
            return text  # type: ignore[return-value]  # placeholder; the row is refused anyway


_OFFSET_HINT = "write e.g. 2025-06-10T09:00+02:00"


def parse_moment(text: str, report: Callable[[str], None]) -> datetime | None:
    """An ISO 8601 date and time with its UTC offset; `report` hears why not."""
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        report(f"expected a date and time such as 2025-06-10T09:00+02:00, got {text!r}")
        return None
    if value.tzinfo is None:
        report(f"{text!r} has no UTC offset ({_OFFSET_HINT})")
        return None
    return value


def _number_text(value: int | float) -> str:
    return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)


def _describe(value: object) -> str:
    return (
        type(value).__name__
        if not isinstance(value, list | dict)
        else "a JSON " + ("array" if isinstance(value, list) else "object")
    )
