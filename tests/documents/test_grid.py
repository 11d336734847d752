"""The organiser's master grid: its data, and the CSV, XLSX and PDF made from it."""

from __future__ import annotations

import csv
import io
import re
import subprocess
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from openpyxl import load_workbook

from rencontre.core.enums import Language, MeetingStatus, ProgrammeItemKind
from rencontre.core.meeting import Meeting
from rencontre.core.mission import Mission, ProgrammeItem, TableChange, Venue
from rencontre.core.participant import Participant
from rencontre.documents.grid import GridMeeting, GridPerson, master_grid
from rencontre.documents.grid_files import (
    CSV_COLUMNS,
    grid_csv,
    grid_pdf,
    grid_xlsx,
    table_groups,
)
from rencontre.documents.i18n import words_for
from rencontre.documents.meeting_languages import LanguageRule, MeetingLanguage

PARIS = ZoneInfo("Europe/Paris")
UTC = ZoneInfo("UTC")


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 10, day, hour, minute, tzinfo=PARIS)


MISSION = Mission(
    key="m",
    title="Mission Transalley",
    start_date=date(2026, 10, 13),
    end_date=date(2026, 10, 14),
    slot_minutes=30,
    venues=(
        # The hall loses a table for the second slot of day 1.
        Venue(
            "hall",
            "Hall Escaut",
            "1 rue des Cités",
            "Famars",
            tables=3,
            table_changes=(TableChange(at(13, 10, 30), 2), TableChange(at(14, 0), 3)),
        ),
        Venue("hotel", "Hôtel du Parc", tables=1),
    ),  # fmt: skip
    programme=(
        ProgrammeItem("s1", "B2B", ProgrammeItemKind.B2B_SESSION, at(13, 10), at(13, 11), "hall"),
        ProgrammeItem(
            "s2", "B2B", ProgrammeItemKind.B2B_SESSION, at(14, 9), at(14, 9, 30), "hotel"
        ),
        ProgrammeItem(
            "s3", "B2B", ProgrammeItemKind.B2B_SESSION, at(14, 14), at(14, 14, 30), "hall"
        ),
    ),  # fmt: skip
)
ANNE = Participant("anne@a.example", "Anne Aubert", "Aubert SA", languages=(Language.FR,))
BRAM = Participant("bram@b.example", "Bram Bos", "Bos BV", languages=(Language.NL,))
CLARA = Participant(
    "clara@c.example", "Clara Cruz", "Cruz SL", languages=(Language.FR, Language.EN)
)
DIRK = Participant(
    "dirk@d.example", "Dirk Dekker", "Dekker NV", languages=(Language.NL, Language.FR)
)
PEOPLE = {p.email: p for p in (ANNE, BRAM, CLARA, DIRK)}
RULE = LanguageRule({}, ["fr", "nl", "en"])


def meeting(first: Participant, second: Participant, start: datetime, venue: str, table: int,
            **changes: object) -> Meeting:  # fmt: skip
    found = Meeting("m", first.email, second.email, start.astimezone(UTC),
                    (start + timedelta(minutes=30)).astimezone(UTC), venue, table)  # fmt: skip
    return replace(found, **changes)  # type: ignore[arg-type]


MEETINGS = [
    meeting(ANNE, BRAM, at(13, 10), "hall", 1),  # needs an interpreter
    meeting(CLARA, DIRK, at(13, 10), "hall", 3),  # French
    meeting(DIRK, BRAM, at(13, 10, 30), "hall", 2),  # Dutch
    meeting(ANNE, CLARA, at(14, 9), "hotel", 1),  # French
    meeting(BRAM, CLARA, at(14, 14), "hall", 2, status=MeetingStatus.CANCELLED),
]


def cell(first: Participant, second: Participant, language: MeetingLanguage) -> GridMeeting:
    def person(p: Participant) -> GridPerson:
        return GridPerson(p.full_name, p.organisation, p.email)

    return GridMeeting(person(first), person(second), language)


def test_master_grid_lays_out_slots_tables_and_meetings_by_venue_and_day() -> None:
    hall, hotel = master_grid(MISSION, MEETINGS, PEOPLE, RULE)
    assert (hall.name, hall.tables, hall.meetings) == ("Hall Escaut", 3, 3)
    assert [d.day for d in hall.days] == [date(2026, 10, 13), date(2026, 10, 14)]
    first, second = hall.days[0].rows
    assert (first.start, first.end, first.tables) == (at(13, 10), at(13, 10, 30), 3)
    assert first.start.tzinfo == PARIS
    assert first.cells == (
        cell(ANNE, BRAM, MeetingLanguage(interpreter=True)),
        None,
        cell(CLARA, DIRK, MeetingLanguage(("fr",))),
    )
    assert (second.tables, second.cells) == (
        2,
        (None, cell(DIRK, BRAM, MeetingLanguage(("nl",))), None),
    )
    # The cancelled meeting is not shown: its table is free.
    (afternoon,) = hall.days[1].rows
    assert (afternoon.tables, afternoon.cells) == (3, (None, None, None))
    assert [(d.day, [r.cells for r in d.rows]) for d in hotel.days] == [
        (date(2026, 10, 14), [(cell(ANNE, CLARA, MeetingLanguage(("fr",))),)])
    ]


