"""Workbooks with a sheet per kind, file names with suffixes, Excel date and time cells."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from openpyxl import Workbook, load_workbook

from rencontre.core.dataset import Dataset
from rencontre.core.errors import InvalidInput, Problem
from rencontre.exchange import FileFormat, read_files, read_import, write_files

KINDS = (
    "organisations, participants, opportunities, meeting_requests, meetings, outcomes, "
    "meeting_outcomes"
)
PARIS = ZoneInfo("Europe/Paris")
INES, JOOST = "ines@voltaique.example", "joost@batterijlab.example"


def workbook(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    """A workbook at `path` with one sheet per entry (title → rows of cells)."""
    book = Workbook()
    assert book.active is not None
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def exported_sheets(dataset: Dataset, directory: Path) -> dict[str, list[list[object]]]:
    """The cells of the XLSX export of `dataset`, by kind, as an organiser titles sheets."""
    sheets = {}
    for path in write_files(dataset, directory, FileFormat.XLSX):
        if path.suffix == ".xlsx":
            book = load_workbook(path, read_only=True)
            rows = [list(row) for row in book.worksheets[0].iter_rows(values_only=True)]
            book.close()
            sheets[path.stem.replace("_", " ").capitalize()] = rows
    return sheets


def refusal(paths: list[Path], existing: Dataset = Dataset()) -> list[Problem]:
    with pytest.raises(InvalidInput) as refused:
        read_files(paths, existing)
    return refused.value.problems


def test_a_workbook_with_a_sheet_per_kind_reads_like_separate_files(
    sample_dataset: Dataset, tmp_path: Path
) -> None:
    sheets = exported_sheets(sample_dataset, tmp_path / "export")
    assert list(sheets) == ["Organisations", "Participants", "Opportunities", "Meeting requests",
                            "Meetings", "Outcomes", "Meeting outcomes"]  # fmt: skip
    book = workbook(tmp_path / "mission.xlsx", sheets)
    missions = tmp_path / "export" / "missions.json"
    assert read_files([book, missions]) == sample_dataset
    assert read_files([missions, book]) == read_files(
        write_files(sample_dataset, tmp_path / "separate", FileFormat.CSV)
    )


def test_problems_in_a_workbook_name_the_sheet(sample_dataset: Dataset, tmp_path: Path) -> None:
    sheets: dict[str, list[list[object]]] = {
        "participants": [["email", "full_name", "organisation"],
                         ["new@lab.example", "New", "Batterij Lab Eindhoven"],
                         [],
                         ["broken", "Broken", "Batterij Lab Eindhoven"]],
        "Notes": [],  # empty: ignored
    }  # fmt: skip
    book = workbook(tmp_path / "mission.xlsx", sheets)
    stored = Dataset(organisations=sample_dataset.organisations)
    problems = refusal([book], stored)
    assert problems == [
        Problem("mission.xlsx [participants]", 4, "email", "malformed e-mail address 'broken'")
    ]
    assert str(problems[0]) == (
        "mission.xlsx [participants], row 4, field 'email': malformed e-mail address 'broken'"
    )


def test_a_missions_sheet_and_an_unknown_sheet_are_refused(tmp_path: Path) -> None:
    sheets: dict[str, list[list[object]]] = {
        "organisations": [["name", "country"], ["Acme", "FR"]],
        "Missions": [["key", "title"], ["m1", "Mission"]],
        "particpants": [["email"], ["a@b.example"]],
    }
    book = workbook(tmp_path / "mission.xlsx", sheets)
    assert refusal([book]) == [
        Problem("mission.xlsx [Missions]", None, None,
                "missions are nested: use missions.json, not a sheet"),
        Problem("mission.xlsx [particpants]", None, None,
                f"unknown kind of sheet: start the sheet's name with what it holds: one of "
                f"{KINDS} (did you mean participants?), or remove the sheet"),
    ]  # fmt: skip


def test_a_workbook_without_sheets_of_kinds_holds_the_kind_of_its_file_name(
    sample_dataset: Dataset, tmp_path: Path
) -> None:
    sheets: dict[str, list[list[object]]] = {
        "Feuil1": [["email", "full_name", "organisation"], ["x", "X", "Batterij Lab Eindhoven"]],
        "Feuil2": [["anything", "the organiser keeps"]],
    }
    book = workbook(tmp_path / "participants_v2.xlsx", sheets)
    stored = Dataset(organisations=sample_dataset.organisations)
    assert refusal([book], stored) == [
        Problem("participants_v2.xlsx [Feuil1]", 2, "email", "malformed e-mail address 'x'")
    ]


def test_a_workbook_named_after_nothing_says_how_to_name_it(tmp_path: Path) -> None:
    book = workbook(tmp_path / "mission.xlsx", {"Feuil1": [["name", "country"]]})
    assert refusal([book]) == [
        Problem("mission.xlsx", None, None, "unknown kind of file: start its name (or its "
                f"sheets') with what it holds: one of {KINDS}"),
    ]  # fmt: skip


def test_file_names_with_suffixes_are_recognised(sample_dataset: Dataset, tmp_path: Path) -> None:
    renamed = {
        "organisations.csv": "Organisations 2026.csv",
        "participants.csv": "participants_v2.csv",
        "opportunities.csv": "Opportunities-final.csv",
        "missions.json": "missions (HDF-NL).json",
        "meeting_requests.csv": "meeting-requests (final).csv",
        "meetings.csv": "MEETINGS day 1.csv",
        "outcomes.csv": "outcomes_2025.csv",
        "meeting_outcomes.csv": "Meeting outcomes (June).csv",
    }
    paths = [
        path.rename(path.with_name(renamed[path.name]))
        for path in write_files(sample_dataset, tmp_path, FileFormat.CSV)
    ]
    assert read_files(paths) == sample_dataset


def test_an_ambiguous_file_name_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "meetings requests.csv"
    path.write_text("mission,requester,requested\n", encoding="utf-8")
    assert refusal([path]) == [
        Problem("meetings requests.csv", None, None, "unknown kind of file: the name could "
                "mean meetings or meeting_requests: rename it to say which"),
    ]  # fmt: skip


def test_excel_date_and_time_cells_are_read_as_such(
    sample_dataset: Dataset, tmp_path: Path
) -> None:
    stored = Dataset(
        organisations=sample_dataset.organisations,
        participants=sample_dataset.participants,
        missions=sample_dataset.missions,
    )
    sheets: dict[str, list[list[object]]] = {
        "meetings": [
            ["mission", "requester", "requested", "start", "end", "venue", "table"],
            ["hdf-nl-2025", INES, JOOST, datetime(2025, 6, 10, 10, 0),
             datetime(2025, 6, 10, 10, 30), "technopole", 4.0],
        ],
        "opportunities": [
            ["reference", "organisation", "type", "title", "expires_on"],
            ["R1", "Voltaïque Charge", "business_offer", "Offer", datetime(2026, 1, 31)],
        ],
        "outcomes": [
            ["mission", "requester", "requested", "kind", "recorded_on", "recorded_at"],
            ["hdf-nl-2025", INES, JOOST, "follow_up", date(2025, 6, 20),
             datetime(2025, 6, 20, 16, 45)],
        ],
    }  # fmt: skip
    incoming = read_import([workbook(tmp_path / "after the mission.xlsx", sheets)], stored)
    [meeting] = incoming.dataset.meetings
    [opportunity] = incoming.dataset.opportunities
    [outcome] = incoming.dataset.outcomes
    assert (meeting.start, meeting.end, meeting.table) == (
        datetime(2025, 6, 10, 10, 0, tzinfo=PARIS),
        datetime(2025, 6, 10, 10, 30, tzinfo=PARIS),
        4,
    )
    assert meeting.start.utcoffset() is not None and meeting.start.isoformat() == (
        "2025-06-10T10:00:00+02:00"
    )
    assert opportunity.expires_on == date(2026, 1, 31)
    assert (outcome.recorded_on, outcome.recorded_at) == (
        date(2025, 6, 20),
        datetime(2025, 6, 20, 16, 45, tzinfo=PARIS),
    )
    assert incoming.notes == ("3 times without a UTC offset were read in Europe/Paris",)
