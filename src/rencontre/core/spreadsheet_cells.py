"""Text in spreadsheet cells that a spreadsheet shows and never runs as a formula.

A CSV cell starting with `=`, `+`, `-` or `@` (or a tab or carriage return before one) is a
formula to Excel and LibreOffice: a description such as `=HYPERLINK(…)` in an export could
run when an organiser opens it. As OWASP advises, such text is written with an apostrophe
before it, which spreadsheets read as "this is text"; reading takes the apostrophe off, so a
phone number `+33 …` or a name `-Dash-` comes back as it was. Text that already starts with
apostrophes before such a character gets one more, so that reading is always the exact
inverse of writing. Numbers are not text: a negative number is written as it is.
"""

from __future__ import annotations

from collections.abc import Iterable

#: What makes a spreadsheet read a cell as a formula (OWASP, "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _looks_like_formula(text: str) -> bool:
    """True when `text`, apostrophes before it taken off, starts like a formula."""
    return text.lstrip("'").startswith(FORMULA_STARTS)


def escape_formula(text: str, *, typed: bool = False) -> str:
    """`text` as written in a cell, with an apostrophe before it when it starts like a formula.

    With `typed` (a cell stored as text, as in XLSX, which never runs), only text that starts
    with an apostrophe gets one more, so that `unescape_formula` gives it back unchanged.
    """
    if not _looks_like_formula(text) or (typed and not text.startswith("'")):
        return text
    return "'" + text


def unescape_formula(text: str) -> str:
    """The text `escape_formula` wrote as `text`: its first apostrophe off if it added one."""
    if text.startswith("'") and _looks_like_formula(text[1:]):
        return text[1:]
    return text


def escape_row(values: Iterable[object]) -> list[object]:
    """A CSV row as written: its text escaped (`escape_formula`), numbers as they are."""
    return [escape_formula(v) if isinstance(v, str) else v for v in values]
