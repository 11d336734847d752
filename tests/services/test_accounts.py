"""Organisers, personal links, API tokens and sign-in rules, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine
from tests.conftest import make_sample_dataset

from rencontre.services import accounts
from rencontre.services.accounts import AccountError, LinkState
from rencontre.store import accounts as store
from rencontre.store import repositories as repo
from rencontre.store.database import session_scope

NOW = datetime(2025, 6, 1, 12, tzinfo=UTC)
MISSION = "hdf-nl-2025"
INES = "ines@voltaique.example"
PASSWORD = "correct horse battery staple"


@pytest.fixture
def stored(engine: Engine) -> None:
    with session_scope(engine) as session:
        repo.save_dataset(session, make_sample_dataset())


def add_olivia(engine: Engine, **changes: object) -> store.User:
    arguments: dict[str, object] = {
        "email": "Olivia@Agency.example",
        "password": PASSWORD,
        "missions": [MISSION],
        "now": NOW,
    }
    arguments.update(changes)
    with session_scope(engine) as session:
        return accounts.add_organiser(session, **arguments)  # type: ignore[arg-type]


def test_an_organiser_is_stored_with_a_hash_of_her_password(engine: Engine, stored: None) -> None:
    user = add_olivia(engine)
    assert (user.email, user.role) == ("olivia@agency.example", "organiser")
    assert user.password_hash.startswith("$argon2id$")
    assert PASSWORD not in user.password_hash
    with session_scope(engine) as session:
        assert [m.key for m in store.organised_missions(session, user.id)] == [MISSION]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"password": "short"}, "the password must have at least 12 characters (it has 5)"),
        ({"email": "olivia"}, "malformed e-mail address 'olivia'"),
        ({"missions": [MISSION, "nowhere"]}, "no mission 'nowhere'"),
    ],
)
def test_an_organiser_with_bad_input_is_refused_and_nothing_stored(
    engine: Engine, stored: None, changes: dict[str, object], message: str
) -> None:
    with pytest.raises(AccountError) as refused:
        add_olivia(engine, **changes)
    assert str(refused.value) == message
    with session_scope(engine) as session:
        assert store.find_user(session, "olivia@agency.example") is None


def test_an_organiser_is_added_once(engine: Engine, stored: None) -> None:
    add_olivia(engine)
    with pytest.raises(AccountError) as refused:
        add_olivia(engine, email="olivia@agency.example")
    assert str(refused.value) == "a user olivia@agency.example exists already"


def test_a_link_lasts_until_30_days_after_the_mission(engine: Engine, stored: None) -> None:
    with session_scope(engine) as session:
        issued = accounts.issue_link(session, participant=INES, mission=None, days=None, now=NOW)
    # The mission ends on 11 June 2025 in Paris: the link works until 11 July, midnight there.
    assert issued.expires_at == datetime(2025, 7, 11, 22, tzinfo=UTC)
    assert (issued.person.email, issued.mission.key) == (INES, MISSION)


def test_a_link_made_late_lasts_30_days_or_as_asked(engine: Engine, stored: None) -> None:
    late = datetime(2026, 1, 1, tzinfo=UTC)
    with session_scope(engine) as session:
        default = accounts.issue_link(session, participant=INES, mission=None, days=None, now=late)
        asked = accounts.issue_link(session, participant=INES, mission=None, days=3, now=late)
    assert (default.expires_at, asked.expires_at) == (
        late + timedelta(days=30),
        late + timedelta(days=3),
    )


def test_a_link_is_made_for_a_participant_named_by_id(engine: Engine, stored: None) -> None:
    with session_scope(engine) as session:
        ident = repo.participant_ids(session)[INES]
        issued = accounts.issue_link(
            session, participant=str(ident), mission=MISSION, days=1, now=NOW
        )
        assert accounts.open_link(session, token=issued.token, now=NOW).state is LinkState.OPENED
    assert issued.person.email == INES


@pytest.mark.parametrize(
    ("participant", "mission", "days", "message"),
    [
        ("nobody@x.example", None, None,
         "no participant 'nobody@x.example' in mission 'hdf-nl-2025' "
         "(give an e-mail or a participant id)"),
        ("999", None, None,
         "no participant '999' in mission 'hdf-nl-2025' (give an e-mail or a participant id)"),
        (INES, "nowhere", None, "no mission 'nowhere'"),
        (INES, None, 0, "--days must be 1 or more, not 0"),
    ],
)  # fmt: skip
def test_a_link_for_nobody_is_refused(
    engine: Engine,
    stored: None,
    participant: str,
    mission: str | None,
    days: int | None,
    message: str,
) -> None:
    with pytest.raises(AccountError) as refused, session_scope(engine) as session:
        accounts.issue_link(session, participant=participant, mission=mission, days=days, now=NOW)
    assert str(refused.value) == message


def test_a_link_without_a_mission_in_the_database_is_refused(engine: Engine) -> None:
    with pytest.raises(AccountError) as refused, session_scope(engine) as session:
        accounts.issue_link(session, participant=INES, mission=None, days=None, now=NOW)
    assert str(refused.value) == "no mission in the database"


def test_a_link_opens_until_it_expires_or_is_revoked(engine: Engine, stored: None) -> None:
    with session_scope(engine) as session:
        token = accounts.issue_link(session, participant=INES, mission=None, days=2, now=NOW).token
        opened = accounts.open_link(session, token=token, now=NOW + timedelta(days=1))
        expired = accounts.open_link(session, token=token, now=NOW + timedelta(days=2))
        unknown = accounts.open_link(session, token=token + "x", now=NOW)
    assert opened.started is not None
    assert opened.started.expires_at == NOW + timedelta(days=2)
    assert (expired.state, unknown.state) == (LinkState.EXPIRED, LinkState.UNKNOWN)
    with session_scope(engine) as session:
        accounts.revoke_links(session, participant=INES, mission=None, now=NOW)
        revoked = accounts.open_link(session, token=token, now=NOW)
    assert (revoked.state, revoked.started) == (LinkState.REVOKED, None)


def test_sign_in_says_how_long_to_wait_after_too_many_failures(
    engine: Engine, stored: None
) -> None:
    add_olivia(engine)
    with session_scope(engine) as session:
        for minute in range(5):
            result = accounts.sign_in(
                session,
                email="olivia@agency.example",
                password="wrong password!",
                address="192.0.2.1",
                now=NOW + timedelta(minutes=minute),
            )
            assert result == accounts.SignInResult()
        refused = accounts.sign_in(
            session,
            email="OLIVIA@agency.example",
            password=PASSWORD,
            address="192.0.2.2",
            now=NOW + timedelta(minutes=5),
        )
        later = accounts.sign_in(
            session,
            email="olivia@agency.example",
            password=PASSWORD,
            address="192.0.2.2",
            now=NOW + timedelta(minutes=15, seconds=1),
        )
    assert refused == accounts.SignInResult(retry_after=timedelta(minutes=10))
    assert later.started is not None


def test_an_api_token_acts_for_its_organiser(engine: Engine, stored: None) -> None:
    user = add_olivia(engine)
    with session_scope(engine) as session:
        issued = accounts.issue_api_token(session, email="OLIVIA@agency.example", now=NOW)
        visitor = accounts.token_visitor(session, token=issued.token)
        nobody = accounts.token_visitor(session, token="not-a-token")
        with pytest.raises(AccountError) as refused:
            accounts.issue_api_token(session, email="bram@agency.example", now=NOW)
    assert visitor == accounts.Visitor(kind=accounts.VisitorKind.ORGANISER, user_id=user.id)
    assert nobody is None
    assert str(refused.value) == "no user bram@agency.example"


def test_a_sign_in_with_an_overlong_email_is_just_wrong(engine: Engine, stored: None) -> None:
    with session_scope(engine) as session:
        result = accounts.sign_in(
            session, email="x" * 500 + "@agency.example", password=PASSWORD, address="a" * 400,
            now=NOW,
        )  # fmt: skip
        counted = store.count_failures(
            session, scope=accounts.ACCOUNT, subject="x" * 300, since=NOW - timedelta(minutes=1)
        )
    assert (result, counted) == (accounts.SignInResult(), 1)
