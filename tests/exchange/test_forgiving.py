"""Files as people write them: country names, other spellings, times without an offset,
suggestions for what names nothing, one clear cause for a mission without participants."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from rencontre.core.dataset import Dataset
from rencontre.core.errors import InvalidInput, Problem
from rencontre.core.organisation import Organisation
from rencontre.core.participant import TimeWindow
from rencontre.exchange import read_import

PARIS, LISBON = ZoneInfo("Europe/Paris"), ZoneInfo("Europe/Lisbon")
INES, JOOST, ANNE = "ines@voltaique.example", "joost@batterijlab.example", "anne@wallonie.example"
MISSION = "hdf-nl-2025"


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def refusal(
    paths: list[Path], existing: Dataset = Dataset(), update: bool = False
) -> list[Problem]:
    with pytest.raises(InvalidInput) as refused:
        read_import(paths, existing, update=update)
    return refused.value.problems


@pytest.fixture
def people_and_mission(sample_dataset: Dataset) -> Dataset:
    """Stored: the sample's organisations, people and mission, nothing that names a pair."""
    return replace(sample_dataset, opportunities=(), meeting_requests=(), meetings=(), outcomes=())


# Countries ------------------------------------------------------------------------------------


def test_country_names_in_three_languages_are_read_as_their_codes(tmp_path: Path) -> None:
    text = (
        "name,country\n"
        "A,Pays-Bas\nB,Nederland\nC,the Netherlands\nD,belgique\nE,Duitsland\nF,FR\nG,nederland\n"
    )
    opportunities = (
        "reference,organisation,type,title,target_countries\n"
        "R1,A,business_offer,Offer,Belgique|DE|Royaume-Uni\n"
    )
    incoming = read_import(
        [write(tmp_path, "organisations.csv", text),
         write(tmp_path, "opportunities.csv", opportunities)]
    )  # fmt: skip
    assert [o.country for o in incoming.dataset.organisations] == [
        "NL", "NL", "NL", "BE", "DE", "FR", "NL",
    ]  # fmt: skip
    assert incoming.dataset.opportunities[0].target_countries == ("BE", "DE", "GB")
    assert incoming.notes == (
        "Country names read as their codes: 'Belgique' → BE (1 cell), 'Duitsland' → DE "
        "(1 cell), 'Nederland' → NL (1 cell), 'Pays-Bas' → NL (1 cell), 'Royaume-Uni' → GB "
        "(1 cell), 'belgique' → BE (1 cell), 'nederland' → NL (1 cell), 'the Netherlands' → "
        "NL (1 cell)",
    )


def test_a_misspelt_country_gets_the_code_it_is_close_to(tmp_path: Path) -> None:
    text = "name,country\nA,Nederlnd\nB,Pays Bs\nC,Atlantis\n"
    unknown = "expected an ISO 3166-1 alpha-2 code or a country's name"
    assert refusal([write(tmp_path, "organisations.csv", text)]) == [
        Problem("organisations.csv", 2, "country",
                f"unknown country 'Nederlnd' ({unknown}; did you mean NL (Nederland)?)"),
        Problem("organisations.csv", 3, "country",
                f"unknown country 'Pays Bs' ({unknown}; did you mean NL (Pays-Bas)?)"),
        Problem("organisations.csv", 4, "country", f"unknown country 'Atlantis' ({unknown})"),
    ]  # fmt: skip


# Organisations and people ---------------------------------------------------------------------

STORED_ORGANISATIONS = Dataset(
    organisations=(Organisation("Borne O Recharge", "FR"), Organisation("Volt'Hauts", "FR"))
)


def test_an_unknown_organisation_gets_the_closest_names(tmp_path: Path) -> None:
    people = (
        "email,full_name,organisation\n"
        "a@borne.example,A,Borne-O-Recharges\n"
        "b@x.example,B,Nothing Like It\n"
    )
    paths = [write(tmp_path, "participants.csv", people)]
    assert refusal(paths, STORED_ORGANISATIONS) == [
        Problem("participants.csv", 2, "organisation",
                "unknown organisation 'Borne-O-Recharges' (did you mean 'Borne O Recharge'?)"),
        Problem("participants.csv", 3, "organisation", "unknown organisation 'Nothing Like It'"),
    ]  # fmt: skip


def test_a_curly_apostrophe_names_the_same_organisation(tmp_path: Path) -> None:
    people = (
        "email,full_name,organisation\n"
        "a@volt.example,A,Volt’Hauts\n"
        "b@volt.example,B,VOLT'HAUTS\n"
        "c@borne.example,C,Borne O Recharge\n"
    )
    incoming = read_import([write(tmp_path, "participants.csv", people)], STORED_ORGANISATIONS)
    assert [p.organisation for p in incoming.dataset.participants] == [
        "Volt'Hauts", "Volt'Hauts", "Borne O Recharge",
    ]  # fmt: skip
    assert incoming.notes == (
        'Organisation names read as the same name spelt otherwise: "VOLT\'HAUTS" as '
        "\"Volt'Hauts\" (1 cell), 'Volt’Hauts' as \"Volt'Hauts\" (1 cell)",
    )