def test_master_grid_shows_a_meeting_off_the_grid_and_a_table_booked_twice() -> None:
    late = meeting(ANNE, DIRK, at(13, 17), "hall", 4)
    twice = meeting(BRAM, CLARA, at(13, 10), "hall", 1)
    (hall, _) = master_grid(MISSION, [*MEETINGS, late, twice], PEOPLE, RULE)
    rows = hall.days[0].rows
    assert hall.tables == 4
    assert [(r.start.strftime("%H:%M"), r.tables) for r in rows] == [
        ("10:00", 3), ("10:00", 3), ("10:30", 2), ("17:00", 2)
    ]  # fmt: skip
    assert [r.cells[0].second.name for r in rows[:2] if r.cells[0]] == ["Bram Bos", "Clara Cruz"]
    assert rows[3].cells[3] == cell(ANNE, DIRK, MeetingLanguage(("fr",)))


def csv_rows() -> list[dict[str, str]]:
    grids = master_grid(MISSION, MEETINGS, PEOPLE, RULE)
    return list(csv.DictReader(io.StringIO(grid_csv(grids))))


def test_grid_csv_has_one_row_per_slot_and_table() -> None:
    rows = csv_rows()
    assert tuple(rows[0]) == CSV_COLUMNS
    # Day 1: 3 tables then 2; day 2 afternoon: 3; the hotel: 1.
    assert len(rows) == 3 + 2 + 3 + 1
    assert rows[0] == {
        "venue": "Hall Escaut", "date": "2026-10-13", "start": "10:00", "end": "10:30",
        "table": "1", "person_a": "Anne Aubert", "organisation_a": "Aubert SA",
        "person_b": "Bram Bos", "organisation_b": "Bos BV", "language": "interpreter",
    }  # fmt: skip
    assert [(r["table"], r["person_a"], r["language"]) for r in rows[1:5]] == [
        ("2", "", ""), ("3", "Clara Cruz", "fr"), ("1", "", ""), ("2", "Dirk Dekker", "nl")
    ]  # fmt: skip
    assert rows[-1]["venue"] == "Hôtel du Parc"


def test_grid_xlsx_has_a_sheet_per_venue_with_both_people_in_each_cell() -> None:
    grids = master_grid(MISSION, MEETINGS, PEOPLE, RULE)
    book = load_workbook(io.BytesIO(grid_xlsx(grids, words_for(Language.NL))))
    assert book.sheetnames == ["Hall Escaut", "Hôtel du Parc"]
    hall = book["Hall Escaut"]
    values = [list(row) for row in hall.iter_rows(values_only=True)]
    assert values[0][0] == "Hall Escaut"
    assert values[3] == ["Datum", "Tijd", "Tafel 1", "Tafel 2", "Tafel 3"]
    assert values[4] == [
        "13 oktober 2026",
        "10:00–10:30",
        "Anne Aubert (Aubert SA)\nBram Bos (Bos BV)\nTolk nodig",
        None,
        "Clara Cruz (Cruz SL)\nDirk Dekker (Dekker NV)\nFrans",
    ]
    # Table 3 does not exist in the second slot: shown grey, empty.
    assert hall["E6"].value is None
    assert hall["E6"].fill.fgColor.rgb.endswith("D0D5DA")
    assert hall["C5"].fill.fgColor.rgb.endswith("FCE4CC")


def test_grid_pdf_holds_both_people_of_every_meeting_in_the_language_asked(tmp_path: Path) -> None:
    grids = master_grid(MISSION, MEETINGS, PEOPLE, RULE)
    path = tmp_path / "grid.pdf"
    path.write_bytes(grid_pdf(MISSION, grids, words_for(Language.FR)))
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout  # fmt: skip
    flat = re.sub(r"\s+", " ", text)
    for m in MEETINGS[:4]:
        assert PEOPLE[m.requester].full_name in flat
        assert PEOPLE[m.requested].full_name in flat
    assert "Grille des rendez-vous" in flat
    assert "Hall Escaut — Mardi 13 octobre 2026" in flat
    assert "Interprète nécessaire" in flat
    # One section per venue and day, each on its own page.
    assert len([page for page in text.split("\f") if page.strip()]) == 3
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    assert re.search(r"Page size:\s+841\.89 x 595\.2", info.stdout)  # A4 landscape


def test_table_groups_split_wide_venues_evenly() -> None:
    assert table_groups(3) == [(1, 2, 3)]
    assert [len(g) for g in table_groups(25)] == [7, 6, 6, 6]
    assert [len(g) for g in table_groups(20)] == [7, 7, 6]
    assert table_groups(0) == [()]


def test_a_mission_without_b2b_sessions_gives_empty_grids_that_say_so(tmp_path: Path) -> None:
    bare = replace(MISSION, programme=())
    assert master_grid(bare, [], PEOPLE, RULE) == ()
    assert grid_csv(()) == ",".join(CSV_COLUMNS) + "\n"
    book = load_workbook(io.BytesIO(grid_xlsx((), words_for(Language.FR))))
    assert [list(r) for r in book.active.iter_rows(values_only=True)] == [  # type: ignore[union-attr]
        ["Aucune session B2B et aucun rendez-vous."]
    ]
    path = tmp_path / "empty.pdf"
    path.write_bytes(grid_pdf(bare, (), words_for(Language.NL)))
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout  # fmt: skip
    assert "Geen B2B-sessie en geen gesprek." in text
