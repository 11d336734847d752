"""Organisers' sign-in: passwords, rate-limiting, CSRF, sign-out, sessions across servers."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from sqlalchemy import Engine
from tests.web.conftest import WEB
from tests.web.testclient import TestClient
from tests.web.world import BRAM, OLIVIA, PASSWORD, MovableClock, form_token, sign_in, sign_in_token

from rencontre.services.accounts import ACCOUNT, ADDRESS, MAX_ADDRESS_FAILURES, digest
from rencontre.settings import Settings
from rencontre.store import accounts as store
from rencontre.store.database import session_scope
from rencontre.web.app import create_app
from rencontre.web.security import session_cookie_name

SESSION = session_cookie_name(WEB)


def failures(engine: Engine, scope: str, subject: str, clock: MovableClock) -> int:
    with session_scope(engine) as session:
        since = clock() - timedelta(minutes=15)
        return store.count_failures(session, scope=scope, subject=subject, since=since)


def test_sign_in_opens_the_organiser_home_with_her_missions_only(client: TestClient) -> None:
    page = client.get("/signin")
    response = client.post(
        "/signin",
        data={"email": OLIVIA, "password": PASSWORD, "csrf_token": sign_in_token(page.text)},
    )
    assert (response.status_code, response.headers["location"]) == (303, "/organiser/")
    home = client.get("/organiser/")
    assert home.status_code == 200
    assert "Mission néerlandaise en Hauts-de-France" in home.text
    assert "Mission belge" not in home.text
    assert "3 participants" in home.text
    assert "1 accepted request" in home.text
    assert "1 meeting scheduled" in home.text


def test_sign_in_takes_the_email_in_any_case(client: TestClient) -> None:
    assert sign_in(client, "  Olivia@Agency.example ") == 303


def test_wrong_password_is_refused_without_a_session(client: TestClient) -> None:
    token = sign_in_token(client.get("/signin").text)
    response = client.post(
        "/signin", data={"email": OLIVIA, "password": "wrong password!", "csrf_token": token}
    )
    assert response.status_code == 400
    assert "Wrong e-mail address or password." in response.text
    assert SESSION not in client.cookies
    assert client.get("/organiser/").status_code == 303


def test_the_sixth_failure_within_15_minutes_is_rate_limited(
    client: TestClient, engine: Engine, clock: MovableClock
) -> None:
    statuses = [sign_in(client, OLIVIA, "wrong password!") for _ in range(5)]
    assert statuses == [400] * 5
    page = client.get("/signin")
    sixth = client.post(
        "/signin",
        data={"email": OLIVIA, "password": PASSWORD, "csrf_token": sign_in_token(page.text)},
    )
    assert sixth.status_code == 429
    assert "Too many failed sign-ins. Try again in 15 minutes." in sixth.text
    assert 0 < int(sixth.headers["retry-after"]) <= 15 * 60
    assert failures(engine, ACCOUNT, OLIVIA, clock) == 5
    # Another account is not held back by Olivia's failures (the address has room left).
    assert sign_in(client, BRAM) == 303
    clock.advance(timedelta(minutes=15, seconds=1))
    assert sign_in(client, OLIVIA) == 303
    assert failures(engine, ACCOUNT, OLIVIA, clock) == 0


def test_failures_from_one_address_are_limited_across_accounts(client: TestClient) -> None:
    statuses = [
        sign_in(client, f"nobody{n}@agency.example", "wrong password!")
        for n in range(MAX_ADDRESS_FAILURES)
    ]
    assert statuses == [400] * MAX_ADDRESS_FAILURES
    assert sign_in(client, OLIVIA) == 429


def test_a_sign_in_without_its_csrf_field_is_refused_and_not_counted(
    client: TestClient, engine: Engine, clock: MovableClock
) -> None:
    client.get("/signin")  # the browser holds the signed cookie, the form is not sent whole
    refused = [
        client.post("/signin", data={"email": OLIVIA, "password": "wrong password!"})
        for _ in range(6)
    ]
    assert [r.status_code for r in refused] == [403] * 6
    assert "This form has expired. Reload the page and try again." in refused[0].text
    assert failures(engine, ACCOUNT, OLIVIA, clock) == 0
    assert failures(engine, ADDRESS, "testclient", clock) == 0
    assert sign_in(client, OLIVIA) == 303


def test_a_sign_in_form_token_without_its_signed_cookie_is_refused(
    client: TestClient, new_client: Callable[[], TestClient]
) -> None:
    token = sign_in_token(client.get("/signin").text)
    other_browser = new_client()
    response = other_browser.post(
        "/signin", data={"email": OLIVIA, "password": PASSWORD, "csrf_token": token}
    )
    assert response.status_code == 403
    forged = new_client()
    forged.cookies.set("rencontre_sign_in", f"{token}.0123456789abcdef")
    response = forged.post(
        "/signin", data={"email": OLIVIA, "password": PASSWORD, "csrf_token": token}
    )
    assert response.status_code == 403


def test_sign_out_ends_the_session_at_once(
    client: TestClient, new_client: Callable[[], TestClient]
) -> None:
    assert sign_in(client, OLIVIA) == 303
    key = client.cookies[SESSION]
    home = client.get("/organiser/")
    response = client.post("/signout", data={"csrf_token": form_token(home.text)})
    assert (response.status_code, response.headers["location"]) == (303, "/")
    assert client.get("/organiser/").status_code == 303
    # The key the browser held is worthless now, wherever it is sent from.
    stolen = new_client()
    stolen.cookies.set(SESSION, key)
    assert stolen.get("/organiser/").status_code == 303


def test_sessions_are_shared_by_two_servers_on_one_database(
    client: TestClient, settings: Settings, clock: MovableClock
) -> None:
    with TestClient(create_app(settings, WEB, clock=clock), follow_redirects=False) as second:
        assert sign_in(client, OLIVIA) == 303
        second.cookies.set(SESSION, client.cookies[SESSION])
        page = second.get("/organiser/")
        assert page.status_code == 200
        signed_out = second.post("/signout", data={"csrf_token": form_token(page.text)})
        assert signed_out.status_code == 303
        assert client.get("/organiser/").status_code == 303


def test_an_organiser_session_ends_after_12_hours(client: TestClient, clock: MovableClock) -> None:
    assert sign_in(client, OLIVIA) == 303
    clock.advance(timedelta(hours=11, minutes=59))
    assert client.get("/organiser/").status_code == 200
    clock.advance(timedelta(minutes=2))
    assert client.get("/organiser/").status_code == 303


def test_signing_in_replaces_the_session_the_browser_had(
    client: TestClient, engine: Engine
) -> None:
    assert sign_in(client, OLIVIA) == 303
    first = client.cookies[SESSION]
    assert sign_in(client, BRAM) == 303
    with session_scope(engine) as session:
        assert store.find_session(session, digest(first)) is None
    assert "Mission belge" in client.get("/organiser/").text
