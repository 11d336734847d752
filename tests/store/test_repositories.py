"""Repositories on SQLite and PostgreSQL: round trips, refusals, mission queries, replacements."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine

from rencontre.core.dataset import Dataset
from rencontre.core.enums import MeetingStatus, RequestStatus
from rencontre.core.errors import InvalidInput, Problem
from rencontre.core.meeting import Meeting, MeetingRequest
from rencontre.store import repositories as repo
from rencontre.store.database import session_scope

MISSION = "hdf-nl-2025"
INES, JOOST, ANNE = "ines@voltaique.example", "joost@batterijlab.example", "anne@wallonie.example"


@pytest.fixture
def stored(engine: Engine, sample_dataset: Dataset) -> Dataset:
    """The sample dataset, saved in the test's database."""
    with session_scope(engine) as session:
        repo.save_dataset(session, sample_dataset)
    return sample_dataset


def load(engine: Engine) -> Dataset:
    with session_scope(engine) as session:
        return repo.load_dataset(session)


def test_load_dataset_of_empty_database_is_empty(engine: Engine) -> None:
    assert load(engine) == Dataset()


def test_save_then_load_dataset_gives_it_back(engine: Engine, stored: Dataset) -> None:
    assert load(engine) == stored


def test_datetimes_come_back_aware_in_utc(engine: Engine, stored: Dataset) -> None:
    meeting = load(engine).meetings[0]
    assert meeting.start == datetime(2025, 6, 10, 8, 0, tzinfo=UTC)
    assert meeting.start.tzinfo is UTC
    assert load(engine).participants[0].availability[0].end == datetime(2025, 6, 10, 10, tzinfo=UTC)


def test_save_dataset_refuses_what_is_already_stored(engine: Engine, stored: Dataset) -> None:
    again = Dataset(organisations=stored.organisations[:1], participants=stored.participants[2:])
    with pytest.raises(InvalidInput) as refused, session_scope(engine) as session:
        repo.save_dataset(session, again)
    assert refused.value.problems == [
        Problem("organisations", None, "name", "'Voltaïque Charge' is already stored"),
        Problem("participants", None, "email", "'anne@wallonie.example' is already stored"),
    ]
    assert load(engine) == stored


def test_save_dataset_refuses_keys_given_twice(engine: Engine, sample_dataset: Dataset) -> None:
    twice = replace(sample_dataset, meeting_requests=sample_dataset.meeting_requests[:1] * 2)
    with pytest.raises(InvalidInput) as refused, session_scope(engine) as session:
        repo.save_dataset(session, twice)
    pair = f"{MISSION} → {INES} → {JOOST}"
    assert refused.value.problems == [
        Problem("meeting_requests", None, "requester", f"{pair!r} is given twice")
    ]
    assert load(engine) == Dataset()


def test_save_dataset_refuses_unknown_references(engine: Engine, sample_dataset: Dataset) -> None:
    orphan = replace(sample_dataset.participants[0], organisation="Nowhere BV")
    request = MeetingRequest("no-such-mission", INES, "ghost@example.org")
    dataset = replace(
        sample_dataset, participants=(orphan, *sample_dataset.participants[1:]),
        meeting_requests=(request,), meetings=(), outcomes=(),
    )  # fmt: skip
    with pytest.raises(InvalidInput) as refused, session_scope(engine) as session:
        repo.save_dataset(session, dataset)
    assert refused.value.problems == [
        Problem("participants", None, "organisation", "unknown organisation 'Nowhere BV'"),
        Problem("meeting_requests", None, "mission", "unknown mission 'no-such-mission'"),
        Problem("meeting_requests", None, "requested", "unknown participant 'ghost@example.org'"),
    ]
    assert load(engine) == Dataset()


def test_latest_mission_is_none_without_missions(engine: Engine) -> None:
    with session_scope(engine) as session:
        assert repo.latest_mission(session) is None
        with pytest.raises(repo.MissionNotFound):
            repo.load_mission(session)


def test_latest_mission_is_the_one_starting_last(engine: Engine, stored: Dataset) -> None:
    mission = stored.missions[0]
    later = replace(mission, key="later", start_date=mission.start_date.replace(year=2026))
    earlier = replace(mission, key="earlier", start_date=mission.start_date.replace(year=2024))
    with session_scope(engine) as session:
        repo.save_dataset(session, Dataset(missions=(later, earlier)))
    with session_scope(engine) as session:
        assert repo.latest_mission(session) == later
        assert repo.mission_keys(session) == (MISSION, "later", "earlier")


def test_get_mission_unknown_key_raises(engine: Engine) -> None:
    with session_scope(engine) as session, pytest.raises(repo.MissionNotFound) as missing:
        repo.get_mission(session, "nope")
    assert str(missing.value) == "no mission 'nope'"


