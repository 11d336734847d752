"""A participant's meeting requests on the web: sending, answering, withdrawing, who may act
on which request, and nobody else's e-mail address.

The world (see `world.py`): Inès → Joost accepted, Joost → Anne pending, Anne → Inès proposed
(by the matching, score 0.8125); Piet is in another mission.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine
from tests.web.testclient import TestClient
from tests.web.world import (
    ANNE,
    BRAM,
    INES,
    JOOST,
    MISSION,
    OLIVIA,
    PIET,
    World,
    form_token,
    open_link,
)

from rencontre.core.dataset import Dataset
from rencontre.store import repositories as repo
from rencontre.store.database import session_scope
from rencontre.store.updates import store_records

EVERYONE = (INES, JOOST, ANNE, PIET, OLIVIA, BRAM)


def browser_of(email: str, make: Callable[[], TestClient], world: World) -> TestClient:
    client = make()
    assert open_link(client, world.links[email]) == 303
    return client


def token(client: TestClient) -> str:
    return form_token(client.get("/me/requests").text)


def request_ids(page: str, action: str) -> list[int]:
    """The ids of the requests the page offers to `action` (accept, withdraw…)."""
    return [int(n) for n in re.findall(rf'action="/me/requests/(\d+)/{action}"', page)]


def others_emails(page: str, email: str) -> list[str]:
    return [e for e in EVERYONE if e != email and e in page]


def test_the_requests_page_lists_what_i_sent_and_received_without_proposals(
    new_client: Callable[[], TestClient], world: World
) -> None:
    ines = browser_of(INES, new_client, world)
    page = ines.get("/me/requests?lang=en").text
    sent, received = page.split("<h2>Sent</h2>")[1], page.split("<h2>Sent</h2>")[0]
    assert "Joost van Dijk" in sent
    assert "Accepted" in sent
    assert "Nobody has asked to meet you yet." in received  # Anne's is only a proposal
    assert others_emails(page, INES) == []


def test_a_received_request_is_accepted_and_the_sender_sees_it_at_once(
    new_client: Callable[[], TestClient], world: World
) -> None:
    anne, joost = browser_of(ANNE, new_client, world), browser_of(JOOST, new_client, world)
    (request_id,) = request_ids(anne.get("/me/requests").text, "accept")
    response = anne.post(
        f"/me/requests/{request_id}/accept",
        data={"csrf_token": token(anne), "message": "Avec plaisir"},
    )
    assert (response.status_code, response.headers["location"]) == (
        303,
        "/me/requests?done=accept",
    )
    assert "You accepted the request." in anne.get("/me/requests?done=accept&lang=en").text
    seen = joost.get("/me/requests?lang=en").text
    assert "Accepted" in seen.split("<h2>Sent</h2>")[1]
    assert "Avec plaisir" in seen
    again = anne.post(f"/me/requests/{request_id}/accept", data={"csrf_token": token(anne)})
    assert again.status_code == 409


def test_a_request_is_declined_with_a_message(
    new_client: Callable[[], TestClient], world: World
) -> None:
    anne = browser_of(ANNE, new_client, world)
    (request_id,) = request_ids(anne.get("/me/requests").text, "decline")
    response = anne.post(
        f"/me/requests/{request_id}/decline",
        data={"csrf_token": token(anne), "message": "Pas cette fois"},
    )
    assert response.status_code == 303
    page = anne.get("/me/requests?lang=en").text
    assert "Declined" in page
    assert "Pas cette fois" in page
    assert request_ids(page, "accept") == []


def test_only_the_requested_person_can_answer_and_only_the_sender_withdraw(
    new_client: Callable[[], TestClient], world: World
) -> None:
    anne, joost = browser_of(ANNE, new_client, world), browser_of(JOOST, new_client, world)
    ines, piet = browser_of(INES, new_client, world), browser_of(PIET, new_client, world)
    (request_id,) = request_ids(anne.get("/me/requests").text, "accept")  # Joost → Anne
    for client in (ines, piet):  # neither in the pair: as if it did not exist
        for action in ("accept", "decline", "withdraw"):
            url = f"/me/requests/{request_id}/{action}"
            assert client.post(url, data={"csrf_token": token(client)}).status_code == 404
    # In the pair, but on the wrong side of it.
    own = joost.post(f"/me/requests/{request_id}/accept", data={"csrf_token": token(joost)})
    assert own.status_code == 409
    theirs = anne.post(f"/me/requests/{request_id}/withdraw", data={"csrf_token": token(anne)})
    assert theirs.status_code == 409
    assert (
        anne.post("/me/requests/999999/accept", data={"csrf_token": token(anne)}).status_code == 404
    )
    assert "Waiting for an answer" in anne.get("/me/requests?lang=en").text


def test_a_sent_request_is_withdrawn_once(
    new_client: Callable[[], TestClient], world: World
) -> None:
    joost, anne = browser_of(JOOST, new_client, world), browser_of(ANNE, new_client, world)
    (request_id,) = request_ids(joost.get("/me/requests").text, "withdraw")
    response = joost.post(f"/me/requests/{request_id}/withdraw", data={"csrf_token": token(joost)})
    assert (response.status_code, response.headers["location"]) == (
        303,
        "/me/requests?done=withdraw",
    )
    assert "Withdrawn" in anne.get("/me/requests?lang=en").text
    again = joost.post(f"/me/requests/{request_id}/withdraw", data={"csrf_token": token(joost)})
    assert again.status_code == 409


def test_sending_a_request_reaches_the_other_person(
    new_client: Callable[[], TestClient], world: World
) -> None:
    ines, anne = browser_of(INES, new_client, world), browser_of(ANNE, new_client, world)
    response = ines.post(
        "/me/requests",
        data={"to": world.ids[ANNE], "priority": 3, "message": "Bonjour Anne",
              "csrf_token": token(ines)},
    )  # fmt: skip
    assert (response.status_code, response.headers["location"]) == (
        303,
        "/me/requests?done=sent",
    )
    page = anne.get("/me/requests?lang=en").text
    received = page.split("<h2>Sent</h2>")[0]
    assert "Inès Dubois" in received
    assert "Bonjour Anne" in received
    assert "High" in received
    assert len(request_ids(page, "accept")) == 2  # Joost's and now Inès's
    assert others_emails(page, ANNE) == []


def test_a_request_is_refused_with_its_reason(
    new_client: Callable[[], TestClient], world: World
) -> None:
    ines = browser_of(INES, new_client, world)
    refusals = {
        "herself": (world.ids[INES], 2, "You cannot ask to meet yourself."),
        "outsider": (world.ids[PIET], 2, "This person does not take part in your mission."),
        "twice": (world.ids[JOOST], 2, "You have already asked to meet Joost van Dijk."),
        "priority": (world.ids[ANNE], 7, "The priority must be 1, 2 or 3."),
    }
    for to, priority, reason in refusals.values():
        response = ines.post(
            "/me/requests?lang=en",
            data={"to": to, "priority": priority, "csrf_token": token(ines)},
        )
        assert response.status_code == 400, reason
        assert reason in response.text
    no_token = ines.post("/me/requests", data={"to": world.ids[ANNE]})
    assert no_token.status_code == 403


def test_a_request_to_someone_who_asked_first_is_merged_with_theirs(
    new_client: Callable[[], TestClient], world: World
) -> None:
    anne, joost = browser_of(ANNE, new_client, world), browser_of(JOOST, new_client, world)
    response = anne.post(
        "/me/requests",
        data={"to": world.ids[JOOST], "priority": 3, "message": "Moi aussi",
              "csrf_token": token(anne)},
    )  # fmt: skip
    assert response.headers["location"] == "/me/requests?done=merged"
    page = anne.get("/me/requests?done=merged&lang=en").text
    assert "both requests are now one" in page
    assert len(request_ids(page, "accept")) == 1  # still one request, Joost's, to answer
    sent_by_joost = joost.get("/me/requests?lang=en").text.split("<h2>Sent</h2>")[1]
    assert "Moi aussi" in sent_by_joost
    assert "High" in sent_by_joost


def set_deadline(engine: Engine, moment: datetime) -> None:
    with session_scope(engine) as session:
        mission = repo.get_mission(session, MISSION)
        store_records(session, Dataset(missions=(replace(mission, requests_close_at=moment),)))


def test_after_the_deadline_forms_are_hidden_and_changes_refused(
    engine: Engine, new_client: Callable[[], TestClient], world: World
) -> None:
    anne = browser_of(ANNE, new_client, world)
    (request_id,) = request_ids(anne.get("/me/requests").text, "accept")
    set_deadline(engine, datetime(2025, 6, 1, 16, 0, tzinfo=UTC))
    page = anne.get("/me/requests").text
    assert "Les demandes de rendez-vous sont closes depuis le 1 juin 2025, 18:00 (Paris)." in page
    assert request_ids(page, "accept") == []
    directory = anne.get("/me/directory").text
    assert 'action="/me/requests"' not in directory
    refused = anne.post(f"/me/requests/{request_id}/accept", data={"csrf_token": token(anne)})
    assert refused.status_code == 409
    assert "closes depuis le 1 juin 2025, 18:00 (Paris)" in refused.text
    sent = anne.post("/me/requests", data={"to": world.ids[INES], "csrf_token": token(anne)})
    assert sent.status_code == 409
    assert "Waiting for an answer" in anne.get("/me/requests?lang=en").text


def test_before_the_deadline_the_pages_say_when_requests_close(
    engine: Engine, new_client: Callable[[], TestClient], world: World
) -> None:
    anne = browser_of(ANNE, new_client, world)
    set_deadline(engine, datetime.now(UTC) + timedelta(days=2))
    page = anne.get("/me/partners?lang=en").text
    assert "Meeting requests close on " in page
    assert 'action="/me/requests"' in anne.get("/me/directory").text
