"""`rencontre grid` as CSV, XLSX and PDF, on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import io
import re
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import load_workbook
from tests.cli.agenda_samples import (
    ANNE,
    CLAIRE,
    INES,
    JEROEN,
    JOOST,
    PLACED,
    import_language_mission,
)
from typer.testing import Result

from rencontre.core.dataset import Dataset
from rencontre.core.enums import MeetingStatus

RunCli = Callable[..., Result]

NAMES = {
    INES: "Inès Dubois",
    JOOST: "Joost van Dijk",
    ANNE: "Anne Peeters",
    CLAIRE: "Claire Vasseur",
    JEROEN: "Jeroen de Vries",
}
LIVE = [(a, b) for a, b, _, _, _, status in PLACED if status is MeetingStatus.SCHEDULED]


@pytest.fixture
def languages(rencontre: RunCli, sample_dataset: Dataset, tmp_path: Path) -> None:
    import_language_mission(rencontre, sample_dataset, tmp_path / "in")


def flat(text: str) -> str:
    """`text` with every run of white space (a wrapped line, a cell break) as one space."""
    return " ".join(text.split())


def test_grid_csv_on_stdout_has_every_slot_and_table_and_both_people(
    rencontre: RunCli, languages: None
) -> None:
    result = rencontre("grid")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output)))
    # One session of four 30-minute slots at a venue with 12 tables.
    assert len(rows) == 4 * 12
    taken = [r for r in rows if r["person_a"]]
    seen = [(r["start"], r["table"], r["person_a"], r["person_b"], r["language"]) for r in taken]
    assert seen == [
        ("10:00", "1", "Claire Vasseur", "Jeroen de Vries", "interpreter"),
        ("10:00", "4", "Inès Dubois", "Joost van Dijk", "fr en"),
        ("10:30", "2", "Claire Vasseur", "Inès Dubois", "fr"),
        ("11:00", "3", "Jeroen de Vries", "Joost van Dijk", "nl"),
    ]  # fmt: skip
    # Anne's cancelled meeting at 11:30 is not shown: table 1 is free.
    assert [r["person_a"] for r in rows if r["start"] == "11:30"] == [""] * 12
    assert taken[0] == {
        "venue": "Technopole Transalley", "date": "2025-06-10", "start": "10:00",
        "end": "10:30", "table": "1", "person_a": "Claire Vasseur",
        "organisation_a": "Voltaïque Charge", "person_b": "Jeroen de Vries",
        "organisation_b": "Batterij Lab Eindhoven", "language": "interpreter",
    }  # fmt: skip


def test_grid_xlsx_has_a_sheet_per_venue_with_both_people_of_each_meeting(
    rencontre: RunCli, languages: None, tmp_path: Path
) -> None:
    path = tmp_path / "grid.xlsx"
    result = rencontre("grid", "--format", "xlsx", "--output", str(path))
    assert result.exit_code == 0, result.output
    assert result.output == f"Wrote the grid of 1 venue and 4 meetings to {path}\n"
    book = load_workbook(path)
    assert book.sheetnames == ["Technopole Transalley"]
    cells = [
        str(value)
        for row in book.active.iter_rows(min_row=5, values_only=True)  # type: ignore[union-attr]
        for value in row[2:]
        if value
    ]
    assert len(cells) == len(LIVE)
    for first, second in LIVE:
        assert sum(NAMES[first] in c and NAMES[second] in c for c in cells) == 1
    # The mission's first language, French, unless another is asked for.
    assert book.active["C4"].value == "Table 1"  # type: ignore[index]
    assert "Interprète nécessaire" in cells[0]
    dutch = rencontre("grid", "-f", "xlsx", "-o", str(path), "--lang", "nl")
    assert dutch.exit_code == 0, dutch.output
    assert load_workbook(path).active["C4"].value == "Tafel 1"  # type: ignore[index]


def test_grid_pdf_holds_both_people_of_each_meeting(
    rencontre: RunCli, languages: None, tmp_path: Path
) -> None:
    path = tmp_path / "grid.pdf"
    result = rencontre("grid", "--format", "pdf", "--output", str(path), "--lang", "nl")
    assert result.exit_code == 0, result.output
    text = flat(subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                               check=True).stdout)  # fmt: skip
    for first, second in LIVE:
        assert NAMES[first] in text and NAMES[second] in text
    assert "Anne Peeters" not in text  # her only meeting is cancelled
    assert "Tolk nodig" in text
    # Twelve tables, in two sections (pages) of six across (column headings in capitals).
    assert sorted(map(int, re.findall(r"TAFEL (\d+)", text))) == list(range(1, 13))
    assert text.count("Technopole Transalley — Dinsdag 10 juni 2025") == 2
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    assert "841.89 x 595.2" in info.stdout  # A4 landscape


@pytest.mark.parametrize("grid_format", ["xlsx", "pdf"])
def test_grid_file_formats_need_an_output(
    rencontre: RunCli, languages: None, grid_format: str
) -> None:
    result = rencontre("grid", "--format", grid_format)
    assert result.exit_code == 2
    said = flat(re.sub("[│╭╮╰╯─]", " ", result.output))
    assert f"--format {grid_format} writes a file: give --output FILE" in said
    assert "PK" not in result.output and "%PDF" not in result.output


def test_grid_of_an_unknown_mission_fails_with_a_reason(rencontre: RunCli, languages: None) -> None:
    result = rencontre("grid", "--mission", "nope")
    assert result.exit_code == 1
    assert result.output.startswith("error: ")
    assert "nope" in result.output
