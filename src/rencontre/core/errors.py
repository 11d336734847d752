"""Typed domain errors that carry data a person can act on."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Problem:
    """One located defect in user input: which file, row, field, and why."""

    file: str
    row: int | None
    field: str | None
    reason: str

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f", row {self.row}"
        if self.field:
            where += f", field '{self.field}'"
        return f"{where}: {self.reason}"


@dataclass
class InvalidInput(Exception):
    """Raised when input is refused; `problems` lists every defect found."""

    problems: list[Problem] = field(default_factory=list)

    def __str__(self) -> str:
        if not self.problems:
            return "invalid input"
        first = str(self.problems[0])
        more = len(self.problems) - 1
        return first if more == 0 else f"{first} (and {more} more problem{'s' * (more > 1)})"