def test_another_spelling_of_an_organisation_is_the_same_organisation(tmp_path: Path) -> None:
    text = "name,country\nVolt’Hauts,FR\nAcme,FR\nACME,BE\n"
    path = write(tmp_path, "organisations.csv", text)
    assert refusal([path], STORED_ORGANISATIONS) == [
        Problem("organisations.csv", 2, "name", "'Volt’Hauts' is already in the database as "
                "\"Volt'Hauts\" (to change it, use rencontre import --update)"),
        Problem("organisations.csv", 4, "name",
                "'ACME' is also in organisations.csv, row 3 (as 'Acme')"),
    ]  # fmt: skip
    updated = read_import([write(tmp_path, "organisations.csv", "name,country\nVolt’Hauts,BE\n")],
                          STORED_ORGANISATIONS, update=True)  # fmt: skip
    assert updated.dataset.organisations == (Organisation("Volt'Hauts", "BE"),)


def test_an_unknown_person_or_mission_gets_the_closest_ones(
    tmp_path: Path, people_and_mission: Dataset
) -> None:
    text = (
        "mission,requester,requested\n"
        f"{MISSION},ines@voltaique.exmple,{JOOST}\n"
        f"hdf-nl-2052,{INES},{JOOST}\n"
    )
    assert refusal([write(tmp_path, "meeting_requests.csv", text)], people_and_mission) == [
        Problem("meeting_requests.csv", 2, "requester", "unknown participant "
                f"'ines@voltaique.exmple' (did you mean '{INES}' (Inès Dubois)?)"),
        Problem("meeting_requests.csv", 3, "mission",
                f"unknown mission 'hdf-nl-2052' (did you mean '{MISSION}'?)"),
    ]  # fmt: skip


# Times ----------------------------------------------------------------------------------------


def test_times_without_an_offset_are_read_in_the_mission_time_zone(
    tmp_path: Path, people_and_mission: Dataset
) -> None:
    meetings = (
        "mission,requester,requested,start,end,venue,table\n"
        f"{MISSION},{INES},{JOOST},2025-06-10 10:00,2025-06-10T10:30,technopole,4\n"
        f"{MISSION},{JOOST},{ANNE},10/06/2025 10:30,10/06/2025 11:00,technopole,4\n"
        f"{MISSION},{ANNE},{INES},2025-06-10T11:00+02:00,2025-06-10T09:30Z,technopole,4\n"
    )
    incoming = read_import([write(tmp_path, "meetings.csv", meetings)], people_and_mission)
    assert [(m.start, m.end) for m in incoming.dataset.meetings] == [
        (datetime(2025, 6, 10, 10, tzinfo=PARIS), datetime(2025, 6, 10, 10, 30, tzinfo=PARIS)),
        (datetime(2025, 6, 10, 10, 30, tzinfo=PARIS), datetime(2025, 6, 10, 11, tzinfo=PARIS)),
        (datetime(2025, 6, 10, 11, tzinfo=PARIS), datetime(2025, 6, 10, 11, 30, tzinfo=PARIS)),
    ]
    assert incoming.notes == ("4 times without a UTC offset were read in Europe/Paris",)


def test_availability_is_read_in_the_time_zone_of_the_person_missions(tmp_path: Path) -> None:
    mission = {
        "key": "lisbon-2026", "title": "Lisbon", "start_date": "2026-05-12",
        "end_date": "2026-05-12", "timezone": "Europe/Lisbon",
        "participants": ["ana@pt.example"],
        "venues": [{"key": "hall", "name": "Hall", "tables": 2}],
        "programme": [{"key": "b2b", "title": "B2B", "kind": "b2b_session", "venue": "hall",
                       "start": "2026-05-12T14:00", "end": "2026-05-12T17:00"}],
    }  # fmt: skip
    people = (
        "email,full_name,organisation,availability\n"
        "ana@pt.example,Ana,Acme,2026-05-12T14:00/2026-05-12 16:00\n"
    )
    paths = [
        write(tmp_path, "participants.csv", people),
        write(tmp_path, "missions.json", json.dumps([mission])),
        write(tmp_path, "organisations.csv", "name,country\nAcme,Portugal\n"),
    ]
    incoming = read_import(paths)
    [ana] = incoming.dataset.participants
    [lisbon] = incoming.dataset.missions
    start, end = datetime(2026, 5, 12, 14, tzinfo=LISBON), datetime(2026, 5, 12, 16, tzinfo=LISBON)
    assert ana.availability == (TimeWindow(start, end),)
    assert lisbon.programme[0].start == datetime(2026, 5, 12, 14, tzinfo=LISBON)
    assert incoming.notes == (
        "4 times without a UTC offset were read in Europe/Lisbon",
        "Country names read as their codes: 'Portugal' → PT (1 cell)",
    )


