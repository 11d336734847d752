"""Calendar subscription: a secret address that gives a participant's agenda to a calendar
application (no cookie), made, replaced and stopped from her agenda page."""

from __future__ import annotations

import re
from collections.abc import Callable

from icalendar import Calendar
from tests.web.conftest import WEB
from tests.web.testclient import TestClient
from tests.web.world import ANNE, BRAM, INES, JOOST, OLIVIA, PIET, World, form_token

from rencontre.web.security import CONTENT_SECURITY_POLICY

FEED_URL = re.compile(r'<code id="feed-url">(http://testserver(/calendar/[\w-]+\.ics))</code>')
OTHERS_OF_INES = (JOOST, ANNE, PIET, OLIVIA, BRAM)
INES_EVENTS = [
    "Concept car demo",
    "Rendez-vous B2B : Joost van Dijk (Batterij Lab Eindhoven)",
    "Welcome",
]


def open_space(client: TestClient, world: World, email: str) -> None:
    assert client.get(f"/l/{world.links[email]}").status_code == 303


def subscribe(client: TestClient) -> tuple[str, str]:
    """Make (or replace) the calendar address from the agenda page's form; the answer
    page's HTML and the address's path."""
    token = form_token(client.get("/me/agenda").text, "/me/calendar")
    response = client.post("/me/calendar", data={"csrf_token": token})
    assert response.status_code == 200
    found = FEED_URL.search(response.text)
    assert found is not None, response.text
    assert found.group(1) == WEB.base_url + found.group(2)
    return response.text, found.group(2)


def summaries(content: bytes) -> list[str]:
    return sorted(str(e["summary"]) for e in Calendar.from_ical(content).walk("VEVENT"))


def calendar_name(content: bytes) -> str:
    return str(Calendar.from_ical(content)["x-wr-calname"])


def test_the_address_gives_her_agenda_to_a_client_without_cookies(
    client: TestClient, world: World, new_client: Callable[[], TestClient]
) -> None:
    open_space(client, world, INES)
    _, path = subscribe(client)
    calendar_app = new_client()
    response = calendar_app.get(path)
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/calendar; charset=utf-8"
    assert "set-cookie" not in response.headers
    assert summaries(response.content) == INES_EVENTS
    assert [email for email in OTHERS_OF_INES if email.encode() in response.content] == []
    # The very file of the download, event for event.
    downloaded = Calendar.from_ical(client.get("/me/agenda.ics").content)
    subscribed = Calendar.from_ical(response.content)
    assert [(str(e["uid"]), e["sequence"], e.to_ical()) for e in subscribed.walk("VEVENT")] == [
        (str(e["uid"]), e["sequence"], e.to_ical()) for e in downloaded.walk("VEVENT")
    ]


def test_the_feed_carries_the_security_headers_and_is_not_stored(
    client: TestClient, world: World, new_client: Callable[[], TestClient]
) -> None:
    open_space(client, world, INES)
    _, path = subscribe(client)
    for response in (new_client().get(path), new_client().get("/calendar/unknown.ics")):
        assert response.headers["cache-control"] == "no-store"
        assert response.headers["referrer-policy"] == "no-referrer"
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["content-security-policy"] == CONTENT_SECURITY_POLICY


def test_the_address_is_shown_once_with_a_webcal_variant(client: TestClient, world: World) -> None:
    open_space(client, world, INES)
    answer, path = subscribe(client)
    assert f'href="webcal://testserver{path}"' in answer
    agenda = client.get("/me/agenda").text
    assert path not in agenda  # only its hash is kept: it cannot be shown again
    assert "Remplacer le lien" in agenda
    assert 'action="/me/calendar/stop"' in agenda
    assert "Créer mon lien de calendrier" not in agenda


