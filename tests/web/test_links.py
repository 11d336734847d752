"""Participants' personal links: they open a session, expire, can be revoked, and only their
hash is stored."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, select
from tests.web.conftest import WEB
from tests.web.testclient import TestClient
from tests.web.world import INES, JOOST, MISSION, MovableClock, World

from rencontre.services import accounts
from rencontre.services.accounts import digest
from rencontre.store.database import session_scope
from rencontre.store.models_accounts import PersonalLinkRow, WebSessionRow
from rencontre.web.security import session_cookie_name


def test_a_link_opens_the_participant_space(client: TestClient, world: World) -> None:
    response = client.get(f"/l/{world.links[INES]}")
    assert (response.status_code, response.headers["location"]) == (303, "/me/")
    space = client.get("/me/")
    assert space.status_code == 200
    assert "Inès Dubois" in space.text
    assert "Mission néerlandaise en Hauts-de-France" in space.text


def test_a_link_can_be_opened_again_and_on_another_device(
    client: TestClient, world: World, new_client: Callable[[], TestClient]
) -> None:
    phone = new_client()
    assert client.get(f"/l/{world.links[INES]}").status_code == 303
    assert phone.get(f"/l/{world.links[INES]}").status_code == 303
    assert client.get("/me/").status_code == phone.get("/me/").status_code == 200


def test_an_expired_link_gets_a_clear_page(client: TestClient, engine: Engine) -> None:
    long_ago = datetime.now(UTC) - timedelta(days=40)
    with session_scope(engine) as session:
        issued = accounts.issue_link(
            session, participant=INES, mission=MISSION, days=30, now=long_ago
        )
    response = client.get(f"/l/{issued.token}")
    assert response.status_code == 410
    assert "This link has expired. Ask the organisers of your mission for a new one." in (
        response.text
    )
    assert session_cookie_name(WEB) not in client.cookies


def test_a_revoked_link_gets_a_clear_page_and_its_sessions_end(
    client: TestClient, engine: Engine, world: World
) -> None:
    assert client.get(f"/l/{world.links[INES]}").status_code == 303
    with session_scope(engine) as session:
        revoked = accounts.revoke_links(
            session, participant=INES, mission=MISSION, now=datetime.now(UTC)
        )
    assert revoked.count == 1
    assert client.get("/me/").status_code == 403
    response = client.get(f"/l/{world.links[INES]}")
    assert response.status_code == 410
    assert "This link has been withdrawn." in response.text


def test_revoking_one_participant_leaves_the_others_in(
    client: TestClient, engine: Engine, world: World
) -> None:
    assert client.get(f"/l/{world.links[JOOST]}").status_code == 303
    with session_scope(engine) as session:
        accounts.revoke_links(session, participant=INES, mission=MISSION, now=datetime.now(UTC))
    assert client.get("/me/").status_code == 200


def test_a_participant_session_ends_with_its_link(
    client: TestClient, engine: Engine, clock: MovableClock
) -> None:
    with session_scope(engine) as session:
        issued = accounts.issue_link(
            session, participant=INES, mission=MISSION, days=2, now=datetime.now(UTC)
        )
    assert client.get(f"/l/{issued.token}").status_code == 303
    clock.advance(timedelta(days=1))
    assert client.get("/me/").status_code == 200
    clock.advance(timedelta(days=1, minutes=1))
    assert client.get("/me/").status_code == 403


def test_only_hashes_of_links_and_sessions_are_stored(
    client: TestClient, engine: Engine, world: World
) -> None:
    token = world.links[INES]
    client.get(f"/l/{token}")
    key = client.cookies[session_cookie_name(WEB)]
    with session_scope(engine) as session:
        links = session.execute(select(PersonalLinkRow)).scalars().all()
        sessions = session.execute(select(WebSessionRow)).scalars().all()
        stored = [str(value) for row in [*links, *sessions] for value in vars(row).values()]
        hashes = {row.token_hash for row in links}
        keys = {row.key_hash for row in sessions}
    assert not any(token in value or key in value for value in stored)
    assert digest(token) in hashes
    assert digest(key) in keys
