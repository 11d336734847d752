"""Refused input: every bad row is reported with its file, row, field and reason."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from rencontre.core.dataset import Dataset
from rencontre.core.errors import InvalidInput, Problem
from rencontre.core.organisation import Organisation
from rencontre.exchange import read_files

ORGANISATIONS = "name,country,segments\nVoltaïque Charge,FR,CHG-DC\nBatterij Lab,NL,\n"
UNKNOWN_XX = "unknown country 'XX' (expected an ISO 3166-1 alpha-2 code or a country's name)"


def files(tmp_path: Path, **contents: str) -> list[Path]:
    """Write `contents` (file name with `.` as `__` → text) and return the paths."""
    paths = []
    for name, text in contents.items():
        path = tmp_path / name.replace("__", ".")
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


@pytest.fixture
def people_and_mission(sample_dataset: Dataset) -> Dataset:
    """What is stored: the sample's participants and its mission, nothing that names a pair."""
    return Dataset(participants=sample_dataset.participants, missions=sample_dataset.missions)


def problems(paths: list[Path], existing: Dataset = Dataset()) -> list[Problem]:
    with pytest.raises(InvalidInput) as refused:
        read_files(paths, existing)
    return refused.value.problems


def test_valid_files_are_read(tmp_path: Path) -> None:
    people = "email,full_name,organisation\n  Ines@Voltaique.EXAMPLE ,Inès,Voltaïque Charge\n"
    dataset = read_files(
        files(tmp_path, participants__csv=people, organisations__csv=ORGANISATIONS)
    )
    assert [p.email for p in dataset.participants] == ["ines@voltaique.example"]
    assert [o.name for o in dataset.organisations] == ["Voltaïque Charge", "Batterij Lab"]


def test_eu_country_codes_are_accepted(tmp_path: Path) -> None:
    text = "name,country\nHellas Auto,EL\nBritish Cells,uk\n"
    dataset = read_files(files(tmp_path, organisations__csv=text))
    assert [o.country for o in dataset.organisations] == ["GR", "GB"]


def test_bad_organisation_rows(tmp_path: Path) -> None:
    text = (
        "name,country,kind,segments,nace_codes,fictional\n"
        ",FR,,,,\n"
        "Atlantis Motors,XX,,,,\n"
        "Acme,FR,spaceship,BAT-CELL|NOPE,27.90|9999,maybe\n"
    )
    assert problems(files(tmp_path, organisations__csv=text)) == [
        Problem("organisations.csv", 2, "name", "required value is missing"),
        Problem("organisations.csv", 3, "country", UNKNOWN_XX),
        Problem("organisations.csv", 4, "kind", "unknown value 'spaceship' (expected one of: "
                "company, carmaker, supplier, research_lab, cluster, agency, investor, "
                "public_body)"),
        Problem("organisations.csv", 4, "segments", "unknown value-chain segment 'NOPE'"),
        Problem("organisations.csv", 4, "nace_codes", "malformed NACE Rev.2 code '9999'"),
        Problem("organisations.csv", 4, "fictional", "expected true or false, got 'maybe'"),
    ]  # fmt: skip


def test_organisation_may_already_be_stored(tmp_path: Path) -> None:
    people = "email,full_name,organisation\njan@lab.example,Jan,Stored BV\n"
    existing = Dataset(organisations=(Organisation("Stored BV", "NL"),))
    dataset = read_files(files(tmp_path, participants__csv=people), existing)
    assert [p.organisation for p in dataset.participants] == ["Stored BV"]


def test_duplicates_in_the_import_and_in_the_database(tmp_path: Path) -> None:
    text = "name,country\nAcme,FR\nStored BV,NL\nAcme,BE\n"
    existing = Dataset(organisations=(Organisation("Stored BV", "NL"),))
    assert problems(files(tmp_path, organisations__csv=text), existing) == [
        Problem("organisations.csv", 3, "name", "'Stored BV' is already in the database "
                "(to change it, use rencontre import --update)"),
        Problem("organisations.csv", 4, "name", "'Acme' is also in organisations.csv, row 2"),
    ]  # fmt: skip


