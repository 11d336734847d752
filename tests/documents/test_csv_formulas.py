"""Agenda, master grid and index CSV files: text that starts like a formula is escaped."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from zoneinfo import ZoneInfo

from rencontre.core.enums import Language, ProgrammeItemKind
from rencontre.core.meeting import Meeting
from rencontre.core.mission import Mission, ProgrammeItem, Venue
from rencontre.core.participant import Participant
from rencontre.documents.agenda import person_agenda
from rencontre.documents.agenda_text import render_csv
from rencontre.documents.file_names import IndexEntry, index_csv
from rencontre.documents.grid import master_grid
from rencontre.documents.grid_files import grid_csv
from rencontre.documents.meeting_languages import LanguageRule

PARIS = ZoneInfo("Europe/Paris")
DASH = Participant("dash@x.example", "-Dash-", "+31 Holding BV")
HANDLE = Participant("handle@y.example", "@handle", '=HYPERLINK("https://evil.example")')
PEOPLE = {p.email: p for p in (DASH, HANDLE)}
MISSION = Mission(
    key="m",
    title="Mission",
    start_date=date(2027, 4, 6),
    end_date=date(2027, 4, 6),
    venues=(Venue("hall", "=Hall", tables=1),),
    programme=(
        ProgrammeItem(
            "b2b",
            "B2B",
            ProgrammeItemKind.B2B_SESSION,
            datetime(2027, 4, 6, 14, tzinfo=PARIS),
            datetime(2027, 4, 6, 15, tzinfo=PARIS),
            "hall",
        ),
    ),
)
MEETING = Meeting(
    "m",
    DASH.email,
    HANDLE.email,
    datetime(2027, 4, 6, 14, tzinfo=PARIS),
    datetime(2027, 4, 6, 14, 20, tzinfo=PARIS),
    "hall",
    1,
)


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_agenda_csv_escapes_formula_like_text_and_keeps_numbers() -> None:
    agenda = person_agenda(MISSION, DASH, [MEETING], PEOPLE, language=Language.EN)
    [row] = rows(render_csv(agenda))
    assert (row["venue"], row["table"], row["partner"], row["partner_organisation"]) == (
        "'=Hall",
        "1",
        "'@handle",
        '\'=HYPERLINK("https://evil.example")',
    )
    assert row["start"] == "2027-04-06T14:00:00+02:00"


def test_grid_csv_escapes_formula_like_text() -> None:
    grid = rows(grid_csv(master_grid(MISSION, [MEETING], PEOPLE, LanguageRule({}, ["en"]))))
    first = grid[0]
    assert (first["venue"], first["person_a"], first["organisation_a"], first["person_b"]) == (
        "'=Hall",
        "'-Dash-",
        "'+31 Holding BV",
        "'@handle",
    )
    assert first["table"] == "1"


def test_index_csv_escapes_formula_like_text() -> None:
    entry = IndexEntry("dash@x.example.ics", "-Dash-", "dash@x.example", "@org", "en")
    assert (
        index_csv([entry]).splitlines()[1] == "dash@x.example.ics,'-Dash-,dash@x.example,'@org,en"
    )
