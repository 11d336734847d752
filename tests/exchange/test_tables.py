"""Reading raw rows: encodings, delimiters, row numbers as a person sees them."""

from __future__ import annotations

from pathlib import Path

import pytest

from rencontre.core.errors import InvalidInput, Problem
from rencontre.exchange.tables import Row, Table, read_table


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def refusal(path: Path) -> list[Problem]:
    with pytest.raises(InvalidInput) as refused:
        read_table(path)
    return refused.value.problems


def test_csv_with_bom_and_semicolons(tmp_path: Path) -> None:
    path = write(tmp_path / "organisations.csv", "\ufeffname;country\r\nÉlec, SA;FR\r\n".encode())
    assert read_table(path) == Table(
        "organisations.csv", ("name", "country"), (Row(2, {"name": "Élec, SA", "country": "FR"}),)
    )


def test_csv_with_commas_and_quoted_semicolons(tmp_path: Path) -> None:
    path = write(tmp_path / "organisations.csv", b'name,country\n"A; B",NL\n')
    assert read_table(path).rows == (Row(2, {"name": "A; B", "country": "NL"}),)


def test_blank_lines_are_skipped_but_still_counted(tmp_path: Path) -> None:
    path = write(tmp_path / "organisations.csv", b"name,country\n\n,\nAcme,FR\n")
    assert read_table(path).rows == (Row(4, {"name": "Acme", "country": "FR"}),)


def test_multi_line_cell_is_one_row(tmp_path: Path) -> None:
    path = write(tmp_path / "organisations.csv", b'name,country\n"Two\nlines",FR\nNext,BE\n')
    assert [row.number for row in read_table(path).rows] == [2, 3]


def test_csv_that_is_not_utf8_is_read_as_windows_1252(tmp_path: Path) -> None:
    data = b"name,country\nAcme,FR\n" + "Société,FR\n".encode("cp1252")
    path = write(tmp_path / "organisations.csv", data)
    assert read_table(path) == Table(
        "organisations.csv",
        ("name", "country"),
        (Row(2, {"name": "Acme", "country": "FR"}), Row(3, {"name": "Société", "country": "FR"})),
        "Windows-1252",
    )


def test_undecodable_bytes_name_the_line(tmp_path: Path) -> None:
    data = b"name,country\nAcme,FR\n" + "Société,FR\n".encode("cp1252") + b"\x9d,FR\n"
    path = write(tmp_path / "organisations.csv", data)
    reason = "line 4 is neither UTF-8 nor Windows-1252 (byte 0x9d); save the file as UTF-8"
    assert refusal(path) == [Problem("organisations.csv", 4, None, reason)]


def test_too_many_values_in_a_row(tmp_path: Path) -> None:
    path = write(tmp_path / "organisations.csv", b"name,country\nA,FR,extra\n")
    reason = "3 values for 2 columns; is a value missing its quotes?"
    assert refusal(path) == [Problem("organisations.csv", 2, None, reason)]


def test_json_rows_are_numbered_from_one(tmp_path: Path) -> None:
    path = write(tmp_path / "organisations.json", b'[{"name": "A"}, {"name": "B"}]')
    assert read_table(path) == Table(
        "organisations.json", (), (Row(1, {"name": "A"}), Row(2, {"name": "B"}))
    )


def test_invalid_json_names_the_line(tmp_path: Path) -> None:
    path = write(tmp_path / "organisations.json", b'[\n{"name": "A"},\n{"name": }\n]')
    reason = "not valid JSON: Expecting value"
    assert refusal(path) == [Problem("organisations.json", 3, None, reason)]


def test_json_must_be_a_list(tmp_path: Path) -> None:
    path = write(tmp_path / "organisations.json", b'{"name": "A"}')
    reason = "expected a JSON list of objects"
    assert refusal(path) == [Problem("organisations.json", None, None, reason)]


def test_xlsx_that_is_not_a_workbook(tmp_path: Path) -> None:
    path = write(tmp_path / "organisations.xlsx", b"name,country\n")
    [problem] = refusal(path)
    assert (problem.file, problem.row) == ("organisations.xlsx", None)
    assert problem.reason.startswith("not an XLSX workbook")


def test_unknown_file_type(tmp_path: Path) -> None:
    path = write(tmp_path / "organisations.txt", b"")
    reason = "unknown file type '.txt' (use .csv, .xlsx or .json)"
    assert refusal(path) == [Problem("organisations.txt", None, None, reason)]
