"""Files past their size or row limit are refused, named, before they fill the memory."""

from __future__ import annotations

import json
import os
import re
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from rencontre.core.errors import InvalidInput, Problem
from rencontre.core.input_limits import InputLimits
from rencontre.exchange import read_import
from rencontre.exchange.tables import read_sheets, read_table

ROWS_REASON = "more than 2 rows, the limit per file (raise it with --max-rows)"
TWO_ROWS = InputLimits(max_rows=2, rows_option="--max-rows")


def refusal(path: Path, limits: InputLimits) -> list[Problem]:
    with pytest.raises(InvalidInput) as refused:
        read_table(path, limits)
    return refused.value.problems


def organisations_csv(path: Path, rows: int) -> Path:
    lines = ["name,country", *(f"Org {n},FR" for n in range(rows))]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def workbook(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    book = Workbook()
    assert book.active is not None
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def test_a_file_larger_than_the_limit_is_refused_unread(tmp_path: Path) -> None:
    # 3 GB that take no disk: reading them before checking the size would fill the memory.
    path = tmp_path / "organisations.csv"
    with path.open("wb") as file:
        file.truncate(3_000_000_000)
    reason = "3,000 MB, over the limit of 50 MB per file"
    assert refusal(path, InputLimits()) == [Problem("organisations.csv", None, None, reason)]


@pytest.mark.parametrize("name", ["organisations.csv", "organisations.json", "organisations.xlsx"])
def test_every_format_is_refused_past_its_size(name: str, tmp_path: Path) -> None:
    path = tmp_path / name
    path.write_bytes(b"x" * 2_000)
    limits = InputLimits(max_file_mb=0.001, file_mb_option="--max-file-mb")
    reason = "2,000 bytes, over the limit of 1,000 bytes per file (raise it with --max-file-mb)"
    assert refusal(path, limits) == [Problem(name, None, None, reason)]


def test_csv_rows_up_to_the_limit_are_read_and_blank_lines_do_not_count(tmp_path: Path) -> None:
    path = tmp_path / "organisations.csv"
    path.write_text("name,country\nA,FR\n\n,\nB,NL\n\n", encoding="utf-8")
    assert [row.number for row in read_table(path, TWO_ROWS).rows] == [2, 5]


def test_csv_past_the_row_limit_is_refused(tmp_path: Path) -> None:
    path = organisations_csv(tmp_path / "organisations.csv", 3)
    assert refusal(path, TWO_ROWS) == [Problem("organisations.csv", None, None, ROWS_REASON)]


def test_json_past_the_row_limit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "organisations.json"
    path.write_text(json.dumps([{"name": n, "country": "FR"} for n in "ABC"]), encoding="utf-8")
    assert len(read_table(path, InputLimits(max_rows=3)).rows) == 3
    assert refusal(path, TWO_ROWS) == [Problem("organisations.json", None, None, ROWS_REASON)]


def test_the_rows_of_all_the_sheets_of_a_workbook_count_together(tmp_path: Path) -> None:
    path = workbook(
        tmp_path / "mission.xlsx",
        {
            "organisations": [["name", "country"], ["A", "FR"], [None, None], ["B", "NL"]],
            "participants": [["email", "full_name", "organisation"], ["a@a.example", "A", "A"]],
        },
    )
    assert [len(s.values) for s in read_sheets(path, InputLimits(max_rows=3))] == [4, 2]
    with pytest.raises(InvalidInput) as refused:
        read_sheets(path, TWO_ROWS)
    assert refused.value.problems == [Problem("mission.xlsx", None, None, ROWS_REASON)]


def test_a_workbook_that_unzips_past_the_limit_is_refused_before_its_xml_is_read(
    tmp_path: Path,
) -> None:
    # A sheet padded with 3 MB of blanks, which a zip squeezes into a few kilobytes.
    plain = workbook(tmp_path / "plain.xlsx", {"organisations": [["name", "country"]]})
    path = tmp_path / "organisations.xlsx"
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for entry in source.infolist():
            data = source.read(entry.filename)
            if entry.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"</worksheet>", b" " * 3_000_000 + b"</worksheet>")
            out.writestr(entry.filename, data)
    assert os.stat(path).st_size < 100_000
    [problem] = refusal(path, InputLimits(max_file_mb=0.1, file_mb_option="--max-file-mb"))
    assert (problem.file, problem.row) == ("organisations.xlsx", None)
    assert re.fullmatch(
        r"its content unzips to 3\.\d MB, over the limit of 2 MB \(20 times the limit per "
        r"file; raise it with --max-file-mb\)",
        problem.reason,
    ), problem.reason
    assert read_table(path, InputLimits(max_file_mb=0.2)).header == ("name", "country")


def test_an_import_names_every_file_past_a_limit_and_reads_the_others(tmp_path: Path) -> None:
    big = organisations_csv(tmp_path / "organisations.csv", 3)
    people = tmp_path / "participants.csv"
    people.write_text("email,full_name,organisation\nbad,A,Org 0\n", encoding="utf-8")
    with pytest.raises(InvalidInput) as refused:
        read_import([big, people], limits=TWO_ROWS)
    assert [str(p) for p in refused.value.problems] == [
        f"organisations.csv: {ROWS_REASON}",
        "participants.csv, row 2, field 'email': malformed e-mail address 'bad'",
    ]
