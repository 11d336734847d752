from __future__ import annotations

import json
from pathlib import Path

import pytest

from rencontre.core.text_files import NotUtf8Error
from rencontre.matching.organisations_file import (
    OrganisationsFileError,
    read_organisations,
    read_organisations_and_ids,
)


def write(tmp_path: Path, *lines: str) -> Path:
    path = tmp_path / "orgs.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_reads_all_fields_and_ignores_unknown_ones(tmp_path: Path) -> None:
    record = {
        "id": 12,
        "name": "Lab",
        "country": "nl",
        "kind": "REC",
        "texts": ["t"],
        "offers": ["o"],
        "needs": ["n"],
        "segments": ["BAT-CELL"],
        "partners": [7, "x"],
        "languages": ["NL", "en"],
        "excluded": ["rival"],
        "opted_out": True,
        "group": "Lab holding",
        "colour": "blue",
    }
    profiles, written = read_organisations_and_ids(write(tmp_path, json.dumps(record), ""))
    (profile,) = profiles
    assert profile.id == "12" and written == {"12": 12}
    assert profile.country == "NL" and profile.partners == frozenset({"7", "x"})
    assert profile.languages == frozenset({"nl", "en"})
    assert profile.offers == ("o",) and profile.segments == frozenset({"BAT-CELL"})
    assert profile.excluded == frozenset({"rival"}) and profile.opted_out
    assert profile.organisation_group == "Lab holding"


@pytest.mark.parametrize(
    ("line", "field", "reason"),
    [
        ('{"texts": []}', "id", "missing"),
        ('{"id": "a"}', "texts", "missing"),
        ('{"id": "a", "texts": "x"}', "texts", "expected a list, got a string"),
        ('{"id": "a", "texts": null}', "texts", "null (a list of strings is required; []"),
        ('{"id": "a", "texts": {}}', "texts", "expected a list, got an object"),
        ('{"id": "a", "texts": [1]}', "texts", "item 0 must be a string"),
        ('{"id": "a", "texts": [], "country": 3}', "country", "expected a string"),
        ('{"id": "a", "texts": [], "partners": [null]}', "partners", "item 0 must be an id"),
        ('{"id": "a", "texts": [], "segments": ["NOPE"]}', "segments", "segment 'NOPE'"),
        ('{"id": "a", "texts": [], "opted_out": "yes"}', "opted_out", "expected true or false"),
        ('{"id": "a", "texts": [], "country": "France"}', "country", "unknown country code"),
        ('{"id": "a", "texts": [], "group": 3}', "group", "expected a string"),
        ('{"id": "a", "texts": [], "languages": "fr"}', "languages", "expected a list"),
        ('{"id": "a", "texts": [], "languages": ["xx"]}', "languages", "'xx' is not an ISO"),
    ],
)
def test_bad_line_names_file_line_and_field(
    tmp_path: Path, line: str, field: str, reason: str
) -> None:
    path = write(tmp_path, '{"id": "ok", "texts": []}', line)
    with pytest.raises(OrganisationsFileError) as caught:
        read_organisations(path)
    assert (caught.value.line, caught.value.field) == (2, field)
    assert reason in caught.value.reason
    assert str(caught.value).startswith(f"{path}:2: field '{field}': ")


def test_duplicate_id_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, '{"id": "a", "texts": []}', '{"id": "a", "texts": []}')
    with pytest.raises(OrganisationsFileError, match="duplicate id 'a'"):
        read_organisations(path)


def test_segment_codes_match_in_any_case_and_take_the_taxonomy_spelling(tmp_path: Path) -> None:
    path = write(tmp_path, '{"id": "a", "texts": [], "segments": ["bat-cam", " Bat-Cell "]}')
    (profile,) = read_organisations(path)
    assert profile.segments == frozenset({"BAT-CAM", "BAT-CELL"})


def test_unknown_segment_is_refused_with_its_line(tmp_path: Path) -> None:
    path = write(tmp_path, '{"id": "a", "texts": [], "segments": ["BAT-CAM", "NOPE"]}')
    with pytest.raises(OrganisationsFileError) as caught:
        read_organisations(path)
    assert str(caught.value) == f"{path}:1: field 'segments': unknown value-chain segment 'NOPE'"


def test_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "orgs.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + b'{"id": "a", "texts": ["t"]}\n{"id": "b", "texts": []}\n')
    assert [profile.id for profile in read_organisations(path)] == ["a", "b"]


