"""Which encoding a CSV file is read in: UTF-8 first, else Windows-1252, else a located refusal."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from rencontre.core.errors import InvalidInput, Problem
from rencontre.exchange import read_import
from rencontre.exchange.text_encodings import (
    UTF_8,
    WINDOWS_1252,
    DecodedText,
    decode_csv,
    decode_utf8,
)

TEXT = "name;region;city\r\nSociété Générale d'Équipements;Hauts-de-France;Café\r\n"


def refusal(data: bytes, *, csv: bool = True) -> list[Problem]:
    with pytest.raises(InvalidInput) as refused:
        if csv:
            decode_csv("organisations.csv", data)
        else:
            decode_utf8("organisations.json", data)
    return refused.value.problems


def test_utf8_is_read_as_utf8() -> None:
    assert decode_csv("organisations.csv", TEXT.encode()) == DecodedText(TEXT, UTF_8)


def test_utf8_with_a_byte_order_mark_loses_the_mark() -> None:
    data = codecs.BOM_UTF8 + TEXT.encode()
    assert decode_csv("organisations.csv", data) == DecodedText(TEXT, UTF_8)


def test_plain_ascii_is_utf8() -> None:
    assert decode_csv("organisations.csv", b"name,country\nAcme,FR\n").encoding == UTF_8


def test_windows_1252_is_read_with_its_accents() -> None:
    text = TEXT + "L’Oréal € – Œuvre;Nord;Lille\r\n"  # ’ € – Œ: the bytes 0x80 to 0x9f
    decoded = decode_csv("organisations.csv", text.encode("cp1252"))
    assert decoded == DecodedText(text, WINDOWS_1252)


def test_a_byte_windows_1252_leaves_undefined_is_refused_with_its_line() -> None:
    data = "name;city\r\nCafé;Lille\r\n".encode("cp1252") + b"Acme;Li\x81le\r\n"
    reason = "line 3 is neither UTF-8 nor Windows-1252 (byte 0x81); save the file as UTF-8"
    assert refusal(data) == [Problem("organisations.csv", 3, None, reason)]


def test_a_file_mixing_utf8_and_windows_1252_is_refused() -> None:
    data = "name;city\nCafé;Lille\n".encode() + "Société;Lens\n".encode("cp1252")
    reason = (
        "line 3 is not UTF-8 (byte 0xe9) but line 2 is: the file mixes two encodings; "
        "save the file as UTF-8"
    )
    assert refusal(data) == [Problem("organisations.csv", 3, None, reason)]


def test_a_byte_order_mark_means_utf8_even_when_a_byte_is_not() -> None:
    data = codecs.BOM_UTF8 + "name\nSociété\n".encode("cp1252")
    reason = "line 2 is not UTF-8 (byte 0xe9); save the file as UTF-8"
    assert refusal(data) == [Problem("organisations.csv", 2, None, reason)]


def test_json_is_utf8_only() -> None:
    data = b'[{"name": "A"},\n' + '{"name": "Société"}]'.encode("cp1252")
    reason = "line 2 is not UTF-8 (byte 0xe9); save the file as UTF-8"
    assert refusal(data, csv=False) == [Problem("organisations.json", 2, None, reason)]


# Through an import ----------------------------------------------------------------------------

ORGANISATIONS = (
    "name;country;region;city\r\n"
    "Société Générale d'Équipements;France;Hauts-de-France;Café-sur-Deûle\r\n"
    "Café Brûlé;BE;Wallonie;Liège\r\n"
)
WRITTEN = [
    ("Société Générale d'Équipements", "FR", "Hauts-de-France", "Café-sur-Deûle"),
    ("Café Brûlé", "BE", "Wallonie", "Liège"),
]


def imported(path: Path, encoding: str) -> tuple[list[tuple[str, str, str, str]], tuple[str, ...]]:
    path.write_bytes(ORGANISATIONS.encode(encoding))
    incoming = read_import([path])
    organisations = [(o.name, o.country, o.region, o.city) for o in incoming.dataset.organisations]
    return organisations, incoming.notes


def test_a_windows_1252_file_imports_with_its_accents_and_the_notes_say_so(
    tmp_path: Path,
) -> None:
    organisations, notes = imported(tmp_path / "organisations.csv", "cp1252")
    assert organisations == WRITTEN
    assert notes == (
        "Country names read as their codes: 'France' → FR (1 cell)",
        "Read as Windows-1252 (Excel's CSV on Windows), not being UTF-8: organisations.csv",
    )


def test_a_utf8_file_imports_as_ever(tmp_path: Path) -> None:
    organisations, notes = imported(tmp_path / "organisations.csv", "utf-8")
    assert organisations == WRITTEN
    assert notes == ("Country names read as their codes: 'France' → FR (1 cell)",)


def test_an_undecodable_file_is_refused_by_name_with_the_other_files_problems(
    tmp_path: Path,
) -> None:
    bad = tmp_path / "organisations.csv"
    bad.write_bytes(ORGANISATIONS.encode("cp1252") + b"Caf\x90;FR;;\r\n")
    people = tmp_path / "participants.csv"
    people.write_text("email,full_name,organisation\nbad,A,Café Brûlé\n", encoding="utf-8")
    with pytest.raises(InvalidInput) as refused:
        read_import([bad, people])
    assert [str(problem) for problem in refused.value.problems] == [
        "organisations.csv, row 4: line 4 is neither UTF-8 nor Windows-1252 (byte 0x90); "
        "save the file as UTF-8",
        "participants.csv, row 2, field 'email': malformed e-mail address 'bad'",
    ]