def test_load_mission_gathers_people_requests_and_meetings(engine: Engine, stored: Dataset) -> None:
    with session_scope(engine) as session:
        snapshot = repo.load_mission(session, MISSION)
    assert snapshot.mission == stored.missions[0]
    assert snapshot.participants == stored.participants
    assert snapshot.organisations == stored.organisations
    assert snapshot.requests == stored.meeting_requests
    assert snapshot.accepted_requests == stored.meeting_requests[:1]
    assert snapshot.meetings == stored.meetings


def test_accepted_meeting_requests_only(engine: Engine, stored: Dataset) -> None:
    with session_scope(engine) as session:
        accepted = repo.accepted_meeting_requests(session, MISSION)
        pending = repo.meeting_requests(session, MISSION, {RequestStatus.PENDING})
    assert accepted == stored.meeting_requests[:1]
    assert pending == stored.meeting_requests[1:2]


def test_replace_meetings_updates_a_pair_in_place_and_adds_new_ones(
    engine: Engine, stored: Dataset
) -> None:
    old = stored.meetings[0]
    moved = replace(old, table=old.table + 1)
    added = Meeting(MISSION, JOOST, ANNE, old.end, old.end + timedelta(minutes=30),
                    "technopole", 2)  # fmt: skip
    with session_scope(engine) as session:
        done = repo.replace_meetings(session, MISSION, (moved, added))
    assert done.changed == (old.pair,) and done.added == (added.pair,)
    with session_scope(engine) as session:
        assert repo.meetings(session, MISSION) == (replace(moved, sequence=1), added)


def test_replace_meetings_keeps_an_unchanged_meeting_and_cancels_a_dropped_one(
    engine: Engine, stored: Dataset
) -> None:
    old = stored.meetings[0]
    with session_scope(engine) as session:
        assert repo.replace_meetings(session, MISSION, [old]).unchanged == (old.pair,)
        done = repo.replace_meetings(session, MISSION, [])
    assert done.cancelled == (old.pair,)
    with session_scope(engine) as session:
        (kept,) = repo.meetings(session, MISSION)
    assert kept == replace(old, status=MeetingStatus.CANCELLED, sequence=1)


def test_replace_meetings_matches_a_pair_in_either_direction(
    engine: Engine, stored: Dataset
) -> None:
    old = stored.meetings[0]
    reversed_pair = replace(old, requester=old.requested, requested=old.requester)
    with session_scope(engine) as session:
        assert repo.replace_meetings(session, MISSION, [reversed_pair]).unchanged == (old.pair,)
    with session_scope(engine) as session:
        assert repo.meetings(session, MISSION) == (old,)


def test_replace_meetings_refuses_unknown_venue(engine: Engine, stored: Dataset) -> None:
    bad = replace(stored.meetings[0], venue="moon")
    with pytest.raises(InvalidInput) as refused, session_scope(engine) as session:
        repo.replace_meetings(session, MISSION, [bad])
    reason = f"unknown venue 'moon' in mission {MISSION!r}"
    assert refused.value.problems == [Problem("meetings", None, "venue", reason)]
    assert load(engine) == stored


def test_replace_proposed_requests_keeps_other_statuses(engine: Engine, stored: Dataset) -> None:
    proposal = MeetingRequest(MISSION, ANNE, JOOST, status=RequestStatus.PROPOSED, score=0.5)
    with session_scope(engine) as session:
        repo.replace_proposed_requests(session, MISSION, [proposal])
    with session_scope(engine) as session:
        assert repo.meeting_requests(session, MISSION) == (*stored.meeting_requests[:2], proposal)


def test_replace_proposed_requests_refuses_an_existing_pair(
    engine: Engine, stored: Dataset
) -> None:
    clash = replace(stored.meeting_requests[0], status=RequestStatus.PROPOSED)
    with pytest.raises(InvalidInput), session_scope(engine) as session:
        repo.replace_proposed_requests(session, MISSION, [clash])
    assert load(engine) == stored


def test_add_meeting_requests_then_set_status(engine: Engine, stored: Dataset) -> None:
    request = MeetingRequest(MISSION, JOOST, INES, priority=1)
    with session_scope(engine) as session:
        repo.add_meeting_requests(session, [request])
        repo.set_request_status(session, MISSION, JOOST, INES, RequestStatus.ACCEPTED)
    with session_scope(engine) as session:
        accepted = repo.accepted_meeting_requests(session, MISSION)
    assert accepted == (stored.meeting_requests[0], replace(request, status="accepted"))


def test_set_status_of_unknown_request_raises(engine: Engine, stored: Dataset) -> None:
    with session_scope(engine) as session, pytest.raises(LookupError):
        repo.set_request_status(session, MISSION, ANNE, JOOST, RequestStatus.DECLINED)


def test_naive_datetimes_are_refused(engine: Engine, sample_dataset: Dataset) -> None:
    meeting = sample_dataset.meetings[0]
    naive = replace(meeting, start=meeting.start.replace(tzinfo=None))
    with pytest.raises(Exception, match="naive datetime"), session_scope(engine) as session:
        repo.save_dataset(session, replace(sample_dataset, meetings=(naive,)))
    assert load(engine) == Dataset()
