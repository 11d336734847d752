"""Headers on every response, cookies, CSRF on the API, problem documents, web settings."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from typing import Annotated

import pytest
from fastapi import APIRouter, Depends, FastAPI
from tests.web.testclient import TestClient
from tests.web.world import INES, OLIVIA, World, form_token, sign_in

from rencontre.services.accounts import Visitor
from rencontre.settings import Settings
from rencontre.web.access_log import HideLinkTokens, log_config
from rencontre.web.app import create_app
from rencontre.web.auth.visitors import api_visitor
from rencontre.web.security import CONTENT_SECURITY_POLICY
from rencontre.web.settings import SettingError, WebSettings

EXPECTED_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
)


def test_the_policy_is_the_one_promised() -> None:
    assert CONTENT_SECURITY_POLICY == EXPECTED_CSP


@pytest.mark.parametrize(
    "path", ["/", "/signin", "/nowhere", "/me/", "/api/openapi.json", "/static/site.css"]
)
def test_every_response_carries_the_security_headers(client: TestClient, path: str) -> None:
    headers = client.get(path).headers
    assert {
        name: headers.get(name)
        for name in (
            "content-security-policy",
            "x-content-type-options",
            "referrer-policy",
            "x-frame-options",
        )
    } == {
        "content-security-policy": EXPECTED_CSP,
        "x-content-type-options": "nosniff",
        "referrer-policy": "no-referrer",
        "x-frame-options": "DENY",
    }
    expected_cache = None if path.startswith("/static/") else "no-store"
    assert headers.get("cache-control") == expected_cache


#: The only script a page may hold: a file of the package's static folder, nothing inline.
PACKAGED_SCRIPT = re.compile(r'<script src="/static/[\w./-]+\.js"( defer)?></script>')


def test_pages_hold_no_inline_script_and_load_nothing_from_elsewhere(
    client: TestClient, world: World
) -> None:
    client.get(f"/l/{world.links[INES]}")
    pages = [client.get(p).text for p in ("/", "/signin", "/me/", "/me/agenda", "/api/docs")]
    joined = "".join(pages)
    scripts = re.findall(r"<script[^>]*>.*?</script>", joined, flags=re.S)
    assert scripts and all(PACKAGED_SCRIPT.fullmatch(s) for s in scripts), scripts
    assert joined.count("<script") == len(scripts)
    assert " style=" not in joined
    assert "http://" not in joined and "https://" not in joined


def test_the_session_cookie_is_http_only_and_same_site(client: TestClient, world: World) -> None:
    response = client.get(f"/l/{world.links[INES]}")
    cookie = response.headers["set-cookie"]
    assert cookie.startswith("rencontre_session=")
    assert "HttpOnly" in cookie
    assert "SameSite=lax" in cookie
    assert "Path=/" in cookie
    assert "Secure" not in cookie


def test_behind_https_cookies_are_secure_and_host_only(settings: Settings, world: World) -> None:
    web = WebSettings.from_environ({"RENCONTRE_BASE_URL": "https://missions.example.org"})
    app = create_app(settings, web)
    with TestClient(app, base_url="https://testserver", follow_redirects=False) as client:
        cookie = client.get(f"/l/{world.links[INES]}").headers["set-cookie"]
        sign_in_cookie = client.get("/signin").headers["set-cookie"]
        assert client.get("/me/").status_code == 200
    assert cookie.startswith("__Host-rencontre_session=")
    assert "Secure" in cookie
    assert sign_in_cookie.startswith("__Host-rencontre_sign_in=")
    assert "Secure" in sign_in_cookie


PROBE = "/api/v1/probe"


@pytest.fixture
def probed(app: FastAPI) -> FastAPI:
    """The app with a state-changing API route, as later routes will be."""
    router = APIRouter()

    @router.post(PROBE)
    def probe(visitor: Annotated[Visitor, Depends(api_visitor)]) -> dict[str, str]:
        return {"kind": str(visitor.kind)}

    app.include_router(router)
    return app


def test_a_cookie_api_call_that_changes_something_needs_the_csrf_header(
    probed: FastAPI, client: TestClient, world: World
) -> None:
    assert sign_in(client, OLIVIA) == 303
    token = form_token(client.get("/organiser/").text)
    refused = client.post(PROBE)
    assert refused.status_code == 403
    assert refused.headers["content-type"] == "application/problem+json"
    assert client.post(PROBE, headers={"X-CSRF-Token": "not-it"}).status_code == 403
    accepted = client.post(PROBE, headers={"X-CSRF-Token": token})
    assert (accepted.status_code, accepted.json()) == (200, {"kind": "organiser"})


def test_a_bearer_api_call_needs_no_csrf_header(
    probed: FastAPI, new_client: Callable[[], TestClient], world: World
) -> None:
    client = new_client()
    client.headers["Authorization"] = f"Bearer {world.api_tokens[OLIVIA]}"
    assert client.post(PROBE).status_code == 200
    client.headers["Authorization"] = "Bearer not-a-token"
    refused = client.post(PROBE)
    assert refused.status_code == 401
    assert refused.headers["www-authenticate"] == "Bearer"


def test_api_errors_are_problem_documents(client: TestClient, world: World) -> None:
    anonymous = client.get("/api/v1/participants/1/agenda")
    assert anonymous.headers["content-type"] == "application/problem+json"
    assert anonymous.json() == {
        "type": "about:blank",
        "title": "Unauthorized",
        "status": 401,
        "detail": "sign in, open your personal link, or send an API token",
    }
    client.headers["Authorization"] = f"Bearer {world.api_tokens[OLIVIA]}"
    not_a_number = client.get("/api/v1/participants/abc/agenda?lang=de")
    assert not_a_number.status_code == 422
    assert not_a_number.headers["content-type"] == "application/problem+json"
    locations = [error["location"] for error in not_a_number.json()["errors"]]
    assert locations == [["path", "participant_id"], ["query", "lang"]]
    unknown = client.get("/api/v2/nothing")
    assert (unknown.status_code, unknown.json()["title"]) == (404, "Not Found")


def test_pages_refuse_with_a_page_in_the_visitor_language(client: TestClient) -> None:
    response = client.get("/me/?lang=nl")
    assert response.status_code == 403
    assert "Deze pagina hoort bij de omgeving van een deelnemer." in response.text
    missing = client.get("/nowhere")
    assert missing.headers["content-type"].startswith("text/html")
    assert "Deze pagina bestaat niet." in missing.text


def test_web_settings_default_to_a_local_server() -> None:
    assert WebSettings.from_environ({}) == WebSettings("http://127.0.0.1:8000", False)


def test_web_settings_follow_the_base_url() -> None:
    web = WebSettings.from_environ({"RENCONTRE_BASE_URL": "https://missions.example.org/"})
    assert web == WebSettings("https://missions.example.org", True)
    assert web.link_url("abc") == "https://missions.example.org/l/abc"
    forced = {"RENCONTRE_BASE_URL": "https://x.example", "RENCONTRE_SECURE_COOKIES": "no"}
    assert WebSettings.from_environ(forced).secure_cookies is False


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        (
            {"RENCONTRE_SECURE_COOKIES": "maybe"},
            "RENCONTRE_SECURE_COOKIES must be true or false, not 'maybe'",
        ),
        (
            {"RENCONTRE_BASE_URL": "missions.example.org"},
            "RENCONTRE_BASE_URL must be an http:// or https:// address such as "
            "https://missions.example.org, not 'missions.example.org'",
        ),
    ],
)
def test_web_settings_refuse_unusable_values(environ: dict[str, str], message: str) -> None:
    with pytest.raises(SettingError) as refused:
        WebSettings.from_environ(environ)
    assert str(refused.value) == message


def test_the_access_log_hides_link_tokens() -> None:
    record = logging.LogRecord(
        "uvicorn.access", logging.INFO, __file__, 1, '%s - "%s %s HTTP/%s" %d',
        ("127.0.0.1:50000", "GET", "/l/s3cr3t-T0ken_x?lang=nl", "1.1", 303), None,
    )  # fmt: skip
    assert HideLinkTokens().filter(record)
    assert record.getMessage() == '127.0.0.1:50000 - "GET /l/…?lang=nl HTTP/1.1" 303'
    assert log_config()["handlers"]["access"]["filters"] == ["hide_link_tokens"]


def test_the_access_log_hides_calendar_link_tokens() -> None:
    record = logging.LogRecord(
        "uvicorn.access", logging.INFO, __file__, 1, '%s - "%s %s HTTP/%s" %d',
        ("127.0.0.1:50000", "GET", "/calendar/AbC-123_x.ics", "1.1", 200), None,
    )  # fmt: skip
    assert HideLinkTokens().filter(record)
    assert record.getMessage() == '127.0.0.1:50000 - "GET /calendar/… HTTP/1.1" 200'
