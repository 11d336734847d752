"""Importing a workbook that hides an XML bomb: refused, located, and nothing stored."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine
from tests.exchange.hostile_workbooks import BILLION_LAUGHS, EXTERNAL_ENTITY, hostile_workbook

from rencontre.core.dataset import Dataset
from rencontre.core.errors import InvalidInput, Problem
from rencontre.services.records import import_files
from rencontre.store import repositories as repo
from rencontre.store.database import session_scope


def load(engine: Engine) -> Dataset:
    with session_scope(engine) as session:
        return repo.load_dataset(session)


@pytest.mark.parametrize("doctype", [BILLION_LAUGHS, EXTERNAL_ENTITY], ids=["bomb", "external"])
@pytest.mark.parametrize("update", [False, True], ids=["plain", "update"])
def test_a_workbook_declaring_entities_is_refused_and_nothing_is_stored(
    doctype: str, update: bool, engine: Engine, sample_dataset: Dataset, tmp_path: Path
) -> None:
    with session_scope(engine) as session:
        repo.save_dataset(session, sample_dataset)
    before = load(engine)
    people = tmp_path / "participants.csv"
    people.write_text(
        "email,full_name,organisation\nnew@lab.example,New,Wallonie Mobilité\n", encoding="utf-8"
    )
    bomb = hostile_workbook(tmp_path / "participants-more.xlsx", doctype)
    with pytest.raises(InvalidInput) as refused, session_scope(engine) as session:
        import_files(session, [people, bomb], update=update)
    assert refused.value.problems == [
        Problem(
            "participants-more.xlsx",
            None,
            None,
            "not read: its XML declares entities, as XML bombs do "
            "(save it again from a spreadsheet program)",
        )
    ]
    assert load(engine) == before