def test_duplicates_across_files(tmp_path: Path) -> None:
    json_text = json.dumps([{"name": "Voltaïque Charge", "country": "FR"}])
    paths = files(tmp_path, organisations__csv=ORGANISATIONS, organisations__json=json_text)
    assert problems(paths) == [
        Problem("organisations.json", 1, "name",
                "'Voltaïque Charge' is also in organisations.csv, row 2"),
    ]  # fmt: skip


def test_header_problems(tmp_path: Path) -> None:
    text = "name,pays,name\nAcme,FR,Acme\n"
    expected_columns = (
        "name, country, kind, legal_name, region, city, size_band, website, description_fr, "
        "description_nl, description_en, segments, nace_codes, fictional, source"
    )
    assert problems(files(tmp_path, organisations__csv=text)) == [
        Problem("organisations.csv", 1, "pays",
                f"unknown column (expected some of: {expected_columns})"),
        Problem("organisations.csv", 1, "name", "column is given twice"),
        Problem("organisations.csv", 1, "country", "required column is missing"),
    ]  # fmt: skip


def test_json_unknown_keys_and_wrong_types(tmp_path: Path) -> None:
    text = json.dumps([{"name": "Acme", "country": "FR", "colour": "red", "segments": [1]}])
    assert problems(files(tmp_path, organisations__json=text)) == [
        Problem("organisations.json", 1, "colour", "unknown key"),
        Problem("organisations.json", 1, "segments", "expected a list of texts"),
    ]


def test_bad_meeting_request_rows(tmp_path: Path, people_and_mission: Dataset) -> None:
    text = (
        "mission,requester,requested,priority,status\n"
        "hdf-nl-2025,ines@voltaique.example,ines@voltaique.example,5,accepted\n"
        "hdf-nl-2025,ines@voltaique.example,ghost@example.org,,\n"
        "other,ines@voltaique.example,anne@wallonie.example,,maybe\n"
    )
    assert problems(files(tmp_path, meeting_requests__csv=text), people_and_mission) == [
        Problem("meeting_requests.csv", 2, "requested", "a participant cannot meet themselves"),
        Problem("meeting_requests.csv", 2, "priority", "priority must be 1, 2 or 3, got 5"),
        Problem("meeting_requests.csv", 3, "requested", "unknown participant 'ghost@example.org'"),
        Problem("meeting_requests.csv", 4, "status", "unknown value 'maybe' (expected one of: "
                "proposed, pending, accepted, declined, cancelled)"),
        Problem("meeting_requests.csv", 4, "mission", "unknown mission 'other'"),
    ]  # fmt: skip


def test_bad_meeting_rows(tmp_path: Path, people_and_mission: Dataset) -> None:
    text = (
        "mission,requester,requested,start,end,venue,table\n"
        "hdf-nl-2025,ines@voltaique.example,joost@batterijlab.example,"
        "2025-06-10T10:00,2025-06-10 09:30,moon,0\n"
    )
    assert problems(files(tmp_path, meetings__csv=text), people_and_mission) == [
        Problem("meetings.csv", 2, "end", "the meeting ends before it starts"),
        Problem("meetings.csv", 2, "table", "tables are numbered from 1, got 0"),
        Problem("meetings.csv", 2, "venue", "unknown venue 'moon' in mission 'hdf-nl-2025'"),
    ]  # fmt: skip


def test_bad_mission(tmp_path: Path) -> None:
    mission = {
        "key": "m1", "title": "Mission", "start_date": "2025-06-11", "end_date": "2025-06-10",
        "venues": [{"key": "hall", "name": "Hall"}, {"key": "hall", "name": "Again"}],
        "programme": [{"key": "talk", "title": "Talk", "kind": "talk", "venue": "roof",
                       "start": "2025-06-10T09:00+02:00", "end": "2025-06-10T08:00+02:00",
                       "audience": ["ghost@example.org"]}],
        "participants": ["nobody"],
    }  # fmt: skip
    assert problems(files(tmp_path, missions__json=json.dumps([mission]))) == [
        Problem("missions.json", 1, "end_date", "the mission ends before it starts"),
        Problem("missions.json", 1, "venues[2].key", "venue 'hall' is given twice"),
        Problem("missions.json", 1, "programme[1].end", "the item ends before it starts"),
        Problem("missions.json", 1, "programme[1].venue", "unknown venue 'roof'"),
        Problem("missions.json", 1, "participants[1].email",
                "malformed e-mail address 'nobody'"),
        Problem("missions.json", 1, "programme[1].audience[1]",
                "unknown participant 'ghost@example.org'"),
    ]  # fmt: skip


