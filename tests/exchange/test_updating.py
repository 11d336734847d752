"""`--update` on files: stored keys update, left-out columns keep stored values."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from rencontre.core.dataset import Dataset
from rencontre.core.enums import Language
from rencontre.core.errors import InvalidInput, Problem
from rencontre.core.mission import TableChange
from rencontre.core.organisation import LocalizedText
from rencontre.exchange import FileFormat, read_import, write_files

INES, JOOST = "ines@voltaique.example", "joost@batterijlab.example"


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def refusal(paths: list[Path], existing: Dataset) -> list[Problem]:
    with pytest.raises(InvalidInput) as refused:
        read_import(paths, existing, update=True)
    return refused.value.problems


def missions_file(tmp_path: Path, existing: Dataset, **changes: object) -> Path:
    """`missions.json` holding the stored mission as exported, with `changes` to its object."""
    write_files(existing, tmp_path / "export", FileFormat.JSON)
    [mission] = json.loads((tmp_path / "export" / "missions.json").read_text(encoding="utf-8"))
    mission.update(changes)
    for key in [k for k, v in changes.items() if v is None]:
        del mission[key]
    return write(tmp_path, "missions.json", json.dumps([mission]))


def test_a_column_the_file_lacks_keeps_the_stored_value(
    tmp_path: Path, sample_dataset: Dataset
) -> None:
    text = (
        "email,full_name,organisation,role\n"
        f"{INES},Inès Dubois-Martin,Voltaïque Charge,\n"
        "new@lab.example,Nieuw,Batterij Lab Eindhoven,Engineer\n"
    )
    path = write(tmp_path, "participants.csv", text)
    participants = read_import([path], sample_dataset, update=True).dataset.participants
    stored = sample_dataset.participants[0]
    assert participants[0] == replace(stored, full_name="Inès Dubois-Martin", role="")
    assert participants[0].languages == (Language.FR, Language.EN)
    assert participants[1].email == "new@lab.example"


def test_description_columns_are_kept_one_by_one(tmp_path: Path, sample_dataset: Dataset) -> None:
    path = write(
        tmp_path, "organisations.csv", "name,country,description_nl\nVoltaïque Charge,FR,Laders\n"
    )
    [organisation] = read_import([path], sample_dataset, update=True).dataset.organisations
    assert organisation == replace(
        sample_dataset.organisations[0],
        descriptions=(
            LocalizedText(Language.FR, "Bornes de recharge rapide; cherche distributeurs."),
            LocalizedText(Language.NL, "Laders"),
            LocalizedText(Language.EN, "Fast EV chargers, looking for distributors."),
        ),
    )


def test_without_update_a_stored_key_is_refused(tmp_path: Path, sample_dataset: Dataset) -> None:
    path = write(
        tmp_path, "participants.csv", f"email,full_name,organisation\n{INES},I,Voltaïque Charge\n"
    )
    with pytest.raises(InvalidInput) as refused:
        read_import([path], sample_dataset)
    assert refused.value.problems == [
        Problem("participants.csv", 2, "email", f"'{INES}' is already in the database "
                "(to change it, use rencontre import --update)"),
    ]  # fmt: skip


def test_a_mission_object_keeps_what_it_leaves_out(tmp_path: Path, sample_dataset: Dataset) -> None:
    [mission] = sample_dataset.missions
    technopole = replace(
        mission.venues[0], table_changes=(TableChange(datetime(2025, 6, 10, 9, tzinfo=UTC), 8),)
    )
    stored = replace(
        sample_dataset, missions=(replace(mission, venues=(technopole, mission.venues[1])),)
    )
    venues = [
        {"key": "technopole", "name": "Transalley"},
        {"key": "lab", "name": "Lab", "tables": 2},
    ]
    path = missions_file(tmp_path, stored, venues=venues, programme=None, travel_times=None,
                         title="Nieuwe titel")  # fmt: skip
    [updated] = read_import([path], stored, update=True).dataset.missions
    assert updated == replace(
        stored.missions[0],
        title="Nieuwe titel",
        venues=(
            replace(technopole, name="Transalley"),
            replace(mission.venues[1], name="Lab", tables=2),
        ),
    )


def test_a_programme_without_venues_may_name_the_stored_venues(
    tmp_path: Path, sample_dataset: Dataset
) -> None:
    path = missions_file(tmp_path, sample_dataset, venues=None)
    [updated] = read_import([path], sample_dataset, update=True).dataset.missions
    assert updated == sample_dataset.missions[0]


def test_a_venue_in_use_cannot_be_removed(tmp_path: Path, sample_dataset: Dataset) -> None:
    venues = [{"key": "lab", "name": "University test tracks", "city": "Famars"}]
    path = missions_file(tmp_path, sample_dataset, venues=venues, programme=None, travel_times=[])
    assert refusal([path], sample_dataset) == [
        Problem("missions.json", 1, "venues",
                "venue 'technopole' cannot be removed: 1 stored meeting is there (Inès Dubois "
                "<ines@voltaique.example> and Joost van Dijk <joost@batterijlab.example> on "
                "2025-06-10 10:00); programme item 'welcome' (Welcome) is there; programme "
                "item 'b2b-1' (B2B meetings) is there"),
    ]  # fmt: skip


def test_a_removed_venue_named_by_the_new_programme_is_an_unknown_venue(
    tmp_path: Path, sample_dataset: Dataset
) -> None:
    stored = replace(sample_dataset, meetings=())
    path = missions_file(
        tmp_path, stored, venues=[{"key": "technopole", "name": "T"}], travel_times=[]
    )
    assert refusal([path], stored) == [
        Problem("missions.json", 1, "programme[3].venue", "unknown venue 'lab'"),
    ]


def test_a_meeting_row_must_match_its_stored_meeting(
    tmp_path: Path, sample_dataset: Dataset
) -> None:
    write_files(sample_dataset, tmp_path / "export", FileFormat.CSV)
    exported = (tmp_path / "export" / "meetings.csv").read_text(encoding="utf-8")
    same = write(tmp_path, "meetings.csv", exported)
    incoming = read_import(
        [same, tmp_path / "export" / "outcomes.csv"], sample_dataset, update=True
    )
    assert (incoming.dataset.meetings, incoming.dataset.outcomes) == ((), ())
    assert incoming.unchanged == {"meetings": 1, "outcomes": 1}
    moved = write(tmp_path, "meetings.csv", exported.replace(",technopole,4,", ",technopole,5,"))
    assert refusal([moved], sample_dataset) == [
        Problem("meetings.csv", 2, "requested",
                f"the meeting of {INES} and {JOOST} in mission 'hdf-nl-2025' is stored as "
                "2025-06-10 10:00–10:30 at 'technopole', table 4 (scheduled); meetings change "
                "through rencontre schedule"),
    ]  # fmt: skip


def test_new_fields_are_checked(tmp_path: Path, sample_dataset: Dataset) -> None:
    stored = Dataset(participants=sample_dataset.participants)
    mission = {
        "key": "m1", "title": "M", "start_date": "2027-05-10", "end_date": "2027-05-10",
        "venues": [{"key": "hall", "name": "Hall", "tables": 4,
                    "table_changes": [{"start": "2027-05-10T24:30", "tables": -1}]}],
        "programme": [{"key": "b2b", "title": "B2B", "kind": "b2b_session", "venue": "hall",
                       "start": "2027-05-10T14:00+02:00", "end": "2027-05-10T16:00+02:00",
                       "sequence": -2}],
        "languages": ["nl", "xx"],
    }  # fmt: skip
    meetings = (
        "mission,requester,requested,start,end,venue,table,sequence\n"
        f"m1,{INES},{JOOST},2027-05-10T14:00+02:00,2027-05-10T14:20+02:00,hall,1,many\n"
    )
    paths = [
        write(tmp_path, "missions.json", json.dumps([mission])),
        write(tmp_path, "meetings.csv", meetings),
    ]
    with pytest.raises(InvalidInput) as refused:
        read_import(paths, stored)
    offset = "expected a date and time such as 2025-06-10T09:00+02:00, got '2027-05-10T24:30'"
    assert refused.value.problems == [
        Problem("missions.json", 1, "venues[1].table_changes[1].start", offset),
        Problem(
            "missions.json", 1, "venues[1].table_changes[1].tables", "must be 0 or more, got -1"
        ),
        Problem("missions.json", 1, "programme[1].sequence", "must be 0 or more, got -2"),
        Problem(
            "missions.json", 1, "languages", "unknown value 'xx' (expected one of: fr, nl, en)"
        ),
        Problem("meetings.csv", 2, "sequence", "expected a whole number, got 'many'"),
    ]
