"""`GET /api/v1/missions/{key}/participants`, `GET /api/v1/participants/{id}` and
`GET /api/v1/participants/{id}/agenda.ics`."""

from __future__ import annotations

from icalendar import Calendar
from tests.web.api_callers import Make, items, organiser, participant, problem
from tests.web.world import ANNE, BRAM, INES, JOOST, MISSION, OLIVIA, OTHER_MISSION, PIET, World

from rencontre.core.meeting import meeting_uid

PARTICIPANTS = f"/api/v1/missions/{MISSION}/participants"
OTHERS_THAN_INES = (JOOST, ANNE, PIET, OLIVIA, BRAM)


def test_a_participant_gets_the_public_part_of_the_others(new_client: Make, world: World) -> None:
    response = participant(new_client, world, INES).get(PARTICIPANTS)
    found = items(response)
    assert [(p["name"], p["email"]) for p in found] == [
        ("Inès Dubois", INES),
        ("Joost van Dijk", None),
        ("Anne Peeters", None),
    ]
    joost = found[1]
    assert joost["id"] == world.ids[JOOST]
    assert joost["organisation"]["name"] == "Batterij Lab Eindhoven"
    assert (joost["country"], joost["languages"], joost["segments"]) == (
        "NL",
        ["nl", "en", "fr"],
        ["BAT-CELL", "RES-LAB"],
    )
    assert [d["language"] for d in joost["descriptions"]] == ["fr", "nl", "en"]
    assert ([o["reference"] for o in joost["needs"]], joost["offers"]) == (["TRNL2025-007"], [])
    assert [e for e in OTHERS_THAN_INES if e in response.text] == []


def test_an_organiser_gets_the_emails_of_her_missions_people(
    new_client: Make, world: World
) -> None:
    olivia = organiser(new_client, world, OLIVIA)
    assert [p["email"] for p in items(olivia.get(PARTICIPANTS))] == [INES, JOOST, ANNE]
    assert olivia.get(f"/api/v1/participants/{world.ids[JOOST]}").json()["email"] == JOOST
    problem(olivia.get(f"/api/v1/participants/{world.ids[PIET]}"), 404)


def test_one_participant_is_read_within_a_shared_mission_only(
    new_client: Make, world: World
) -> None:
    ines = participant(new_client, world, INES)
    joost = ines.get(f"/api/v1/participants/{world.ids[JOOST]}").json()
    assert (joost["name"], joost["email"]) == ("Joost van Dijk", None)
    assert ines.get(f"/api/v1/participants/{world.ids[INES]}").json()["email"] == INES
    body = problem(ines.get(f"/api/v1/participants/{world.ids[PIET]}"), 404)
    assert body["detail"] == f"no participant {world.ids[PIET]} that you may read"
    problem(ines.get("/api/v1/participants/999999"), 404)
    for client in (participant(new_client, world, PIET), organiser(new_client, world, BRAM)):
        problem(client.get(f"/api/v1/participants/{world.ids[INES]}"), 404)
        problem(client.get(PARTICIPANTS), 404)
    problem(ines.get(f"/api/v1/missions/{OTHER_MISSION}/participants"), 404)


def test_the_participants_come_a_page_at_a_time(new_client: Make, world: World) -> None:
    page = organiser(new_client, world, OLIVIA).get(f"{PARTICIPANTS}?limit=1&offset=2").json()
    assert ([p["name"] for p in page["items"]], page["total"]) == (["Anne Peeters"], 3)
    body = problem(organiser(new_client, world, OLIVIA).get(f"{PARTICIPANTS}?limit=501"), 422)
    assert body["errors"][0]["location"] == ["query", "limit"]


def test_a_participant_downloads_her_own_calendar_without_others_emails(
    new_client: Make, world: World
) -> None:
    ines = participant(new_client, world, INES)
    response = ines.get(f"/api/v1/participants/{world.ids[INES]}/agenda.ics?lang=en")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/calendar; charset=utf-8"
    assert response.headers["content-disposition"].startswith("attachment; filename=")
    events = Calendar.from_ical(response.content).walk("VEVENT")
    uid = meeting_uid(MISSION, INES, JOOST)
    assert [str(e["summary"]) for e in events if str(e["uid"]) == uid] == [
        "B2B: Joost van Dijk (Batterij Lab Eindhoven)"
    ]
    assert [e for e in OTHERS_THAN_INES if e in response.text] == []
    problem(ines.get(f"/api/v1/participants/{world.ids[JOOST]}/agenda.ics"), 404)


def test_an_organiser_downloads_her_participants_calendars(new_client: Make, world: World) -> None:
    olivia = organiser(new_client, world, OLIVIA)
    response = olivia.get(f"/api/v1/participants/{world.ids[JOOST]}/agenda.ics")
    assert response.status_code == 200
    assert meeting_uid(MISSION, INES, JOOST) in response.text
    problem(olivia.get(f"/api/v1/participants/{world.ids[PIET]}/agenda.ics"), 404)
    problem(organiser(new_client, world, BRAM).get(
        f"/api/v1/participants/{world.ids[JOOST]}/agenda.ics"), 404)  # fmt: skip
    problem(new_client().get(f"/api/v1/participants/{world.ids[JOOST]}/agenda.ics"), 401)
