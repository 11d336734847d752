from __future__ import annotations

import json
from pathlib import Path

import pytest

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
        "segments": ["CELL"],
        "partners": [7, "x"],
        "languages": ["NL", "en"],
        "colour": "blue",
    }
    profiles, written = read_organisations_and_ids(write(tmp_path, json.dumps(record), ""))
    (profile,) = profiles
    assert profile.id == "12" and written == {"12": 12}
    assert profile.country == "NL" and profile.partners == frozenset({"7", "x"})
    assert profile.languages == frozenset({"nl", "en"})
    assert profile.offers == ("o",) and profile.segments == frozenset({"CELL"})


@pytest.mark.parametrize(
    ("line", "field", "reason"),
    [
        ('{"texts": []}', "id", "missing"),
        ('{"id": "a"}', "texts", "missing"),
        ('{"id": "a", "texts": "x"}', "texts", "expected a list, got str"),
        ('{"id": "a", "texts": [1]}', "texts", "item 0 must be a string"),
        ('{"id": "a", "texts": [], "country": 3}', "country", "expected a string"),
        ('{"id": "a", "texts": [], "partners": [null]}', "partners", "item 0 must be an id"),
        ("[1]", "-", "expected a JSON object"),
        ("{nope", "-", "invalid JSON"),
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