def test_mission_people_must_exist(tmp_path: Path) -> None:
    mission = {
        "key": "m1", "title": "Mission", "start_date": "2025-06-10", "end_date": "2025-06-10",
        "venues": [{"key": "hall", "name": "Hall"}],
        "programme": [{"key": "talk", "title": "Talk", "kind": "talk", "venue": "hall",
                       "start": "2025-06-10T09:00+02:00", "end": "2025-06-10T10:00+02:00",
                       "audience": ["ghost@example.org"]}],
        "participants": ["ghost@example.org"],
    }  # fmt: skip
    assert problems(files(tmp_path, missions__json=json.dumps([mission]))) == [
        Problem("missions.json", 1, "participants[1]", "unknown participant 'ghost@example.org'"),
        Problem("missions.json", 1, "programme[1].audience[1]",
                "unknown participant 'ghost@example.org'"),
    ]  # fmt: skip


def test_every_file_is_reported_at_once(tmp_path: Path) -> None:
    paths = files(
        tmp_path,
        organisations__csv="name,country\nAcme,ZZ\n",
        opportunities__csv="reference,organisation,type,title\nR1,Acme,,Title\n",
    )
    assert problems(paths) == [
        Problem("organisations.csv", 2, "country",
                "unknown country 'ZZ' (expected an ISO 3166-1 alpha-2 code or a country's name)"),
        Problem("opportunities.csv", 2, "type", "required value is missing"),
    ]  # fmt: skip


def test_every_problem_of_every_kind_is_reported_in_row_order(tmp_path: Path) -> None:
    text = (
        "name,country,segments\nAcme,FR,BAT-CELL\nBeta,XX,BAT-CELL\nGamma,NL,NOPE\nAcme,FR,\n,NL,\n"
    )
    assert problems(files(tmp_path, organisations__csv=text)) == [
        Problem("organisations.csv", 3, "country", UNKNOWN_XX),
        Problem("organisations.csv", 4, "segments", "unknown value-chain segment 'NOPE'"),
        Problem("organisations.csv", 5, "name", "'Acme' is also in organisations.csv, row 2"),
        Problem("organisations.csv", 6, "name", "required value is missing"),
    ]  # fmt: skip


def test_malformed_email_and_unknown_organisation_in_one_run(tmp_path: Path) -> None:
    people = (
        "email,full_name,organisation\n"
        "not-an-address,Someone,Voltaïque Charge\n"
        "jan@lab.example,Jan,Nope\n"
        "bad@,Piet,Nowhere BV\n"
    )
    paths = files(tmp_path, participants__csv=people, organisations__csv=ORGANISATIONS)
    assert problems(paths) == [
        Problem("participants.csv", 2, "email", "malformed e-mail address 'not-an-address'"),
        Problem("participants.csv", 3, "organisation", "unknown organisation 'Nope'"),
        Problem("participants.csv", 4, "email", "malformed e-mail address 'bad@'"),
        Problem("participants.csv", 4, "organisation", "unknown organisation 'Nowhere BV'"),
    ]


def test_refused_row_still_exists_for_references_and_duplicates(tmp_path: Path) -> None:
    organisations = "name,country\nAcme,XX\nAcme,FR\n"
    people = "email,full_name,organisation\njan@acme.example,Jan,Acme\n"
    paths = files(tmp_path, organisations__csv=organisations, participants__csv=people)
    assert problems(paths) == [
        Problem("organisations.csv", 2, "country", UNKNOWN_XX),
        Problem("organisations.csv", 3, "name", "'Acme' is also in organisations.csv, row 2"),
    ]  # fmt: skip


