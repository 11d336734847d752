"""`rencontre request accept|decline|cancel` on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from rencontre.core.dataset import Dataset
from rencontre.core.enums import RequestStatus
from rencontre.exchange import FileFormat, write_files
from rencontre.store import repositories as repo

MISSION = "hdf-nl-2025"
INES, JOOST, ANNE = "ines@voltaique.example", "joost@batterijlab.example", "anne@wallonie.example"
RunCli = Callable[..., Result]
Statuses = Callable[[], dict[frozenset[str], RequestStatus]]


@pytest.fixture
def imported(rencontre: RunCli, sample_dataset: Dataset, tmp_path: Path) -> None:
    """The sample imported, then Joost's reverse request merged into Inès's."""
    paths = write_files(sample_dataset, tmp_path / "sample", FileFormat.CSV)
    assert rencontre("import", *map(str, paths)).exit_code == 0
    reverse = tmp_path / "meeting_requests.csv"
    reverse.write_text(
        f"mission,requester,requested,message\n{MISSION},{JOOST},{INES},Graag\n", encoding="utf-8"
    )
    assert rencontre("import", str(reverse)).exit_code == 0


@pytest.fixture
def statuses(stored_mission: Callable[[], repo.MissionSnapshot]) -> Statuses:
    def read() -> dict[frozenset[str], RequestStatus]:
        return {r.pair: r.status for r in stored_mission().requests}

    return read


def test_decline_then_accept_a_merged_pair(
    rencontre: RunCli, imported: None, statuses: Statuses
) -> None:
    pair = f"Inès Dubois <{INES}> → Joost van Dijk <{JOOST}> (mission {MISSION})"
    declined = rencontre("request", "decline", JOOST, INES)
    assert declined.exit_code == 0, declined.output
    assert declined.stdout.splitlines() == [
        f"Declined: {pair}, was accepted",
        "  Their meeting on 2025-06-10 10:00–10:30 (Technopole Transalley, table 4) stays "
        "until the schedule is repaired or run again.",
        "Run `rencontre repair` for the schedule to follow, keeping every other meeting in "
        "place (or `rencontre schedule` to schedule anew).",
    ]
    assert statuses()[frozenset((INES, JOOST))] is RequestStatus.DECLINED
    accepted = rencontre("request", "accept", INES, JOOST, "--mission", MISSION)
    assert accepted.exit_code == 0, accepted.output
    assert accepted.stdout.splitlines()[0] == f"Accepted: {pair}, was declined"
    assert statuses()[frozenset((INES, JOOST))] is RequestStatus.ACCEPTED
    again = rencontre("request", "accept", INES, JOOST)
    assert again.stdout.splitlines() == [f"Already accepted: {pair}"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((INES, "ghost@example.org"), "error: unknown participant 'ghost@example.org'"),
        ((INES, JOOST, "--mission", "nope"), "error: no mission 'nope'"),
        ((INES, "bad"), "error: malformed e-mail address 'bad'"),
    ],
)
def test_unknown_pair_or_mission_is_one_line(
    rencontre: RunCli, imported: None, statuses: Statuses, args: tuple[str, ...], message: str
) -> None:
    before = statuses()
    result = rencontre("request", "cancel", *args)
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", message + "\n")
    assert statuses() == before


def test_no_request_between_two_people(rencontre: RunCli, statuses: Statuses, tmp_path: Path,
                                       sample_dataset: Dataset) -> None:  # fmt: skip
    without = Dataset(
        organisations=sample_dataset.organisations,
        participants=sample_dataset.participants,
        missions=sample_dataset.missions,
    )
    paths = write_files(without, tmp_path / "sample", FileFormat.CSV)
    assert rencontre("import", *map(str, paths)).exit_code == 0
    result = rencontre("request", "accept", ANNE, INES)
    assert (result.exit_code, result.stderr) == (
        1,
        f"error: no meeting request between Anne Peeters <{ANNE}> and Inès Dubois <{INES}> in "
        f"mission '{MISSION}'\n",
    )


def test_from_file_with_one_bad_row_changes_nothing(
    rencontre: RunCli, imported: None, statuses: Statuses, tmp_path: Path
) -> None:
    before = statuses()
    path = tmp_path / "to-cancel.csv"
    path.write_text(
        f"requester,requested,mission\n{JOOST},{ANNE},\n{ANNE},ghost@example.org,{MISSION}\n",
        encoding="utf-8",
    )
    result = rencontre("request", "cancel", "--from-file", str(path))
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        "Nothing changed: to-cancel.csv, row 3, field 'requested': unknown participant "
        "'ghost@example.org'\n"
    )
    assert statuses() == before


def test_from_file_changes_every_pair(
    rencontre: RunCli, imported: None, statuses: Statuses, tmp_path: Path
) -> None:
    path = tmp_path / "to-cancel.csv"
    path.write_text(f"requester;requested\n{JOOST};{ANNE}\n{INES};{ANNE}\n", encoding="utf-8")
    result = rencontre("request", "cancel", "--from-file", str(path), "--mission", MISSION)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        f"Cancelled: Joost van Dijk <{JOOST}> → Anne Peeters <{ANNE}> (mission {MISSION}), "
        "was pending",
        f"Cancelled: Anne Peeters <{ANNE}> → Inès Dubois <{INES}> (mission {MISSION}), "
        "was proposed",
        "2 requests cancelled, 0 requests already cancelled.",
        "Run `rencontre repair` for the schedule to follow, keeping every other meeting in "
        "place (or `rencontre schedule` to schedule anew).",
    ]
    assert statuses() == {
        frozenset((INES, JOOST)): RequestStatus.ACCEPTED,
        frozenset((JOOST, ANNE)): RequestStatus.CANCELLED,
        frozenset((ANNE, INES)): RequestStatus.CANCELLED,
    }


@pytest.mark.parametrize("args", [(), (INES,), (INES, JOOST, "--from-file", "x.csv")])
def test_a_pair_or_a_file_is_needed(
    rencontre: RunCli, tmp_path: Path, args: tuple[str, ...]
) -> None:
    (tmp_path / "x.csv").write_text("requester,requested\n", encoding="utf-8")
    arguments = [str(tmp_path / a) if a.endswith(".csv") else a for a in args]
    result = rencontre("request", "accept", *arguments)
    assert result.exit_code == 2
    assert "give REQUESTER and REQUESTED, or --from-file FILE (not both)" in result.stderr
