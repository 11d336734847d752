"""Organisation names spelt otherwise read as the name they spell (`names.same_name`).

A participant's or an opportunity's `organisation` that names no organisation exactly, but
is one known organisation's name with other apostrophes, spaces or capitals ("Volt’Hauts"
for "Volt'Hauts"), is read as that organisation: nobody means another one. Under `--update`
an organisations row spelt so updates the stored organisation, whose name is kept as stored.
Each reading is counted in the import's notes, so that the summary says so. A spelling that
could be two organisations is left as written: the checks then call it unknown, with both
names as suggestions.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import TypeVar

from rencontre.core.dataset import Dataset
from rencontre.exchange.found import Found, Located
from rencontre.exchange.names import same_name
from rencontre.exchange.reading_notes import ReadingNotes

T = TypeVar("T")


def read_spellings(found: Found, existing: Dataset, *, update: bool) -> None:
    """Rewrite, in `found`, organisation names spelt otherwise to the names they spell."""
    stored = [o.name for o in existing.organisations]
    if update:
        found.organisations[:] = [
            _named(row, row.value.name, _spelling_of(row.value.name, stored), found.notes)
            for row in found.organisations
        ]
    known = [*stored, *(row.value.name for row in found.organisations)]
    found.participants[:] = [
        _named(row, row.value.organisation, _spelling_of(row.value.organisation, known),
               found.notes, "organisation")
        for row in found.participants
    ]  # fmt: skip
    found.opportunities[:] = [
        _named(row, row.value.organisation, _spelling_of(row.value.organisation, known),
               found.notes, "organisation")
        for row in found.opportunities
    ]  # fmt: skip


def _spelling_of(written: str, known: Iterable[str]) -> str | None:
    """The one known name `written` spells otherwise; None if exact, unknown or ambiguous."""
    names = set(known)
    if not written or written in names:
        return None
    matches = {name for name in names if same_name(name) == same_name(written)}
    return matches.pop() if len(matches) == 1 else None


def _named(
    row: Located[T], written: str, known: str | None, notes: ReadingNotes, field: str = "name"
) -> Located[T]:
    if known is None or row.has_problem_on(field):
        return row
    notes.other_spellings[(written, known)] += 1
    return replace(row, value=replace(row.value, **{field: known}))  # type: ignore[type-var]