def test_a_time_without_an_offset_is_refused_where_two_zones_could_apply(
    tmp_path: Path, people_and_mission: Dataset
) -> None:
    lisbon = {"key": "lisbon-2026", "title": "Lisbon", "start_date": "2026-05-12",
              "end_date": "2026-05-12", "timezone": "Europe/Lisbon",
              "participants": [INES]}  # fmt: skip
    people = (
        "email,full_name,organisation,availability\n"
        f"{INES},Inès Dubois,Voltaïque Charge,2026-05-12T14:00/2026-05-12T16:00+01:00\n"
    )
    paths = [
        write(tmp_path, "missions.json", json.dumps([lisbon])),
        write(tmp_path, "participants.csv", people),
    ]
    assert refusal(paths, people_and_mission, update=True) == [
        Problem("participants.csv", 2, "availability", "'2026-05-12T14:00' has no UTC offset "
                "(write e.g. 2025-06-10T09:00+02:00): ines@voltaique.example takes part in "
                "missions in Europe/Lisbon, Europe/Paris"),
    ]  # fmt: skip


def test_a_time_that_clocks_skip_is_refused_and_day_first_dates_are_read(
    tmp_path: Path, people_and_mission: Dataset, sample_dataset: Dataset
) -> None:
    outcomes = (
        "mission,requester,requested,kind,recorded_on,recorded_at\n"
        f"{MISSION},{INES},{JOOST},follow_up,20/06/2025,2025-03-30T02:30\n"
    )
    opportunities = (
        "reference,organisation,type,title,expires_on\n"
        "R1,Voltaïque Charge,business_offer,Offer,31-1-2026\n"
        "R2,Voltaïque Charge,business_offer,Offer,31/02/2026\n"
    )
    stored = replace(people_and_mission, meetings=sample_dataset.meetings)
    paths = [
        write(tmp_path, "outcomes.csv", outcomes),
        write(tmp_path, "opportunities.csv", opportunities),
    ]
    assert refusal(paths, stored) == [
        Problem("outcomes.csv", 2, "recorded_at",
                "'2025-03-30T02:30' does not exist in Europe/Paris (clocks go forward)"),
        Problem("opportunities.csv", 3, "expires_on",
                "expected a date as YYYY-MM-DD, got '31/02/2026'"),
    ]  # fmt: skip
    good = write(tmp_path, "opportunities.csv", opportunities.splitlines(keepends=True)[0]
                 + opportunities.splitlines(keepends=True)[1])  # fmt: skip
    [offer] = read_import([good], stored).dataset.opportunities
    assert offer.expires_on == date(2026, 1, 31)


# A mission without participants ---------------------------------------------------------------


def test_a_mission_listing_no_participants_is_one_problem(
    tmp_path: Path, sample_dataset: Dataset
) -> None:
    mission = {"key": "m1", "title": "Mission", "start_date": "2025-06-10",
               "end_date": "2025-06-10"}  # fmt: skip
    requests = "mission,requester,requested\n" + "".join(
        f"m1,{a},{b}\n" for a, b in [(INES, JOOST), (JOOST, ANNE), (ANNE, INES)]
    )
    stored = Dataset(participants=sample_dataset.participants)
    paths = [
        write(tmp_path, "meeting_requests.csv", requests),
        write(tmp_path, "missions.json", json.dumps([mission])),
    ]
    assert refusal(paths, stored) == [
        Problem("missions.json", 1, "participants", "mission 'm1' lists no participants: add "
                "their e-mails to its `participants` list (3 rows of this import name people "
                "in it)"),
    ]  # fmt: skip


def test_a_stored_mission_listing_no_participants_is_one_problem_at_the_first_row(
    tmp_path: Path, people_and_mission: Dataset
) -> None:
    [mission] = people_and_mission.missions
    stored = replace(people_and_mission, missions=(replace(mission, participants=()),))
    requests = "mission,requester,requested\n" + "".join(
        f"{MISSION},{a},{b}\n" for a, b in [(INES, JOOST), (JOOST, ANNE)]
    )
    assert refusal([write(tmp_path, "meeting_requests.csv", requests)], stored) == [
        Problem("meeting_requests.csv", 2, "mission", f"mission '{MISSION}' lists no "
                "participants: add their e-mails to its `participants` list (2 rows of this "
                "import name people in it); import its missions.json with --update"),
    ]  # fmt: skip
