"""Accounts in the store, on SQLite and PostgreSQL: users, organisers' missions, links,
sessions, failed sign-ins and the shared secret."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine, inspect
from tests.conftest import make_sample_dataset

from rencontre.settings import Settings
from rencontre.store import accounts as store
from rencontre.store import models_accounts
from rencontre.store import repositories as repo
from rencontre.store.database import (
    current_revision,
    head_revision,
    open_database,
    session_scope,
)

NOW = datetime(2025, 6, 1, 12, tzinfo=UTC)
MISSION = "hdf-nl-2025"
ACCOUNT_TABLES = {
    "users",
    "organiser_missions",
    "personal_links",
    "web_sessions",
    "api_tokens",
    "sign_in_failures",
    "server_secrets",
}


@pytest.fixture
def mission_id(engine: Engine) -> int:
    """The sample dataset stored; the id of its mission."""
    with session_scope(engine) as session:
        repo.save_dataset(session, make_sample_dataset())
        return store.mission_ids(session, [MISSION])[MISSION]


def test_the_account_tables_are_migrated_as_modelled(engine: Engine) -> None:
    assert current_revision(engine) == head_revision()
    assert {t.name for t in models_accounts.Base.metadata.sorted_tables} >= ACCOUNT_TABLES
    assert set(inspect(engine).get_table_names()) >= ACCOUNT_TABLES
    # The migrated schema matches every model, these included: test_migrations_match_the_models.


def test_a_user_is_stored_once_per_email(engine: Engine) -> None:
    with session_scope(engine) as session:
        user = store.add_user(
            session, email="olivia@agency.example", password_hash="h", role="organiser",
            created_at=NOW,
        )  # fmt: skip
    with pytest.raises(store.DuplicateUser), session_scope(engine) as session:
        store.add_user(
            session, email="olivia@agency.example", password_hash="h2", role="organiser",
            created_at=NOW,
        )  # fmt: skip
    with session_scope(engine) as session:
        assert store.find_user(session, "olivia@agency.example") == user
        assert store.get_user(session, user.id) == user
        assert store.find_user(session, "nobody@agency.example") is None


def test_an_organiser_sees_her_missions_with_their_counts(engine: Engine, mission_id: int) -> None:
    with session_scope(engine) as session:
        olivia = store.add_user(
            session, email="o@a.example", password_hash="h", role="organiser", created_at=NOW
        )
        bram = store.add_user(
            session, email="b@a.example", password_hash="h", role="organiser", created_at=NOW
        )
        store.add_organised_missions(session, olivia.id, [mission_id])
        store.add_organised_missions(session, olivia.id, [mission_id])  # kept once
    with session_scope(engine) as session:
        (mission,) = store.organised_missions(session, olivia.id)
        assert store.organised_missions(session, bram.id) == []
    assert (mission.key, mission.participants, mission.accepted_requests, mission.meetings) == (
        MISSION,
        3,
        1,
        1,
    )


def link(engine: Engine, mission_id: int, email: str, token_hash: str) -> store.Link:
    with session_scope(engine) as session:
        person = store.participant_id(session, email)
        assert person is not None
        return store.add_link(
            session,
            token_hash=token_hash,
            participant_id=person,
            mission_id=mission_id,
            created_at=NOW,
            expires_at=NOW + timedelta(days=30),
        )


def test_revoking_links_ends_their_sessions_only(engine: Engine, mission_id: int) -> None:
    ines = link(engine, mission_id, "ines@voltaique.example", "a" * 64)
    link(engine, mission_id, "ines@voltaique.example", "b" * 64)
    joost = link(engine, mission_id, "joost@batterijlab.example", "c" * 64)
    with session_scope(engine) as session:
        for key, found in (("k1", ines), ("k2", joost)):
            store.add_session(
                session,
                key_hash=key,
                csrf_token="t",
                created_at=NOW,
                expires_at=NOW + timedelta(days=1),
                participant_id=found.participant_id,
                mission_id=mission_id,
                link_id=found.id,
            )
    with session_scope(engine) as session:
        revoked = store.revoke_links(
            session, participant_id=ines.participant_id, mission_id=mission_id, at=NOW
        )
    assert revoked == 2
    with session_scope(engine) as session:
        assert store.find_session(session, "k1") is None
        assert store.find_session(session, "k2") is not None
        assert store.find_link(session, "a" * 64) == store.Link(
            ines.id, ines.participant_id, mission_id, ines.expires_at, NOW
        )
        assert store.find_link(session, "c" * 64) == joost
        again = store.revoke_links(
            session, participant_id=ines.participant_id, mission_id=mission_id, at=NOW
        )
    assert again == 0


def test_failures_count_within_their_window(engine: Engine) -> None:
    with session_scope(engine) as session:
        for minutes in (0, 5, 10, 20):
            store.add_failure(
                session, scope="account", subject="o@a.example", at=NOW + timedelta(minutes=minutes)
            )
        store.add_failure(session, scope="address", subject="o@a.example", at=NOW)
    since = NOW + timedelta(minutes=2)
    with session_scope(engine) as session:
        count = store.count_failures(session, scope="account", subject="o@a.example", since=since)
        oldest = store.oldest_failure(session, scope="account", subject="o@a.example", since=since)
        store.forget_failures_before(session, since)
        left = store.count_failures(
            session, scope="address", subject="o@a.example", since=NOW - timedelta(1)
        )
    assert (count, oldest, left) == (3, NOW + timedelta(minutes=5), 0)


def test_the_shared_secret_is_made_once_for_every_process(
    engine: Engine, settings: Settings
) -> None:
    with session_scope(engine) as session:
        first = store.server_secret(session, "sign-in-form")
    other = open_database(settings)
    try:
        with session_scope(other) as session:
            assert store.server_secret(session, "sign-in-form") == first
            assert store.server_secret(session, "another") != first
    finally:
        other.dispose()
    assert len(first) == store.SECRET_BYTES
