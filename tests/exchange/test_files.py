"""Whole sets of files: round trips in every format, empty exports, kinds from file names."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from rencontre.core.dataset import Dataset
from rencontre.core.enums import Language, MeetingStatus, RequestStatus
from rencontre.core.errors import InvalidInput, Problem
from rencontre.core.mission import TableChange
from rencontre.exchange import FileFormat, read_files, write_files
from rencontre.exchange.columns import COLUMNS

NAMES = {
    FileFormat.CSV: ["organisations.csv", "participants.csv", "opportunities.csv", "missions.json",
                     "meeting_requests.csv", "meetings.csv", "outcomes.csv",
                     "meeting_outcomes.csv"],
}  # fmt: skip


def with_operations(dataset: Dataset) -> Dataset:
    """`dataset` with what changes during a mission: merged and cancelled requests, sequences,
    a venue's table changes, working languages other than the default."""
    [mission] = dataset.missions
    technopole = replace(
        mission.venues[0], table_changes=(TableChange(datetime(2025, 6, 10, 9, 30, tzinfo=UTC), 8),)
    )
    welcome = replace(mission.programme[0], sequence=2)
    mission = replace(
        mission,
        venues=(technopole, *mission.venues[1:]),
        programme=(welcome, *mission.programme[1:]),
        languages=(Language.NL, Language.EN),
    )
    merged = replace(
        dataset.meeting_requests[0],
        reverse_message="Graag, over laadpalen",
        origin="a@x.example → b@y.example (stored) + b@y.example → a@x.example (f.csv, row 4)",
    )
    cancelled = replace(dataset.meeting_requests[1], status=RequestStatus.CANCELLED)
    meeting = replace(dataset.meetings[0], sequence=3, status=MeetingStatus.CANCELLED)
    return replace(
        dataset,
        missions=(mission,),
        meeting_requests=(merged, cancelled, *dataset.meeting_requests[2:]),
        meetings=(meeting,),
    )


@pytest.mark.parametrize("file_format", list(FileFormat))
def test_write_then_read_gives_the_dataset_back(
    file_format: FileFormat, sample_dataset: Dataset, tmp_path: Path
) -> None:
    paths = write_files(sample_dataset, tmp_path, file_format)
    assert read_files(paths) == sample_dataset


@pytest.mark.parametrize("file_format", list(FileFormat))
def test_new_fields_survive_a_round_trip(
    file_format: FileFormat, sample_dataset: Dataset, tmp_path: Path
) -> None:
    dataset = with_operations(sample_dataset)
    assert read_files(write_files(dataset, tmp_path, file_format)) == dataset


def test_new_fields_are_written(sample_dataset: Dataset, tmp_path: Path) -> None:
    write_files(with_operations(sample_dataset), tmp_path, FileFormat.CSV)
    requests = (tmp_path / "meeting_requests.csv").read_text(encoding="utf-8").splitlines()
    mission = json.loads((tmp_path / "missions.json").read_text(encoding="utf-8"))[0]
    assert requests[0].endswith(",score,reverse_message,origin")
    assert requests[2] == (
        "hdf-nl-2025,joost@batterijlab.example,anne@wallonie.example,2,,cancelled,,,"
    )
    assert mission["venues"][0]["table_changes"] == [
        {"start": "2025-06-10T11:30:00+02:00", "tables": 8}
    ]
    assert [item["sequence"] for item in mission["programme"]] == [2, 0, 0]
    assert mission["languages"] == ["nl", "en"]


@pytest.mark.parametrize("file_format", [FileFormat.CSV, FileFormat.JSON])
def test_files_written_twice_are_identical(
    file_format: FileFormat, sample_dataset: Dataset, tmp_path: Path
) -> None:
    first = write_files(sample_dataset, tmp_path / "a", file_format)
    second = write_files(read_files(first), tmp_path / "b", file_format)
    assert [p.read_bytes() for p in second] == [p.read_bytes() for p in first]


def test_export_names_one_file_per_kind(sample_dataset: Dataset, tmp_path: Path) -> None:
    paths = write_files(sample_dataset, tmp_path, FileFormat.CSV)
    assert [p.name for p in paths] == NAMES[FileFormat.CSV]


def test_empty_dataset_writes_headers_only(tmp_path: Path) -> None:
    paths = write_files(Dataset(), tmp_path, FileFormat.CSV)
    texts = {p.name: p.read_bytes().decode("utf-8") for p in paths}
    assert texts["organisations.csv"] == ",".join(COLUMNS["organisations"]) + "\r\n"
    assert texts["meetings.csv"] == ",".join(COLUMNS["meetings"]) + "\r\n"
    assert texts["missions.json"] == "[]\n"
    assert read_files(paths) == Dataset()


