"""`GET /api/v1/missions` and `GET /api/v1/missions/{key}`."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine
from tests.web.api_callers import Make, items, organiser, participant, problem
from tests.web.test_participant_requests import set_deadline
from tests.web.world import BRAM, INES, MISSION, OLIVIA, OTHER_MISSION, PIET, World

from rencontre.store import accounts as store
from rencontre.store.database import session_scope


def test_an_organiser_lists_the_missions_she_organises(new_client: Make, world: World) -> None:
    (mission,) = items(organiser(new_client, world, OLIVIA).get("/api/v1/missions"))
    assert mission == {
        "key": MISSION,
        "title": "Mission néerlandaise en Hauts-de-France",
        "description": "Three days of visits and meetings.",
        "timezone": "Europe/Paris",
        "start_date": "2025-06-10",
        "end_date": "2025-06-11",
        "languages": ["fr", "nl", "en"],
        "requests_close_at": None,
        "requests_open": True,
        "role": "organiser",
    }
    assert [
        m["key"] for m in items(organiser(new_client, world, BRAM).get("/api/v1/missions"))
    ] == [OTHER_MISSION]


def test_a_participant_lists_her_own_mission(new_client: Make, world: World) -> None:
    ines = participant(new_client, world, INES)
    (mission,) = items(ines.get("/api/v1/missions"))
    assert (mission["key"], mission["role"]) == (MISSION, "participant")
    assert ines.get(f"/api/v1/missions/{MISSION}").json()["key"] == MISSION


def test_another_mission_answers_404_as_if_it_did_not_exist(new_client: Make, world: World) -> None:
    for client in (organiser(new_client, world, OLIVIA), participant(new_client, world, INES)):
        body = problem(client.get(f"/api/v1/missions/{OTHER_MISSION}"), 404)
        assert body["detail"] == f"no mission {OTHER_MISSION!r} that you may read"
        assert problem(client.get("/api/v1/missions/nowhere"), 404)["title"] == "Not Found"
    assert (
        participant(new_client, world, PIET).get(f"/api/v1/missions/{OTHER_MISSION}").json()["key"]
        == OTHER_MISSION
    )


def test_without_credentials_the_api_answers_401(new_client: Make) -> None:
    response = new_client().get("/api/v1/missions")
    problem(response, 401)
    assert response.headers["www-authenticate"] == "Bearer"


def test_the_missions_come_a_page_at_a_time(engine: Engine, new_client: Make, world: World) -> None:
    with session_scope(engine) as session:
        user = store.find_user(session, OLIVIA)
        assert user is not None
        store.add_organised_missions(
            session, user.id, store.mission_ids(session, [OTHER_MISSION]).values()
        )
    olivia = organiser(new_client, world, OLIVIA)
    first = olivia.get("/api/v1/missions?limit=1").json()
    assert ([m["key"] for m in first["items"]], first["total"]) == ([OTHER_MISSION], 2)
    second = olivia.get("/api/v1/missions?limit=1&offset=1").json()
    assert ([m["key"] for m in second["items"]], second["offset"]) == ([MISSION], 1)
    body = problem(olivia.get("/api/v1/missions?limit=0"), 422)
    assert [e["location"] for e in body["errors"]] == [["query", "limit"]]


def test_a_mission_says_until_when_requests_are_open(
    engine: Engine, new_client: Make, world: World
) -> None:
    set_deadline(engine, datetime(2025, 6, 1, 16, 0, tzinfo=UTC))
    mission = organiser(new_client, world, OLIVIA).get(f"/api/v1/missions/{MISSION}").json()
    assert (mission["requests_close_at"], mission["requests_open"]) == (
        "2025-06-01T16:00:00Z",
        False,
    )
    set_deadline(engine, datetime.now(UTC) + timedelta(days=1))
    assert (
        organiser(new_client, world, OLIVIA)
        .get(f"/api/v1/missions/{MISSION}")
        .json()["requests_open"]
    )
