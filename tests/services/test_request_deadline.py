"""Closing and reopening a mission's requests: the deadline set to now or taken away, once,
logged; on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine

from rencontre.core.dataset import Dataset
from rencontre.core.enums import Language
from rencontre.services import audit_log
from rencontre.services.request_deadline import close_requests, reopen_requests
from rencontre.store import repositories as repo
from rencontre.store.database import session_scope

MISSION = "hdf-nl-2025"
OLIVIA = "olivia@agency.example"
NOW = datetime(2025, 5, 1, 9, 0, tzinfo=UTC)


def test_closing_sets_the_deadline_to_now_and_reopening_takes_it_away(
    engine: Engine, sample_dataset: Dataset
) -> None:
    with session_scope(engine) as session:
        repo.save_dataset(session, sample_dataset)
    with session_scope(engine) as session:
        assert close_requests(session, mission=MISSION, by=OLIVIA, now=NOW)
    with session_scope(engine) as session:
        mission = repo.get_mission(session, MISSION)
        assert mission.requests_close_at == NOW
        assert not mission.requests_open(NOW)
        # Closed already: nothing changes, nothing is logged.
        later = NOW + timedelta(hours=1)
        assert not close_requests(session, mission=MISSION, by=OLIVIA, now=later)
        assert repo.get_mission(session, MISSION).requests_close_at == NOW
    with session_scope(engine) as session:
        assert reopen_requests(session, mission=MISSION, by=OLIVIA, now=later)
        assert not reopen_requests(session, mission=MISSION, by=OLIVIA, now=later)
        assert repo.get_mission(session, MISSION).requests_close_at is None
        log = audit_log.read_log(session, mission=MISSION, language=Language.FR)
    assert [(line.actor, line.action, line.text) for line in log] == [
        (OLIVIA, "requests.reopened", "Demandes de rendez-vous rouvertes."),
        (OLIVIA, "requests.closed", "Demandes de rendez-vous closes."),
    ]


def test_reopening_takes_away_a_deadline_still_to_come(
    engine: Engine, sample_dataset: Dataset
) -> None:
    with session_scope(engine) as session:
        repo.save_dataset(session, sample_dataset)
        close_requests(session, mission=MISSION, by=OLIVIA, now=NOW)
    with session_scope(engine) as session:
        earlier = NOW - timedelta(days=1)  # the deadline is still to come then
        assert reopen_requests(session, mission=MISSION, by=OLIVIA, now=earlier)
        assert repo.get_mission(session, MISSION).requests_close_at is None