def test_bytes_not_utf8_are_located_by_line(tmp_path: Path) -> None:
    path = tmp_path / "orgs.jsonl"
    path.write_bytes(b'{"id": "a", "texts": []}\n{"id": "b", "texts": ["caf\xe9"]}\n')
    with pytest.raises(NotUtf8Error) as caught:
        read_organisations(path)
    assert str(caught.value) == f"{path}:2: not UTF-8 (byte 0xe9 at character 27 of the line)"


def test_blank_texts_offers_and_needs_are_dropped(tmp_path: Path) -> None:
    record = {"id": "a", "texts": ["", " ", "t", "\t"], "offers": [" "], "needs": ["n", ""]}
    blank = {"id": "b", "texts": ["", "  "]}
    path = write(tmp_path, json.dumps(record), json.dumps(blank))
    (profile, only_blank) = read_organisations(path)
    assert (profile.texts, profile.offers, profile.needs) == (("t",), (), ("n",))
    assert only_blank.texts == ()


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("[1]", "expected a JSON object, got a list"),
        ('"a"', "expected a JSON object, got a string"),
        ('{"id": "b" "texts": []}', "invalid JSON: Expecting ',' delimiter at character 12 of"),
        ("{nope", "invalid JSON: Expecting property name enclosed in double quotes at character 2"),
    ],
)
def test_bad_whole_line_names_file_and_line_but_no_field(
    tmp_path: Path, line: str, reason: str
) -> None:
    path = write(tmp_path, '{"id": "ok", "texts": []}', line)
    with pytest.raises(OrganisationsFileError) as caught:
        read_organisations(path)
    assert (caught.value.line, caught.value.field) == (2, None)
    assert str(caught.value).startswith(f"{path}:2: {reason}")


def test_null_optional_fields_are_absent_ones(tmp_path: Path) -> None:
    optional = ("name", "country", "kind", "group", "offers", "needs", "segments", "languages")
    record = {"id": "a", "texts": ["t"], "opted_out": None, "partners": None, "excluded": None}
    path = write(tmp_path, json.dumps(record | dict.fromkeys(optional)))
    (profile,) = read_organisations(path)
    assert profile == read_organisations(write(tmp_path, '{"id": "a", "texts": ["t"]}'))[0]
    assert not profile.opted_out and profile.languages == frozenset()


def test_texts_may_be_empty(tmp_path: Path) -> None:
    (profile,) = read_organisations(write(tmp_path, '{"id": "a", "texts": [], "offers": ["o"]}'))
    assert (profile.texts, profile.offers) == ((), ("o",))


def test_language_codes_in_any_case_and_spacing_are_lower_cased(tmp_path: Path) -> None:
    path = write(tmp_path, '{"id": "a", "texts": [], "languages": [" FR ", "Nl", "de", "fr"]}')
    (profile,) = read_organisations(path)
    assert profile.languages == frozenset({"fr", "nl", "de"})


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("French", "fr"),
        ("français", "fr"),
        ("Francais", "fr"),
        ("Dutch", "nl"),
        ("Nederlands", "nl"),
        ("néerlandais", "nl"),
        ("Vlaams", "nl"),
        ("English", "en"),
        ("anglais", "en"),
        ("Engels", "en"),
        ("Deutsch", "de"),
        ("fra", "fr"),
        ("NLD", "nl"),
        ("fr-BE", "fr"),
        ("en_GB", "en"),
    ],
)
def test_language_name_is_refused_saying_which_code_to_write(
    tmp_path: Path, written: str, code: str
) -> None:
    path = write(tmp_path, json.dumps({"id": "a", "texts": [], "languages": ["en", written]}))
    with pytest.raises(OrganisationsFileError) as caught:
        read_organisations(path)
    assert str(caught.value) == (
        f"{path}:1: field 'languages': {written!r} is not an ISO 639-1 two-letter code; "
        f"write {code!r}"
    )


@pytest.mark.parametrize("written", ["klingon", "xx", "", " ", "e", "tlh"])
def test_unknown_language_is_refused_with_examples_of_codes(tmp_path: Path, written: str) -> None:
    path = write(tmp_path, json.dumps({"id": "a", "texts": [], "languages": [written]}))
    with pytest.raises(OrganisationsFileError) as caught:
        read_organisations(path)
    assert caught.value.field == "languages"
    assert caught.value.reason == (
        f"{written!r} is not an ISO 639-1 two-letter code (such as 'en', 'fr' or 'nl')"
    )
