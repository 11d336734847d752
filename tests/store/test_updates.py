"""Storing by key on SQLite and PostgreSQL: updates in place, sequences, venues, request status."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine, select

from rencontre.core.dataset import Dataset
from rencontre.core.enums import Language, RequestStatus
from rencontre.core.errors import InvalidInput, Problem
from rencontre.core.meeting import MeetingRequest
from rencontre.core.mission import Mission, TableChange, Venue
from rencontre.core.participant import Participant
from rencontre.store import repositories as repo
from rencontre.store.database import session_scope
from rencontre.store.models import MeetingRow, VenueRow
from rencontre.store.updates import RecordCounts, set_pair_status, store_records

MISSION = "hdf-nl-2025"
INES, JOOST, ANNE = "ines@voltaique.example", "joost@batterijlab.example", "anne@wallonie.example"


@pytest.fixture
def stored(engine: Engine, sample_dataset: Dataset) -> Dataset:
    with session_scope(engine) as session:
        repo.save_dataset(session, sample_dataset)
    return sample_dataset


def load(engine: Engine) -> Dataset:
    with session_scope(engine) as session:
        return repo.load_dataset(session)


def store(engine: Engine, dataset: Dataset) -> dict[str, RecordCounts]:
    with session_scope(engine) as session:
        return store_records(session, dataset)


def the_mission(engine: Engine) -> Mission:
    [mission] = load(engine).missions
    return mission


def test_new_records_are_added_and_counted(engine: Engine, sample_dataset: Dataset) -> None:
    counts = store(engine, sample_dataset)
    assert load(engine) == sample_dataset
    assert counts["participants"] == RecordCounts(added=3)
    assert counts["outcomes"] == RecordCounts(added=1)


def test_changed_participants_are_updated_the_others_left_alone(
    engine: Engine, stored: Dataset
) -> None:
    ines = replace(stored.participants[0], full_name="Inès Martin", languages=(Language.NL,))
    new = Participant("piet@lab.example", "Piet", "Batterij Lab Eindhoven")
    counts = store(engine, Dataset(participants=(ines, *stored.participants[1:], new)))
    assert counts["participants"] == RecordCounts(added=1, changed=1, unchanged=2)
    assert load(engine).participants == (ines, *stored.participants[1:], new)
    assert load(engine).meetings == stored.meetings  # still pointing at the same people


def test_organisation_fields_and_codes_are_replaced(engine: Engine, stored: Dataset) -> None:
    volt = replace(stored.organisations[0], city="Lille", segments=("CHG-SMART", "CHG-DC"))
    counts = store(engine, Dataset(organisations=(volt,)))
    assert counts["organisations"] == RecordCounts(changed=1)
    assert load(engine).organisations[0] == volt


def test_an_identical_mission_is_unchanged(engine: Engine, stored: Dataset) -> None:
    counts = store(engine, Dataset(missions=stored.missions))
    assert counts["missions"] == RecordCounts(unchanged=1)
    assert the_mission(engine) == stored.missions[0]


def test_a_moved_programme_item_gets_the_next_sequence(engine: Engine, stored: Dataset) -> None:
    [mission] = stored.missions
    welcome, *others = mission.programme
    later = replace(welcome, start=welcome.start + timedelta(minutes=15), sequence=0)
    store(engine, Dataset(missions=(replace(mission, programme=(later, *others)),)))
    assert [p.sequence for p in the_mission(engine).programme] == [1, 0, 0]
    store(engine, Dataset(missions=(replace(mission, programme=(later, *others)),)))
    assert [p.sequence for p in the_mission(engine).programme] == [1, 0, 0]
    retitled = replace(later, title="Bienvenue", audience=(INES,))
    counts = store(engine, Dataset(missions=(replace(mission, programme=(retitled, *others)),)))
    assert counts["missions"] == RecordCounts(changed=1)
    assert the_mission(engine).programme[0] == replace(retitled, sequence=2)


def test_an_audience_change_alone_keeps_the_sequence(engine: Engine, stored: Dataset) -> None:
    [mission] = stored.missions
    demo = replace(mission.programme[2], audience=(ANNE,))
    store(engine, Dataset(missions=(replace(mission, programme=(*mission.programme[:2], demo)),)))
    assert the_mission(engine).programme[2] == demo


def test_venues_are_updated_in_place_and_added(engine: Engine, stored: Dataset) -> None:
    [mission] = stored.missions
    with session_scope(engine) as session:
        before = {v.key: v.id for v in session.scalars(select(VenueRow))}
    change = TableChange(datetime(2025, 6, 10, 9, tzinfo=UTC), 6)
    technopole = replace(mission.venues[0], tables=10, table_changes=(change,))
    hotel = Venue("hotel", "Hôtel", tables=3)
    new = replace(
        mission, venues=(hotel, technopole, mission.venues[1]), participants=(JOOST, INES)
    )
    store(engine, Dataset(missions=(new,)))
    assert the_mission(engine) == new
    with session_scope(engine) as session:
        after = {v.key: v.id for v in session.scalars(select(VenueRow))}
        meeting_venue = session.scalars(select(MeetingRow.venue_id)).one()
    assert (after["technopole"], after["lab"]) == (before["technopole"], before["lab"])
    assert meeting_venue == before["technopole"]


def test_a_venue_nothing_uses_is_removed_with_its_travel_times(
    engine: Engine, stored: Dataset
) -> None:
    [mission] = stored.missions
    without_lab = replace(
        mission, venues=mission.venues[:1], travel_times=(), programme=mission.programme[:2]
    )
    store(engine, Dataset(missions=(without_lab,)))
    assert the_mission(engine) == without_lab


def test_a_venue_with_a_stored_meeting_is_not_removed(engine: Engine, stored: Dataset) -> None:
    [mission] = stored.missions
    lab = replace(mission.venues[1], key="lab")
    programme = tuple(replace(p, venue="lab") for p in mission.programme)
    only_lab = replace(mission, venues=(lab,), travel_times=(), programme=programme)
    with pytest.raises(InvalidInput) as refused, session_scope(engine) as session:
        store_records(session, Dataset(missions=(only_lab,)))
    reason = "venue 'technopole' cannot be removed: stored meetings are there"
    assert refused.value.problems == [Problem(f"missions ({MISSION})", None, "venues", reason)]
    assert the_mission(engine) == mission


def test_requests_are_updated_by_direction(engine: Engine, stored: Dataset) -> None:
    merged = replace(stored.meeting_requests[0], reverse_message="Graag", origin="both")
    new = MeetingRequest(MISSION, JOOST, INES)  # the other direction: another request here
    counts = store(engine, Dataset(meeting_requests=(merged, stored.meeting_requests[1], new)))
    assert counts["meeting_requests"] == RecordCounts(added=1, changed=1, unchanged=1)
    assert load(engine).meeting_requests == (merged, *stored.meeting_requests[1:], new)


def test_pair_status_is_set_in_both_directions(engine: Engine, stored: Dataset) -> None:
    store(engine, Dataset(meeting_requests=(MeetingRequest(MISSION, JOOST, INES),)))
    with session_scope(engine) as session:
        before = set_pair_status(session, MISSION, JOOST, INES, RequestStatus.DECLINED)
    assert [(r.requester, r.status) for r in before] == [
        (INES, RequestStatus.ACCEPTED),
        (JOOST, RequestStatus.PENDING),
    ]
    statuses = {(r.requester, r.requested): r.status for r in load(engine).meeting_requests}
    assert statuses[(INES, JOOST)] is statuses[(JOOST, INES)] is RequestStatus.DECLINED
    assert statuses[(ANNE, INES)] is RequestStatus.PROPOSED


def test_pair_status_of_an_unknown_pair(engine: Engine, stored: Dataset) -> None:
    with pytest.raises(LookupError), session_scope(engine) as session:
        set_pair_status(session, "other", INES, JOOST, RequestStatus.ACCEPTED)
    assert load(engine) == stored
