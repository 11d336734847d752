"""Calendar feeds: made, replaced, stopped and resolved, on SQLite and PostgreSQL."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine
from tests.conftest import make_sample_dataset

from rencontre.services import accounts
from rencontre.services import calendar_feeds as feeds
from rencontre.services.calendar_feeds import FeedOwner
from rencontre.store import accounts as accounts_store
from rencontre.store import calendar_feeds as store
from rencontre.store import repositories as repo
from rencontre.store.database import session_scope

NOW = datetime(2025, 6, 1, 12, tzinfo=UTC)
LATER = NOW + timedelta(hours=3)
MISSION = "hdf-nl-2025"
INES = "ines@voltaique.example"
JOOST = "joost@batterijlab.example"


@pytest.fixture
def ids(engine: Engine) -> dict[str, int]:
    """The sample dataset stored: people's ids by e-mail, and the mission's as `MISSION`."""
    with session_scope(engine) as session:
        repo.save_dataset(session, make_sample_dataset())
        found = repo.participant_ids(session)
        found[MISSION] = accounts_store.mission_ids(session, [MISSION])[MISSION]
    return found


def create(engine: Engine, ids: dict[str, int], email: str, now: datetime = NOW) -> str:
    with session_scope(engine) as session:
        issued = feeds.create_feed(
            session, participant_id=ids[email], mission_id=ids[MISSION], now=now
        )
    assert issued.created_at == now
    return issued.token


def resolve(engine: Engine, token: str) -> FeedOwner | None:
    with session_scope(engine) as session:
        return feeds.resolve_feed(session, token=token)


def since(engine: Engine, ids: dict[str, int], email: str) -> datetime | None:
    with session_scope(engine) as session:
        return feeds.live_feed_since(session, participant_id=ids[email], mission_id=ids[MISSION])


def test_a_feed_resolves_to_its_participant_and_mission(
    engine: Engine, ids: dict[str, int]
) -> None:
    token = create(engine, ids, INES)
    assert resolve(engine, token) == FeedOwner(ids[INES], ids[MISSION])
    assert since(engine, ids, INES) == NOW


def test_only_the_hash_of_a_feed_token_is_stored(engine: Engine, ids: dict[str, int]) -> None:
    token = create(engine, ids, INES)
    with session_scope(engine) as session:
        hashes = store.feed_hashes(session, ids[INES])
    assert hashes == [hashlib.sha256(token.encode()).hexdigest()]
    assert len(token) >= 43  # 32 random bytes, URL-safe base64


def test_a_new_feed_replaces_the_earlier_one(engine: Engine, ids: dict[str, int]) -> None:
    first = create(engine, ids, INES)
    second = create(engine, ids, INES, LATER)
    assert second != first
    assert resolve(engine, first) is None
    assert resolve(engine, second) == FeedOwner(ids[INES], ids[MISSION])
    assert since(engine, ids, INES) == LATER


def test_a_stopped_feed_resolves_to_nothing(engine: Engine, ids: dict[str, int]) -> None:
    token = create(engine, ids, INES)
    with session_scope(engine) as session:
        stopped = feeds.revoke_feed(
            session, participant_id=ids[INES], mission_id=ids[MISSION], now=LATER
        )
        again = feeds.revoke_feed(
            session, participant_id=ids[INES], mission_id=ids[MISSION], now=LATER
        )
    assert (stopped, again) == (True, False)
    assert resolve(engine, token) is None
    assert since(engine, ids, INES) is None


def test_stopping_a_feed_leaves_other_participants_feeds(
    engine: Engine, ids: dict[str, int]
) -> None:
    ines, joost = create(engine, ids, INES), create(engine, ids, JOOST)
    with session_scope(engine) as session:
        feeds.revoke_feed(session, participant_id=ids[INES], mission_id=ids[MISSION], now=LATER)
    assert resolve(engine, ines) is None
    assert resolve(engine, joost) == FeedOwner(ids[JOOST], ids[MISSION])


@pytest.mark.parametrize("token", ["", "not-a-token", "A" * 43])
def test_an_unknown_token_resolves_to_nothing(
    engine: Engine, ids: dict[str, int], token: str
) -> None:
    create(engine, ids, INES)
    assert resolve(engine, token) is None


def test_revoking_her_links_stops_her_calendar_link_too(
    engine: Engine, ids: dict[str, int]
) -> None:
    token, others = create(engine, ids, INES), create(engine, ids, JOOST)
    with session_scope(engine) as session:
        accounts.revoke_links(session, participant=INES, mission=MISSION, now=LATER)
    assert resolve(engine, token) is None
    assert resolve(engine, others) == FeedOwner(ids[JOOST], ids[MISSION])