def test_the_agenda_page_offers_to_make_an_address_when_she_has_none(
    client: TestClient, world: World
) -> None:
    open_space(client, world, INES)
    agenda = client.get("/me/agenda").text
    assert "S'abonner dans votre calendrier" in agenda
    assert "Créer mon lien de calendrier" in agenda
    assert 'action="/me/calendar/stop"' not in agenda


def test_replacing_the_address_stops_the_old_one(
    client: TestClient, world: World, new_client: Callable[[], TestClient]
) -> None:
    open_space(client, world, INES)
    _, old = subscribe(client)
    _, new = subscribe(client)
    assert new != old
    calendar_app = new_client()
    assert calendar_app.get(old).status_code == 404
    assert summaries(calendar_app.get(new).content) == INES_EVENTS


def test_a_stopped_address_answers_as_an_unknown_one(
    client: TestClient, world: World, new_client: Callable[[], TestClient]
) -> None:
    open_space(client, world, INES)
    _, path = subscribe(client)
    token = form_token(client.get("/me/agenda").text, "/me/calendar/stop")
    response = client.post("/me/calendar/stop", data={"csrf_token": token})
    assert response.status_code == 303
    assert response.headers["location"] == "/me/agenda?calendar=stopped#calendar"
    stopped, unknown = new_client().get(path), new_client().get("/calendar/unknown.ics")
    # The same page, but for the address it was asked for (its language links).
    assert stopped.text.replace(path, "/calendar/unknown.ics") == unknown.text
    assert (stopped.status_code, unknown.status_code) == (404, 404)
    agenda = client.get("/me/agenda?calendar=stopped").text
    assert "Votre lien de calendrier est arrêté" in agenda
    assert "Créer mon lien de calendrier" in agenda


def test_each_address_gives_its_owner_agenda_only(
    client: TestClient, world: World, new_client: Callable[[], TestClient]
) -> None:
    open_space(client, world, INES)
    _, ines = subscribe(client)
    joost_browser, piet_browser = new_client(), new_client()
    open_space(joost_browser, world, JOOST)
    _, joost = subscribe(joost_browser)
    open_space(piet_browser, world, PIET)
    _, piet = subscribe(piet_browser)
    assert len({ines, joost, piet}) == 3
    # Whatever session the client has, the address decides whose agenda it gets.
    joost_agenda = summaries(client.get(joost).content)
    assert [s for s in joost_agenda if "Inès Dubois" in s] == [
        "B2B-gesprek: Inès Dubois (Voltaïque Charge)"
    ]
    assert [s for s in joost_agenda if "Joost" in s] == []
    assert (
        calendar_name(client.get(joost).content)
        == "Mission néerlandaise en Hauts-de-France - Joost van Dijk"
    )
    assert calendar_name(client.get(piet).content) == "Mission belge - Piet Claes"
    assert (
        calendar_name(piet_browser.get(ines).content)
        == "Mission néerlandaise en Hauts-de-France - Inès Dubois"
    )
    assert summaries(piet_browser.get(ines).content) == INES_EVENTS


def test_the_feed_follows_a_language_asked_in_the_address(
    client: TestClient, world: World, new_client: Callable[[], TestClient]
) -> None:
    open_space(client, world, INES)
    _, path = subscribe(client)
    english = summaries(new_client().get(f"{path}?lang=en").content)
    assert "B2B: Joost van Dijk (Batterij Lab Eindhoven)" in english


def test_the_forms_without_the_csrf_token_change_nothing(
    client: TestClient, world: World, new_client: Callable[[], TestClient]
) -> None:
    open_space(client, world, INES)
    assert client.post("/me/calendar", data={}).status_code == 403
    assert "Créer mon lien de calendrier" in client.get("/me/agenda").text
    _, path = subscribe(client)
    assert client.post("/me/calendar/stop", data={"csrf_token": "forged"}).status_code == 403
    assert client.post("/me/calendar", data={"csrf_token": "forged"}).status_code == 403
    assert new_client().get(path).status_code == 200