def test_empty_dataset_in_xlsx_has_a_header_row(tmp_path: Path) -> None:
    [path] = [p for p in write_files(Dataset(), tmp_path, FileFormat.XLSX) if p.stem == "outcomes"]
    workbook = load_workbook(path, read_only=True)
    rows = list(workbook["outcomes"].iter_rows(values_only=True))
    workbook.close()
    assert rows == [COLUMNS["outcomes"]]


def test_csv_cells_use_pipes_for_lists_and_keep_text_as_written(
    sample_dataset: Dataset, tmp_path: Path
) -> None:
    paths = write_files(sample_dataset, tmp_path, FileFormat.CSV)
    organisations = (tmp_path / "organisations.csv").read_text(encoding="utf-8")
    participants = (tmp_path / "participants.csv").read_text(encoding="utf-8").splitlines()
    assert organisations.splitlines()[1] == (
        "Voltaïque Charge,FR,company,Voltaïque Charge SAS,Hauts-de-France,Valenciennes,micro,"
        "https://voltaique.example,Bornes de recharge rapide; cherche distributeurs.,,"
        '"Fast EV chargers, looking for distributors.",CHG-DC|CHG-SMART,27.90|C,true,'
        "invented for tests"
    )
    assert participants[1] == (
        "ines@voltaique.example,Inès Dubois,Voltaïque Charge,CEO,fr|en,"
        "2025-06-10T09:00:00+02:00/2025-06-10T12:00:00+02:00|"
        "2025-06-11T14:00:00+02:00/2025-06-11T18:00:00+02:00"
    )
    assert len(paths) == 8


def test_meetings_are_written_in_the_mission_time_zone(
    sample_dataset: Dataset, tmp_path: Path
) -> None:
    write_files(sample_dataset, tmp_path, FileFormat.CSV)
    lines = (tmp_path / "meetings.csv").read_text(encoding="utf-8").splitlines()
    assert lines[1] == (
        "hdf-nl-2025,ines@voltaique.example,joost@batterijlab.example,"
        "2025-06-10T10:00:00+02:00,2025-06-10T10:30:00+02:00,technopole,4,scheduled,0"
    )


def test_files_may_come_in_any_order(sample_dataset: Dataset, tmp_path: Path) -> None:
    paths = write_files(sample_dataset, tmp_path, FileFormat.JSON)
    assert read_files(list(reversed(paths))) == sample_dataset


def test_unknown_kind_of_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_text("email\n", encoding="utf-8")
    with pytest.raises(InvalidInput) as refused:
        read_files([path])
    expected = "organisations, participants, opportunities, missions, meeting_requests, "
    expected += "meetings, outcomes, meeting_outcomes"
    reason = f"unknown kind of file: start its name with what it holds: one of {expected}"
    assert refused.value.problems == [Problem("people.csv", None, None, reason)]


def test_missions_only_as_json(tmp_path: Path) -> None:
    path = tmp_path / "missions.csv"
    path.write_text("key\n", encoding="utf-8")
    with pytest.raises(InvalidInput) as refused:
        read_files([path])
    reason = "missions are nested: use missions.json"
    assert refused.value.problems == [Problem("missions.csv", None, None, reason)]


def test_excel_csv_has_a_bom_semicolons_crlf_and_decimal_commas(
    sample_dataset: Dataset, tmp_path: Path
) -> None:
    paths = write_files(sample_dataset, tmp_path, FileFormat.CSV, excel=True)
    requests = (tmp_path / "meeting_requests.csv").read_bytes()
    organisations = (tmp_path / "organisations.csv").read_bytes()
    assert requests.startswith(b"\xef\xbb\xbfmission;requester;requested;priority;")
    assert requests.decode("utf-8-sig").split("\r\n")[3] == (
        "hdf-nl-2025;anne@wallonie.example;ines@voltaique.example;1;;proposed;0,8125;;"
    )
    assert (
        organisations.decode("utf-8-sig")
        .split("\r\n")[1]
        .startswith("Voltaïque Charge;FR;company;Voltaïque Charge SAS;")
    )
    assert (tmp_path / "missions.json").read_bytes().startswith(b"[\n")  # JSON stays JSON
    assert read_files(paths) == sample_dataset


def test_the_excel_variant_is_for_csv_only(sample_dataset: Dataset, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="use it with the CSV format"):
        write_files(sample_dataset, tmp_path, FileFormat.XLSX, excel=True)
