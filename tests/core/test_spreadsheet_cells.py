"""Text that starts like a formula: escaped for spreadsheets, given back exactly on reading."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rencontre.core.spreadsheet_cells import escape_formula, escape_row, unescape_formula

# Text built mostly from the characters that matter, so that every case comes up often.
TEXT = st.text(alphabet=st.sampled_from(["=", "+", "-", "@", "\t", "\r", "'", "a", " ", "1"]))


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("=1+1", "'=1+1"),
        ("+33 6 12 34 56 78", "'+33 6 12 34 56 78"),
        ("-Dash-", "'-Dash-"),
        ("@handle", "'@handle"),
        ("\t=cmd", "'\t=cmd"),
        ("\r=cmd", "'\r=cmd"),
        ("'=1+1", "''=1+1"),
        ("'tis fine", "'tis fine"),
        ("1+1=2", "1+1=2"),
        ("", ""),
    ],
)
def test_text_that_starts_like_a_formula_gets_an_apostrophe(text: str, written: str) -> None:
    assert escape_formula(text) == written
    assert unescape_formula(written) == text


@pytest.mark.parametrize(
    ("text", "written"),
    [("=1+1", "=1+1"), ("+33 6", "+33 6"), ("'=1+1", "''=1+1"), ("'tis", "'tis")],
)
def test_a_typed_text_cell_only_escapes_text_that_starts_with_an_apostrophe(
    text: str, written: str
) -> None:
    assert escape_formula(text, typed=True) == written
    assert unescape_formula(written) == text


def test_a_row_escapes_its_text_and_keeps_its_numbers() -> None:
    assert escape_row(["-Dash-", -3, -0.5, "", "Joost"]) == ["'-Dash-", -3, -0.5, "", "Joost"]


@given(TEXT)
def test_reading_gives_back_what_was_written(text: str) -> None:
    assert unescape_formula(escape_formula(text)) == text
    assert unescape_formula(escape_formula(text, typed=True)) == text


@given(TEXT)
def test_written_text_never_starts_like_a_formula(text: str) -> None:
    assert not escape_formula(text).startswith(("=", "+", "-", "@", "\t", "\r"))
