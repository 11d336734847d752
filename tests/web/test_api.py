"""`GET /api/v1/participants/{id}/agenda` and the API's description."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Engine
from tests.web.testclient import TestClient
from tests.web.world import ANNE, BRAM, INES, JOOST, MISSION, OLIVIA, PIET, World

from rencontre.store import repositories as repo
from rencontre.store.database import session_scope

AGENDA = "/api/v1/participants/{}/agenda"


def as_organiser(make: Callable[[], TestClient], world: World, email: str = OLIVIA) -> TestClient:
    client = make()
    client.headers["Authorization"] = f"Bearer {world.api_tokens[email]}"
    return client


def meeting_of(body: dict[str, object]) -> dict[str, object]:
    entries = body["entries"]
    assert isinstance(entries, list)
    (meeting,) = [e for e in entries if e["kind"] == "meeting"]
    assert isinstance(meeting, dict)
    return meeting


def test_a_participant_reads_their_own_agenda_without_others_emails(
    client: TestClient, world: World
) -> None:
    client.get(f"/l/{world.links[INES]}")
    response = client.get(AGENDA.format(world.ids[INES]))
    assert response.status_code == 200
    body = response.json()
    assert body["participant"] == {
        "id": world.ids[INES],
        "name": "Inès Dubois",
        "organisation": "Voltaïque Charge",
        "email": INES,
    }
    assert (body["mission"]["key"], body["mission"]["timezone"]) == (MISSION, "Europe/Paris")
    assert body["language"] == "fr"
    assert [e["title"] for e in body["entries"]] == [
        "Welcome",
        "Rendez-vous B2B : Joost van Dijk (Batterij Lab Eindhoven)",
        "Concept car demo",
    ]
    meeting = meeting_of(body)
    assert meeting["partner"] == {
        "name": "Joost van Dijk",
        "organisation": "Batterij Lab Eindhoven",
        "email": None,
    }
    assert (meeting["start"], meeting["table"], meeting["status"]) == (
        "2025-06-10T10:00:00+02:00",
        4,
        "scheduled",
    )
    assert meeting["languages"] == ["fr", "en"]
    assert [e for e in (JOOST, ANNE, PIET, OLIVIA, BRAM) if e in response.text] == []


def test_an_organiser_reads_her_participants_agendas_with_emails(
    client: TestClient, new_client: Callable[[], TestClient], world: World
) -> None:
    olivia = as_organiser(new_client, world)
    body = olivia.get(AGENDA.format(world.ids[JOOST]) + "?lang=en").json()
    assert body["language"] == "en"
    meeting = meeting_of(body)
    assert meeting["title"] == "B2B: Inès Dubois (Voltaïque Charge)"
    assert meeting["partner"]["email"] == INES
    assert olivia.get(AGENDA.format(world.ids[JOOST]) + f"?mission={MISSION}").status_code == 200
    assert olivia.get(AGENDA.format(world.ids[JOOST]) + "?mission=be-2026").status_code == 404


def test_a_participant_cannot_name_another_mission(client: TestClient, world: World) -> None:
    client.get(f"/l/{world.links[INES]}")
    assert client.get(AGENDA.format(world.ids[INES]) + f"?mission={MISSION}").status_code == 200
    assert client.get(AGENDA.format(world.ids[INES]) + "?mission=be-2026").status_code == 404


def test_a_cancelled_meeting_stays_in_the_agenda_marked(
    client: TestClient, new_client: Callable[[], TestClient], world: World, engine: Engine
) -> None:
    with session_scope(engine) as session:
        repo.replace_meetings(session, MISSION, [])
    meeting = meeting_of(as_organiser(new_client, world).get(AGENDA.format(world.ids[INES])).json())
    assert (meeting["status"], meeting["sequence"]) == ("cancelled", 1)


def test_the_openapi_document_describes_the_agenda_and_its_problems(client: TestClient) -> None:
    document = client.get("/api/openapi.json").json()
    assert sorted(document["paths"]) == [
        "/api/v1/jobs/{job_id}",
        "/api/v1/me/outcomes",
        "/api/v1/meetings/{meeting_id}",
        "/api/v1/meetings/{meeting_id}/outcome",
        "/api/v1/missions",
        "/api/v1/missions/{key}",
        "/api/v1/missions/{key}/jobs",
        "/api/v1/missions/{key}/meetings",
        "/api/v1/missions/{key}/organisations",
        "/api/v1/missions/{key}/outcomes",
        "/api/v1/missions/{key}/participants",
        "/api/v1/missions/{key}/requests",
        "/api/v1/organisations/{organisation_id}",
        "/api/v1/participants/{participant_id}",
        "/api/v1/participants/{participant_id}/agenda",
        "/api/v1/participants/{participant_id}/agenda.ics",
        "/api/v1/requests/{request_id}/accept",
        "/api/v1/requests/{request_id}/decline",
        "/api/v1/requests/{request_id}/withdraw",
    ]
    responses = document["paths"]["/api/v1/participants/{participant_id}/agenda"]["get"][
        "responses"
    ]
    assert sorted(responses) == ["200", "401", "403", "404", "422"]
    assert list(responses["404"]["content"]) == ["application/problem+json"]
    assert "AgendaPublic" in document["components"]["schemas"]


def test_the_documentation_page_is_served_here_in_the_chosen_language(
    client: TestClient,
) -> None:
    page = client.get("/api/docs?lang=fr").text
    assert "<code>GET /api/v1/participants/{participant_id}/agenda</code>" in page
    assert "Paramètres" in page
    assert 'href="/api/openapi.json"' in page
    assert client.get("/docs").status_code == 404
    assert client.get("/redoc").status_code == 404
