"""Importing files into the database, plain and with `update`, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import Engine

from rencontre.core.dataset import Dataset
from rencontre.core.enums import Language, RequestStatus
from rencontre.core.errors import InvalidInput, Problem
from rencontre.core.meeting import MeetingRequest
from rencontre.exchange import FileFormat, write_files
from rencontre.services.records import ImportSummary, import_files
from rencontre.store import repositories as repo
from rencontre.store.database import session_scope
from rencontre.store.updates import RecordCounts

MISSION = "hdf-nl-2025"
INES, JOOST, ANNE = "ines@voltaique.example", "joost@batterijlab.example", "anne@wallonie.example"
REQUESTS = "mission,requester,requested,priority,message,status\n"
PARIS = ZoneInfo("Europe/Paris")


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def run_import(engine: Engine, *paths: Path, update: bool = False) -> ImportSummary:
    with session_scope(engine) as session:
        return import_files(session, paths, update=update)


def load(engine: Engine) -> Dataset:
    with session_scope(engine) as session:
        return repo.load_dataset(session)


@pytest.fixture
def people_and_mission(engine: Engine, sample_dataset: Dataset) -> Dataset:
    """Stored: the sample without its requests, meetings and outcomes."""
    dataset = replace(sample_dataset, meeting_requests=(), meetings=(), outcomes=())
    with session_scope(engine) as session:
        repo.save_dataset(session, dataset)
    return dataset


@pytest.fixture
def stored(engine: Engine, sample_dataset: Dataset) -> Dataset:
    with session_scope(engine) as session:
        repo.save_dataset(session, sample_dataset)
    return sample_dataset


def test_mutual_requests_in_one_file_are_stored_as_one(
    engine: Engine, people_and_mission: Dataset, tmp_path: Path
) -> None:
    text = REQUESTS + (
        f"{MISSION},{INES},{JOOST},1,Parlons distribution,accepted\n"
        f"{MISSION},{JOOST},{INES},3,Graag over laadpalen,accepted\n"
    )
    summary = run_import(engine, write(tmp_path, "meeting_requests.csv", text))
    [request] = load(engine).meeting_requests
    assert request == MeetingRequest(
        MISSION, INES, JOOST, priority=3, message="Parlons distribution",
        status=RequestStatus.ACCEPTED, reverse_message="Graag over laadpalen",
        origin=f"{INES} → {JOOST} (meeting_requests.csv, row 2) + "
        f"{JOOST} → {INES} (meeting_requests.csv, row 3)",
    )  # fmt: skip
    assert summary.counts["meeting_requests"] == RecordCounts(added=1)
    assert [str(pair) for pair in summary.merged] == [
        f"Inès Dubois <{INES}> and Joost van Dijk <{JOOST}> (mission {MISSION}): {request.origin}"
    ]


def test_reverse_of_a_stored_request_is_merged_and_reported(
    engine: Engine, stored: Dataset, tmp_path: Path
) -> None:
    text = REQUESTS + f"{MISSION},{JOOST},{INES},1,Graag,declined\n"
    summary = run_import(engine, write(tmp_path, "meeting_requests.csv", text))
    merged = replace(
        stored.meeting_requests[0], status=RequestStatus.DECLINED, reverse_message="Graag",
        origin=f"{INES} → {JOOST} (stored) + {JOOST} → {INES} (meeting_requests.csv, row 2)",
    )  # fmt: skip
    assert load(engine).meeting_requests == (merged, *stored.meeting_requests[1:])
    assert summary.counts["meeting_requests"] == RecordCounts(changed=1)
    assert [pair.request for pair in summary.merged] == [merged]


def test_same_direction_again_is_refused_and_changes_nothing(
    engine: Engine, stored: Dataset, tmp_path: Path
) -> None:
    people = "email,full_name,organisation\npiet@lab.example,Piet,Batterij Lab Eindhoven\n"
    text = REQUESTS + f"{MISSION},{INES},{JOOST},1,Encore,accepted\n"
    paths = [
        write(tmp_path, "participants.csv", people),
        write(tmp_path, "meeting_requests.csv", text),
    ]
    with pytest.raises(InvalidInput) as refused:
        run_import(engine, *paths)
    assert refused.value.problems == [
        Problem("meeting_requests.csv", 2, "requested",
                f"{MISSION} → {INES} → {JOOST} is already in the database "
                "(to change it, use rencontre import --update)"),
    ]  # fmt: skip
    assert load(engine) == stored


def test_update_changes_a_participant_adds_one_and_leaves_the_rest(
    engine: Engine, stored: Dataset, tmp_path: Path
) -> None:
    text = (
        "email,full_name,organisation,languages\n"
        f"{INES},Inès Dubois-Martin,Voltaïque Charge,fr|nl\n"
        f"{JOOST},Joost van Dijk,Batterij Lab Eindhoven,nl|en|fr\n"
        "piet@lab.example,Piet Jansen,Batterij Lab Eindhoven,nl\n"
    )
    summary = run_import(engine, write(tmp_path, "participants.csv", text), update=True)
    assert summary.counts["participants"] == RecordCounts(added=1, changed=1, unchanged=1)
    assert summary.counts["organisations"] == RecordCounts()
    ines, joost, anne, piet = load(engine).participants
    assert ines == replace(
        stored.participants[0], full_name="Inès Dubois-Martin", languages=(Language.FR, Language.NL)
    )
    assert (joost, anne) == stored.participants[1:]
    assert (piet.full_name, piet.languages) == ("Piet Jansen", (Language.NL,))
    assert load(engine).meetings == stored.meetings


def test_a_bad_row_under_update_changes_nothing(
    engine: Engine, stored: Dataset, tmp_path: Path
) -> None:
    text = (
        "email,full_name,organisation,languages\n"
        f"{INES},Inès Dubois-Martin,Voltaïque Charge,fr\n"
        f"{JOOST},Joost van Dijk,Nowhere BV,nl\n"
    )
    with pytest.raises(InvalidInput) as refused:
        run_import(engine, write(tmp_path, "participants.csv", text), update=True)
    assert refused.value.problems == [
        Problem("participants.csv", 3, "organisation", "unknown organisation 'Nowhere BV'")
    ]
    assert load(engine) == stored


def test_a_programme_item_moved_by_update_gets_the_next_sequence(
    engine: Engine, stored: Dataset, tmp_path: Path
) -> None:
    write_files(stored, tmp_path / "export", FileFormat.JSON)
    missions = json.loads((tmp_path / "export" / "missions.json").read_text(encoding="utf-8"))
    missions[0]["programme"][0]["start"] = "2025-06-10T09:15:00+02:00"
    path = write(tmp_path, "missions.json", json.dumps(missions))
    first = run_import(engine, path, update=True)
    again = run_import(engine, path, update=True)
    [mission] = load(engine).missions
    assert [p.sequence for p in mission.programme] == [1, 0, 0]
    assert (first.counts["missions"], again.counts["missions"]) == (
        RecordCounts(changed=1),
        RecordCounts(unchanged=1),
    )


def test_an_exported_folder_imported_again_with_update_changes_nothing(
    engine: Engine, stored: Dataset, tmp_path: Path
) -> None:
    paths = write_files(stored, tmp_path / "export", FileFormat.CSV)
    summary = run_import(engine, *paths, update=True)
    assert not summary.changed_anything
    assert {kind: c.unchanged for kind, c in summary.counts.items()} == {
        "organisations": 3, "participants": 3, "opportunities": 2, "missions": 1,
        "meeting_requests": 3, "meetings": 1, "outcomes": 1, "meeting_outcomes": 0,
    }  # fmt: skip
    assert load(engine) == stored


def test_the_summary_says_what_was_read_leniently(
    engine: Engine, people_and_mission: Dataset, tmp_path: Path
) -> None:
    organisations = "name,country\nLaadpaal BV,Pays-Bas\n"
    people = "email,full_name,organisation\npiet@laadpaal.example,Piet,laadpaal bv\n"
    meetings = (
        "mission,requester,requested,start,end,venue,table\n"
        f"{MISSION},{INES},{JOOST},2025-06-10 10:00,10/06/2025 10:30,technopole,4\n"
    )
    summary = run_import(
        engine,
        write(tmp_path, "Organisations (NL).csv", organisations),
        write(tmp_path, "participants_v2.csv", people),
        write(tmp_path, "meetings.csv", meetings),
    )
    stored = load(engine)
    assert [(o.name, o.country) for o in stored.organisations][-1] == ("Laadpaal BV", "NL")
    assert stored.participants[-1].organisation == "Laadpaal BV"
    [meeting] = stored.meetings
    assert (meeting.start, meeting.end) == (
        datetime(2025, 6, 10, 10, tzinfo=PARIS),
        datetime(2025, 6, 10, 10, 30, tzinfo=PARIS),
    )
    assert summary.notes == (
        "2 times without a UTC offset were read in Europe/Paris",
        "Country names read as their codes: 'Pays-Bas' → NL (1 cell)",
        "Organisation names read as the same name spelt otherwise: 'laadpaal bv' as "
        "'Laadpaal BV' (1 cell)",
    )


def test_a_workbook_with_a_sheet_per_kind_stores_the_dataset(
    engine: Engine, sample_dataset: Dataset, tmp_path: Path
) -> None:
    export = write_files(sample_dataset, tmp_path / "export", FileFormat.XLSX)
    book = Workbook()
    assert book.active is not None
    book.remove(book.active)
    for path in export:
        if path.suffix == ".xlsx":
            sheet = book.create_sheet(path.stem.replace("_", " ").title())
            exported = load_workbook(path, read_only=True)
            for row in exported.worksheets[0].iter_rows(values_only=True):
                sheet.append(row)
            exported.close()
    book.save(tmp_path / "mission.xlsx")
    summary = run_import(engine, tmp_path / "mission.xlsx", tmp_path / "export" / "missions.json")
    assert load(engine) == sample_dataset
    assert summary.counts["participants"] == RecordCounts(added=3)
    assert summary.notes == ()
