"""The organisations of `match partners` are read within the size and row limits."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rencontre.core.input_limits import FileTooLarge, InputLimits
from rencontre.matching.organisations_file import OrganisationsFileError, read_organisations


def organisations(path: Path, ids: str) -> Path:
    records = [{"id": i, "texts": [f"Fabricant {i}"]} for i in ids]
    path.write_text("\n\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    return path


def test_rows_up_to_the_limit_are_read_and_blank_lines_do_not_count(tmp_path: Path) -> None:
    path = organisations(tmp_path / "orgs.jsonl", "abc")
    assert [p.id for p in read_organisations(path, limits=InputLimits(max_rows=3))] == list("abc")


def test_the_first_row_past_the_limit_is_refused_with_its_line(tmp_path: Path) -> None:
    path = organisations(tmp_path / "orgs.jsonl", "abc")
    with pytest.raises(OrganisationsFileError) as refused:
        read_organisations(path, limits=InputLimits(max_rows=2))
    assert str(refused.value) == f"{path}:5: more than 2 rows, the limit per file"


def test_a_file_past_the_size_limit_is_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "orgs.jsonl"
    with path.open("wb") as file:
        file.truncate(3_000_000_000)  # takes no disk; reading it would fill the memory
    with pytest.raises(FileTooLarge) as refused:
        read_organisations(path)
    assert str(refused.value) == f"{path}: 3,000 MB, over the limit of 50 MB per file"
