"""Mutual requests: one request per pair, merged from both directions, stored or imported."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from rencontre.core.dataset import Dataset
from rencontre.core.enums import RequestStatus
from rencontre.core.errors import InvalidInput, Problem
from rencontre.core.meeting import MeetingRequest
from rencontre.exchange import read_files, read_import

MISSION = "hdf-nl-2025"
INES, JOOST, ANNE = "ines@voltaique.example", "joost@batterijlab.example", "anne@wallonie.example"
HEADER = "mission,requester,requested,priority,message,status\n"
HINT = "(to change it, use rencontre import --update)"


def requests_file(tmp_path: Path, *rows: str, name: str = "meeting_requests.csv") -> Path:
    path = tmp_path / name
    path.write_text(HEADER + "".join(f"{MISSION},{row}\n" for row in rows), encoding="utf-8")
    return path


@pytest.fixture
def people_and_mission(sample_dataset: Dataset) -> Dataset:
    """What is stored: the sample's participants and its mission, and no request."""
    return Dataset(participants=sample_dataset.participants, missions=sample_dataset.missions)


def stored_request(people_and_mission: Dataset, request: MeetingRequest) -> Dataset:
    return replace(people_and_mission, meeting_requests=(request,))


def refusal(paths: list[Path], existing: Dataset) -> list[Problem]:
    with pytest.raises(InvalidInput) as refused:
        read_import(paths, existing)
    return refused.value.problems


def test_mutual_requests_in_one_file_become_one(
    tmp_path: Path, people_and_mission: Dataset
) -> None:
    path = requests_file(
        tmp_path,
        f"{JOOST},{ANNE},1,Meet our pilot line?,accepted",
        f"{INES},{JOOST},2,,pending",
        f"{ANNE},{JOOST},3,Graag,declined",
    )
    incoming = read_import([path], people_and_mission)
    merged = MeetingRequest(
        MISSION, JOOST, ANNE, priority=3, message="Meet our pilot line?",
        status=RequestStatus.DECLINED, reverse_message="Graag",
        origin=f"{JOOST} → {ANNE} (meeting_requests.csv, row 2) + "
        f"{ANNE} → {JOOST} (meeting_requests.csv, row 4)",
    )  # fmt: skip
    assert incoming.dataset.meeting_requests == (merged, MeetingRequest(MISSION, INES, JOOST))
    assert incoming.merged == (merged,)


def test_both_directions_across_two_files_keep_the_first_rows_direction(
    tmp_path: Path, people_and_mission: Dataset
) -> None:
    first = requests_file(tmp_path, f"{ANNE},{INES},2,Bonjour,accepted")
    second = tmp_path / "meeting_requests.json"
    second.write_text(
        f'[{{"mission": "{MISSION}", "requester": "{INES}", "requested": "{ANNE}", '
        '"message": "Hallo", "status": "accepted"}]',
        encoding="utf-8",
    )
    [request] = read_files([first, second], people_and_mission).meeting_requests
    assert (request.requester, request.message, request.reverse_message) == (
        ANNE,
        "Bonjour",
        "Hallo",
    )
    assert request.origin == (
        f"{ANNE} → {INES} (meeting_requests.csv, row 2) + "
        f"{INES} → {ANNE} (meeting_requests.json, row 1)"
    )


def test_reverse_of_a_stored_request_is_merged_into_it(
    tmp_path: Path, people_and_mission: Dataset
) -> None:
    stored = MeetingRequest(MISSION, INES, JOOST, priority=1, message="Parlons distribution",
                            status=RequestStatus.ACCEPTED)  # fmt: skip
    path = requests_file(tmp_path, f"{JOOST},{INES},3,Graag,pending")
    incoming = read_import([path], stored_request(people_and_mission, stored))
    merged = replace(
        stored, priority=3, reverse_message="Graag",
        origin=f"{INES} → {JOOST} (stored) + {JOOST} → {INES} (meeting_requests.csv, row 2)",
    )  # fmt: skip
    assert incoming.dataset.meeting_requests == (merged,)
    assert incoming.merged == (merged,)


def test_same_direction_as_stored_is_refused_with_the_update_hint(
    tmp_path: Path, people_and_mission: Dataset
) -> None:
    stored = MeetingRequest(MISSION, INES, JOOST)
    path = requests_file(tmp_path, f"{INES},{JOOST},3,Again,accepted")
    assert refusal([path], stored_request(people_and_mission, stored)) == [
        Problem("meeting_requests.csv", 2, "requested",
                f"{MISSION} → {INES} → {JOOST} is already in the database {HINT}"),
    ]  # fmt: skip


def test_reverse_of_a_stored_merged_request_is_refused(
    tmp_path: Path, people_and_mission: Dataset
) -> None:
    stored = MeetingRequest(MISSION, INES, JOOST, reverse_message="Graag", origin="earlier")
    path = requests_file(tmp_path, f"{JOOST},{INES},3,Graag,accepted")
    assert refusal([path], stored_request(people_and_mission, stored)) == [
        Problem("meeting_requests.csv", 2, "requested",
                f"{MISSION} → {JOOST} → {INES} is already in the database, merged into the "
                f"request {INES} → {JOOST} {HINT}"),
    ]  # fmt: skip


def test_same_direction_twice_in_one_import_is_refused(
    tmp_path: Path, people_and_mission: Dataset
) -> None:
    path = requests_file(
        tmp_path, f"{INES},{JOOST},1,,", f"{JOOST},{INES},1,,", f"{JOOST},{INES},2,,"
    )
    assert refusal([path], people_and_mission) == [
        Problem("meeting_requests.csv", 4, "requested",
                f"{MISSION} → {JOOST} → {INES} is also in meeting_requests.csv, row 3"),
    ]  # fmt: skip


def test_update_merges_the_reverse_direction_once(
    tmp_path: Path, people_and_mission: Dataset
) -> None:
    stored = MeetingRequest(MISSION, INES, JOOST, message="Bonjour", status=RequestStatus.ACCEPTED)
    path = requests_file(tmp_path, f"{JOOST},{INES},2,Graag,accepted")
    first = read_import([path], stored_request(people_and_mission, stored), update=True)
    [merged] = first.merged
    assert merged.reverse_message == "Graag"
    again = read_import([path], stored_request(people_and_mission, merged), update=True)
    assert again.dataset.meeting_requests == (merged,)
    assert again.merged == ()


def test_update_in_the_stored_direction_then_reverse(
    tmp_path: Path, people_and_mission: Dataset
) -> None:
    stored = MeetingRequest(MISSION, INES, JOOST, message="Bonjour", status=RequestStatus.PENDING)
    path = requests_file(
        tmp_path, f"{JOOST},{INES},1,Graag,pending", f"{INES},{JOOST},2,Salut,accepted"
    )
    incoming = read_import([path], stored_request(people_and_mission, stored), update=True)
    assert incoming.dataset.meeting_requests == (
        MeetingRequest(
            MISSION, INES, JOOST, priority=2, message="Salut", status=RequestStatus.ACCEPTED,
            reverse_message="Graag",
            origin=f"{INES} → {JOOST} (stored) + {JOOST} → {INES} (meeting_requests.csv, row 2)",
        ),
    )  # fmt: skip


def test_cancelled_is_a_status_files_may_hold(tmp_path: Path, people_and_mission: Dataset) -> None:
    path = requests_file(tmp_path, f"{INES},{JOOST},2,,cancelled")
    [request] = read_files([path], people_and_mission).meeting_requests
    assert request.status is RequestStatus.CANCELLED
