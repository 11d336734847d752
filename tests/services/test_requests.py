"""Accepting, declining and cancelling requests, on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import Engine

from rencontre.core.dataset import Dataset
from rencontre.core.enums import RequestStatus
from rencontre.core.errors import InvalidInput, Problem
from rencontre.services.requests import (
    RequestNotFound,
    change_status,
    change_statuses_from_file,
)
from rencontre.store import repositories as repo
from rencontre.store.database import session_scope

MISSION = "hdf-nl-2025"
INES, JOOST, ANNE = "ines@voltaique.example", "joost@batterijlab.example", "anne@wallonie.example"


@pytest.fixture
def stored(engine: Engine, sample_dataset: Dataset) -> Dataset:
    with session_scope(engine) as session:
        repo.save_dataset(session, sample_dataset)
    return sample_dataset


def statuses(engine: Engine) -> dict[frozenset[str], RequestStatus]:
    with session_scope(engine) as session:
        return {r.pair: r.status for r in repo.meeting_requests(session, MISSION)}


def test_a_request_is_found_in_either_direction(engine: Engine, stored: Dataset) -> None:
    with session_scope(engine) as session:
        change = change_status(session, JOOST.upper(), INES, RequestStatus.DECLINED)
    assert (change.request.requester, change.before, change.changed) == (
        INES, RequestStatus.ACCEPTED, True
    )  # fmt: skip
    assert change.people == f"Inès Dubois <{INES}> → Joost van Dijk <{JOOST}>"
    assert change.meeting == stored.meetings[0]  # still scheduled until the next schedule
    assert statuses(engine)[frozenset((INES, JOOST))] is RequestStatus.DECLINED


def test_the_same_status_again_is_no_change(engine: Engine, stored: Dataset) -> None:
    with session_scope(engine) as session:
        change = change_status(session, INES, JOOST, RequestStatus.ACCEPTED, mission=MISSION)
    assert (change.before, change.changed) == (RequestStatus.ACCEPTED, False)


@pytest.mark.parametrize(
    ("people", "mission", "error", "message"),
    [
        ((INES, "ghost@example.org"), None, RequestNotFound,
         "unknown participant 'ghost@example.org'"),
        ((INES, JOOST), "other", repo.MissionNotFound, "no mission 'other'"),
        ((INES, "not-an-address"), None, ValueError, "malformed e-mail address 'not-an-address'"),
    ],
)  # fmt: skip
def test_unknown_things_are_refused(
    engine: Engine,
    stored: Dataset,
    people: tuple[str, str],
    mission: str | None,
    error: type[Exception],
    message: str,
) -> None:
    with pytest.raises(error) as refused, session_scope(engine) as session:
        change_status(session, *people, RequestStatus.ACCEPTED, mission=mission)
    assert str(refused.value) == message


def drop_proposed(engine: Engine) -> None:
    """Leave Anne and Inès without a request (theirs is the sample's proposed one)."""
    with session_scope(engine) as session:
        repo.replace_proposed_requests(session, MISSION, [])


def test_a_pair_without_a_request(engine: Engine, stored: Dataset) -> None:
    drop_proposed(engine)
    with pytest.raises(RequestNotFound) as refused, session_scope(engine) as session:
        change_status(session, ANNE, INES, RequestStatus.ACCEPTED)
    assert str(refused.value) == (
        f"no meeting request between Anne Peeters <{ANNE}> and Inès Dubois <{INES}> in "
        f"mission '{MISSION}'"
    )


def test_from_a_file_every_pair_changes(engine: Engine, stored: Dataset, tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["requested", "requester", "mission"])
    sheet.append([ANNE, JOOST, None])
    sheet.append([INES, ANNE, MISSION])
    sheet.append([ANNE, JOOST, None])  # listed twice: changed once
    path = tmp_path / "requests.xlsx"
    workbook.save(path)
    with session_scope(engine) as session:
        changes = change_statuses_from_file(session, path, RequestStatus.CANCELLED)
    assert [(c.request.requester, c.before) for c in changes] == [
        (JOOST, RequestStatus.PENDING),
        (ANNE, RequestStatus.PROPOSED),
    ]
    assert set(statuses(engine).values()) == {RequestStatus.ACCEPTED, RequestStatus.CANCELLED}


def test_from_a_file_one_bad_row_changes_nothing(
    engine: Engine, stored: Dataset, tmp_path: Path
) -> None:
    drop_proposed(engine)
    before = statuses(engine)
    path = tmp_path / "requests.csv"
    path.write_text(
        "requester;requested;mission\n"
        f"{JOOST};{ANNE};\n"
        f"{INES};{INES};\n"
        f"{ANNE};ghost@example.org;other\n"
        f"{ANNE};{INES};\n",
        encoding="utf-8",
    )
    with pytest.raises(InvalidInput) as refused, session_scope(engine) as session:
        change_statuses_from_file(session, path, RequestStatus.DECLINED)
    assert refused.value.problems == [
        Problem("requests.csv", 3, "requested", "a participant cannot meet themselves"),
        Problem("requests.csv", 4, "mission", "no mission 'other'"),
        Problem("requests.csv", 4, "requested", "unknown participant 'ghost@example.org'"),
        Problem("requests.csv", 5, "requested",
                f"no meeting request between Anne Peeters <{ANNE}> and Inès Dubois "
                f"<{INES}> in mission '{MISSION}'"),
    ]  # fmt: skip
    assert statuses(engine) == before


def test_a_file_with_a_wrong_header(engine: Engine, stored: Dataset, tmp_path: Path) -> None:
    path = tmp_path / "requests.csv"
    path.write_text(f"requester,partner\n{INES},{JOOST}\n", encoding="utf-8")
    with pytest.raises(InvalidInput) as refused, session_scope(engine) as session:
        change_statuses_from_file(session, path, RequestStatus.DECLINED)
    assert refused.value.problems == [
        Problem("requests.csv", 1, "partner",
                "unknown column (expected some of: requester, requested, mission)"),
        Problem("requests.csv", 1, "requested", "required column is missing"),
    ]  # fmt: skip
