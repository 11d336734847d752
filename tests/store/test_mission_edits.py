"""Store changes on the day (`store.mission_edits`), SQLite and PostgreSQL."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Engine

from rencontre.core.dataset import Dataset
from rencontre.core.enums import RequestStatus
from rencontre.core.meeting import MeetingRequest, pair_key
from rencontre.core.mission import TableChange
from rencontre.store import mission_edits
from rencontre.store import repositories as repo
from rencontre.store.database import session_scope

KEY = "hdf-nl-2025"
PARIS = ZoneInfo("Europe/Paris")
INES, JOOST, ANNE = "ines@voltaique.example", "joost@batterijlab.example", "anne@wallonie.example"


def at(day: int, hour: int) -> datetime:
    """A moment of the sample mission (June 2025, Paris time), as in `tests/conftest.py`."""
    return datetime(2025, 6, day, hour, tzinfo=PARIS)


def stored(engine: Engine, dataset: Dataset) -> None:
    with session_scope(engine) as session:
        repo.save_dataset(session, dataset)


def statuses(engine: Engine) -> dict[tuple[str, str], tuple[RequestStatus, int]]:
    with session_scope(engine) as session:
        return {
            (r.requester, r.requested): (r.status, r.priority)
            for r in repo.meeting_requests(session, KEY)
        }


def test_cancel_requests_cancels_both_directions_but_keeps_a_decline(
    engine: Engine, sample_dataset: Dataset
) -> None:
    reverse = MeetingRequest(KEY, JOOST, INES, status=RequestStatus.DECLINED)
    stored(engine, replace(sample_dataset, meeting_requests=(*sample_dataset.meeting_requests,
                                                             reverse)))  # fmt: skip
    with session_scope(engine) as session:
        changed = mission_edits.cancel_requests(session, KEY, {pair_key(INES, JOOST)})
    assert [(r.requester, r.status) for r in changed] == [(INES, RequestStatus.ACCEPTED)]
    assert statuses(engine) == {
        (INES, JOOST): (RequestStatus.CANCELLED, 3),
        (JOOST, ANNE): (RequestStatus.PENDING, 2),
        (ANNE, INES): (RequestStatus.PROPOSED, 1),
        (JOOST, INES): (RequestStatus.DECLINED, 2),
    }


def test_accept_request_updates_the_pair_in_either_direction_or_adds_one(
    engine: Engine, sample_dataset: Dataset
) -> None:
    stored(engine, sample_dataset)
    with session_scope(engine) as session:
        assert mission_edits.accept_request(session, KEY, ANNE, JOOST, 3) is False
        assert mission_edits.accept_request(session, KEY, INES, ANNE, 1) is False
    with session_scope(engine) as session:
        repo.set_request_status(session, KEY, INES, JOOST, RequestStatus.DECLINED)
    with session_scope(engine) as session:
        assert mission_edits.accept_request(session, KEY, JOOST, INES, 2) is False
    assert statuses(engine) == {
        (INES, JOOST): (RequestStatus.ACCEPTED, 2),
        (JOOST, ANNE): (RequestStatus.ACCEPTED, 3),
        (ANNE, INES): (RequestStatus.ACCEPTED, 1),
    }


def test_accept_request_adds_an_accepted_request_for_a_new_pair(
    engine: Engine, sample_dataset: Dataset
) -> None:
    stored(engine, replace(sample_dataset, meeting_requests=()))
    with session_scope(engine) as session:
        assert mission_edits.accept_request(session, KEY, ANNE, JOOST, 1) is True
    assert statuses(engine) == {(ANNE, JOOST): (RequestStatus.ACCEPTED, 1)}


def test_leave_mission_takes_the_person_out_of_participants_and_audiences(
    engine: Engine, sample_dataset: Dataset
) -> None:
    stored(engine, sample_dataset)
    with session_scope(engine) as session:
        left = mission_edits.leave_mission(session, KEY, JOOST)
        with pytest.raises(LookupError, match="is not a participant of mission"):
            mission_edits.leave_mission(session, KEY, JOOST)
    assert (left.audiences_left, left.audiences_kept) == (("demo",), ())
    with session_scope(engine) as session:
        mission = repo.get_mission(session, KEY)
        solo = mission_edits.leave_mission(session, KEY, INES)
    assert mission.participants == (INES, ANNE)
    assert next(p for p in mission.programme if p.key == "demo").audience == (INES,)
    assert (solo.audiences_left, solo.audiences_kept) == ((), ("demo",))


def test_change_tables_replaces_the_changes_it_covers(
    engine: Engine, sample_dataset: Dataset
) -> None:
    stored(engine, sample_dataset)
    for start, tables in ((at(10, 11), 5), (at(11, 9), 8), (at(10, 10), 3), (at(11, 10), 6)):
        with session_scope(engine) as session:
            mission_edits.change_tables(session, KEY, "technopole", tables, start)
    with session_scope(engine) as session:
        venue = repo.get_mission(session, KEY).venue("technopole")
        with pytest.raises(LookupError, match="has no venue 'roof'"):
            mission_edits.change_tables(session, KEY, "roof", 1, at(10, 10))
    assert venue.table_changes == (TableChange(at(10, 10), 3), TableChange(at(11, 10), 6))
    assert (venue.tables, venue.tables_at(at(10, 9)), venue.tables_at(at(11, 12))) == (12, 12, 6)
    assert venue.table_changes[0].start == datetime(2025, 6, 10, 10, tzinfo=PARIS)