def test_references_into_a_file_that_cannot_be_read_are_not_checked(tmp_path: Path) -> None:
    organisations = "name,pays\nAcme,FR\n"
    people = "email,full_name,organisation\njan@acme.example,Jan,Acme\nbad,Piet,Acme\n"
    paths = files(tmp_path, organisations__csv=organisations, participants__csv=people)
    assert [(p.file, p.row, p.field) for p in problems(paths)] == [
        ("organisations.csv", 1, "pays"),
        ("organisations.csv", 1, "country"),
        ("participants.csv", 3, "email"),
    ]


def test_references_are_not_checked_when_a_file_has_no_known_kind(tmp_path: Path) -> None:
    people = "email,full_name,organisation\njan@acme.example,Jan,Acme\n"
    paths = files(tmp_path, organisation__csv="name,country\nAcme,FR\n", participants__csv=people)
    assert [(p.file, p.row, p.field) for p in problems(paths)] == [
        ("organisation.csv", None, None),
    ]


def test_requests_in_a_refused_mission_are_not_checked_against_it(
    tmp_path: Path, sample_dataset: Dataset
) -> None:
    mission = {"key": "m1", "start_date": "2025-06-11", "end_date": "2025-06-10",
               "participants": ["ines@voltaique.example"]}  # fmt: skip
    requests = (
        "mission,requester,requested\n"
        "m1,ines@voltaique.example,joost@batterijlab.example\n"
        "m2,ines@voltaique.example,joost@batterijlab.example\n"
    )
    stored = Dataset(participants=sample_dataset.participants)
    paths = files(tmp_path, missions__json=json.dumps([mission]), meeting_requests__csv=requests)
    assert problems(paths, stored) == [
        Problem("missions.json", 1, "end_date", "the mission ends before it starts"),
        Problem("missions.json", 1, "title", "required value is missing"),
        Problem("meeting_requests.csv", 3, "mission", "unknown mission 'm2'"),
    ]


MEETING_HEADER = "mission,requester,requested,start,end,venue,table\n"


def meetings_csv(*rows: tuple[str, str, str, str, int], mission: str = "hdf-nl-2025") -> str:
    """`meetings.csv` in one mission: (pair, start, end, venue, table) per row."""
    lines = [f"{mission},{pair},{start},{end},{venue},{table}\n"
             for pair, start, end, venue, table in rows]  # fmt: skip
    return MEETING_HEADER + "".join(lines)


INES_JOOST = "ines@voltaique.example,joost@batterijlab.example"
JOOST_ANNE = "joost@batterijlab.example,anne@wallonie.example"
ANNE_INES = "anne@wallonie.example,ines@voltaique.example"


def at(hour: int, minute: int = 0) -> str:
    """A moment of the sample mission's B2B day, 10 June 2025 in Paris."""
    return f"2025-06-10T{hour:02}:{minute:02}+02:00"


OUTCOME_HEADER = "mission,requester,requested,kind,recorded_on,value_eur\n"


def test_meeting_table_beyond_its_venue_tables(tmp_path: Path, people_and_mission: Dataset) -> None:
    text = meetings_csv(
        (INES_JOOST, at(10), at(10, 30), "technopole", 12),
        (JOOST_ANNE, at(10, 30), at(11), "technopole", 13),
        (ANNE_INES, at(11), at(11, 30), "lab", 1),
    )
    assert problems(files(tmp_path, meetings__csv=text), people_and_mission) == [
        Problem("meetings.csv", 3, "table", "venue 'technopole' has tables 1 to 12, got 13"),
        Problem("meetings.csv", 4, "table", "venue 'lab' has no B2B tables"),
    ]


def test_meeting_table_is_checked_against_a_mission_of_the_same_import(
    tmp_path: Path, sample_dataset: Dataset
) -> None:
    mission = {
        "key": "m1", "title": "Mission", "start_date": "2027-05-10", "end_date": "2027-05-10",
        "venues": [{"key": "hall", "name": "Hall", "tables": 2}],
        "programme": [{"key": "b2b", "title": "B2B", "kind": "b2b_session", "venue": "hall",
                       "start": "2027-05-10T14:00+02:00", "end": "2027-05-10T16:00+02:00"}],
        "participants": ["ines@voltaique.example", "joost@batterijlab.example"],
    }  # fmt: skip
    text = meetings_csv(
        (INES_JOOST, "2027-05-10T14:20+02:00", "2027-05-10T14:40+02:00", "hall", 7), mission="m1"
    )
    paths = files(tmp_path, missions__json=json.dumps([mission]), meetings__csv=text)
    assert problems(paths, Dataset(participants=sample_dataset.participants)) == [
        Problem("meetings.csv", 2, "table", "venue 'hall' has tables 1 to 2, got 7"),
    ]


