"""Files that attack their reader or writer: XML bombs, formulas in cells, failing exports."""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from pathlib import Path

import pytest
from openpyxl import load_workbook
from tests.exchange.hostile_workbooks import BILLION_LAUGHS, EXTERNAL_ENTITY, hostile_workbook

from rencontre.core.dataset import Dataset
from rencontre.core.enums import Language
from rencontre.core.errors import InvalidInput, Problem
from rencontre.core.organisation import LocalizedText
from rencontre.exchange import FileFormat, read_files, read_import, write_files

BOMB_REASON = (
    "not read: its XML declares entities, as XML bombs do "
    "(save it again from a spreadsheet program)"
)


@pytest.mark.parametrize("doctype", [BILLION_LAUGHS, EXTERNAL_ENTITY], ids=["bomb", "external"])
def test_a_workbook_declaring_entities_is_refused_in_one_located_line(
    doctype: str, tmp_path: Path
) -> None:
    bomb = hostile_workbook(tmp_path / "participants.xlsx", doctype)
    with pytest.raises(InvalidInput) as refused:
        read_import([bomb])
    assert refused.value.problems == [Problem("participants.xlsx", None, None, BOMB_REASON)]
    assert str(refused.value) == f"participants.xlsx: {BOMB_REASON}"


def with_formulas(dataset: Dataset) -> Dataset:
    """`dataset` with text a spreadsheet would take for formulas, and a negative number."""
    voltaique, *organisations = dataset.organisations
    voltaique = replace(
        voltaique,
        descriptions=(
            LocalizedText(Language.FR, "=1+1"),
            LocalizedText(Language.EN, '=HYPERLINK("https://evil.example","click")'),
        ),
        city="'=already quoted",
    )
    ines, joost, anne = dataset.participants
    joost = replace(joost, full_name="-Dash-")
    anne = replace(anne, role="@handle")
    first, second, third = dataset.meeting_requests
    first = replace(first, message="+33 6 12 34 56 78")
    third = replace(third, score=-0.25)
    outcome = replace(dataset.outcomes[0], notes="\t=cmd|' /C calc'!A0")
    return replace(
        dataset,
        organisations=(voltaique, *organisations),
        participants=(ines, joost, anne),
        meeting_requests=(first, second, third),
        outcomes=(outcome,),
    )


@pytest.mark.parametrize(
    ("file_format", "excel"),
    [(FileFormat.CSV, False), (FileFormat.CSV, True), (FileFormat.XLSX, False)],
    ids=["csv", "excel-csv", "xlsx"],
)
def test_formula_like_text_and_negative_numbers_come_back_exactly(
    file_format: FileFormat, excel: bool, sample_dataset: Dataset, tmp_path: Path
) -> None:
    dataset = with_formulas(sample_dataset)
    assert read_files(write_files(dataset, tmp_path, file_format, excel=excel)) == dataset


def csv_rows(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))


def test_csv_cells_that_start_like_formulas_start_with_an_apostrophe(
    sample_dataset: Dataset, tmp_path: Path
) -> None:
    write_files(with_formulas(sample_dataset), tmp_path, FileFormat.CSV)
    organisation = csv_rows(tmp_path / "organisations.csv")[1]
    assert organisation[5] == "''=already quoted"  # city
    assert organisation[8:11] == ["'=1+1", "", '\'=HYPERLINK("https://evil.example","click")']
    assert csv_rows(tmp_path / "participants.csv")[2][1] == "'-Dash-"
    assert csv_rows(tmp_path / "participants.csv")[3][3] == "'@handle"
    requests = csv_rows(tmp_path / "meeting_requests.csv")
    assert requests[1][4] == "'+33 6 12 34 56 78"
    assert requests[3][6] == "-0.25"  # a number, not text: as it is
    assert csv_rows(tmp_path / "outcomes.csv")[1][5] == "'\t=cmd|' /C calc'!A0"


def test_xlsx_cells_hold_formula_like_text_as_text(sample_dataset: Dataset, tmp_path: Path) -> None:
    write_files(with_formulas(sample_dataset), tmp_path, FileFormat.XLSX)
    sheet = load_workbook(tmp_path / "organisations.xlsx").worksheets[0]
    description = sheet.cell(row=2, column=9)
    assert (description.value, description.data_type) == ("=1+1", "s")
    assert sheet.cell(row=2, column=6).value == "''=already quoted"
    score = load_workbook(tmp_path / "meeting_requests.xlsx").worksheets[0].cell(row=4, column=7)
    assert (score.value, score.data_type) == (-0.25, "n")


# openpyxl writes a lone surrogate as it is, so only CSV and JSON fail on it (the writer they
# share with XLSX, `replace_file`, is tested failing half-way in tests/core).
@pytest.mark.parametrize("file_format", [FileFormat.CSV, FileFormat.JSON])
def test_a_failing_export_leaves_the_previous_files_and_no_temporary_file(
    file_format: FileFormat, sample_dataset: Dataset, tmp_path: Path
) -> None:
    write_files(sample_dataset, tmp_path, file_format)
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    # A lone surrogate cannot be encoded: writing the first file fails part of the way.
    [first, *others] = sample_dataset.organisations
    unwritable = replace(first, descriptions=(LocalizedText(Language.FR, "ok \ud800"),))
    broken = replace(sample_dataset, organisations=(unwritable, *others))
    with pytest.raises(UnicodeEncodeError):
        write_files(broken, tmp_path, file_format)
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before