def test_meeting_start_outside_every_b2b_session(
    tmp_path: Path, people_and_mission: Dataset
) -> None:
    text = meetings_csv(
        (INES_JOOST, at(11, 30), at(12), "technopole", 1),
        (JOOST_ANNE, at(12), at(12, 30), "technopole", 1),
        (ANNE_INES, "2027-05-10T14:20+02:00", "2027-05-10T14:40+02:00", "technopole", 2),
    )
    outside = "is in no B2B session of mission 'hdf-nl-2025' (Europe/Paris time: " \
        "2025-06-10 10:00–12:00)"  # fmt: skip
    assert problems(files(tmp_path, meetings__csv=text), people_and_mission) == [
        Problem("meetings.csv", 3, "start", f"2025-06-10T12:00:00+02:00 {outside}"),
        Problem("meetings.csv", 4, "start", f"2027-05-10T14:20:00+02:00 {outside}"),
    ]


def test_negative_outcome_value(tmp_path: Path, sample_dataset: Dataset) -> None:
    text = OUTCOME_HEADER + (
        f"hdf-nl-2025,{INES_JOOST},follow_up,2025-06-20,0\n"
        f"hdf-nl-2025,{INES_JOOST},follow_up,2025-06-21,-5\n"
    )
    assert problems(files(tmp_path, outcomes__csv=text), sample_dataset) == [
        Problem("outcomes.csv", 3, "value_eur", "a value in euros cannot be negative, got -5"),
    ]


def test_outcome_of_a_pair_that_never_met_or_asked(tmp_path: Path, sample_dataset: Dataset) -> None:
    requests = "mission,requester,requested\n" \
        "hdf-nl-2025,joost@batterijlab.example,anne@wallonie.example\n"  # fmt: skip
    outcomes = OUTCOME_HEADER + (
        "hdf-nl-2025,joost@batterijlab.example,ines@voltaique.example,follow_up,2025-06-20,\n"
        "hdf-nl-2025,anne@wallonie.example,joost@batterijlab.example,follow_up,2025-06-20,\n"
        "hdf-nl-2025,anne@wallonie.example,ines@voltaique.example,follow_up,2025-06-20,\n"
        "hdf-nl-2025,ghost@example.org,ines@voltaique.example,follow_up,2025-06-20,\n"
    )
    # Stored: the one meeting Inès–Joost and no request at all.
    stored = replace(sample_dataset, meeting_requests=(), outcomes=())
    paths = files(tmp_path, meeting_requests__csv=requests, outcomes__csv=outcomes)
    assert problems(paths, stored) == [
        Problem("outcomes.csv", 4, "requested",
                "'anne@wallonie.example' and 'ines@voltaique.example' have no meeting and no "
                "meeting request in mission 'hdf-nl-2025'"),
        Problem("outcomes.csv", 5, "requester", "unknown participant 'ghost@example.org'"),
    ]  # fmt: skip


def test_refused_meeting_still_counts_for_its_outcome(
    tmp_path: Path, sample_dataset: Dataset
) -> None:
    meetings = MEETING_HEADER + (
        "hdf-nl-2025,anne@wallonie.example,ines@voltaique.example,"
        "2025-06-10T10:00+02:00,2025-06-10T10:30+02:00,technopole,0\n"
    )
    outcomes = OUTCOME_HEADER + (
        "hdf-nl-2025,anne@wallonie.example,ines@voltaique.example,follow_up,2025-06-20,\n"
    )
    stored = replace(sample_dataset, meeting_requests=(), meetings=(), outcomes=())
    paths = files(tmp_path, meetings__csv=meetings, outcomes__csv=outcomes)
    assert problems(paths, stored) == [
        Problem("meetings.csv", 2, "table", "tables are numbered from 1, got 0"),
    ]
