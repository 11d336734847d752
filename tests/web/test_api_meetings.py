"""`GET /api/v1/missions/{key}/meetings` and `GET /api/v1/meetings/{id}`.

The world (see `world.py`): Inès and Joost meet on 10 June 2025 at 10:00, table 4.
"""

from __future__ import annotations

from sqlalchemy import Engine
from tests.web.api_callers import Make, items, organiser, participant, problem
from tests.web.world import ANNE, BRAM, INES, JOOST, MISSION, OLIVIA, OTHER_MISSION, PIET, World

from rencontre.core.meeting import meeting_uid
from rencontre.store import repositories as repo
from rencontre.store.database import session_scope

MEETINGS = f"/api/v1/missions/{MISSION}/meetings"


def the_meeting_id(make: Make, world: World) -> int:
    (meeting,) = items(organiser(make, world, OLIVIA).get(MEETINGS))
    return int(meeting["id"])


def test_an_organiser_reads_every_meeting_with_emails(new_client: Make, world: World) -> None:
    (meeting,) = items(organiser(new_client, world, OLIVIA).get(MEETINGS))
    assert {k: v for k, v in meeting.items() if k not in ("id", "requester", "requested")} == {
        "mission": MISSION,
        "uid": meeting_uid(MISSION, INES, JOOST),
        "sequence": 0,
        "status": "scheduled",
        "start": "2025-06-10T10:00:00+02:00",
        "end": "2025-06-10T10:30:00+02:00",
        "venue": "Technopole Transalley",
        "location": "Rue X, Valenciennes",
        "table": 4,
    }
    assert (meeting["requester"]["email"], meeting["requested"]["email"]) == (INES, JOOST)


def test_a_participant_reads_her_meetings_without_emails(new_client: Make, world: World) -> None:
    response = participant(new_client, world, INES).get(MEETINGS)
    (meeting,) = items(response)
    assert (meeting["requested"]["name"], meeting["requested"]["email"]) == ("Joost van Dijk", None)
    assert [e for e in (JOOST, ANNE, PIET, OLIVIA, BRAM) if e in response.text] == []
    assert items(participant(new_client, world, ANNE).get(MEETINGS)) == []


def test_one_meeting_is_read_by_its_people_and_its_missions_organisers(
    new_client: Make, world: World
) -> None:
    url = f"/api/v1/meetings/{the_meeting_id(new_client, world)}"
    for email in (INES, JOOST):
        assert participant(new_client, world, email).get(url).json()["table"] == 4
    assert organiser(new_client, world, OLIVIA).get(url).json()["requester"]["email"] == INES
    for client in (
        participant(new_client, world, ANNE),
        participant(new_client, world, PIET),
        organiser(new_client, world, BRAM),
    ):
        assert problem(client.get(url), 404)["detail"].endswith("that you may read")
    problem(organiser(new_client, world, OLIVIA).get("/api/v1/meetings/999999"), 404)
    problem(new_client().get(url), 401)


def test_another_missions_meetings_answer_404(new_client: Make, world: World) -> None:
    for client in (participant(new_client, world, PIET), organiser(new_client, world, BRAM)):
        problem(client.get(MEETINGS), 404)
    problem(participant(new_client, world, INES).get(
        f"/api/v1/missions/{OTHER_MISSION}/meetings"), 404)  # fmt: skip
    assert items(organiser(new_client, world, BRAM).get(
        f"/api/v1/missions/{OTHER_MISSION}/meetings")) == []  # fmt: skip


def test_a_cancelled_meeting_stays_listed_marked(
    engine: Engine, new_client: Make, world: World
) -> None:
    with session_scope(engine) as session:
        repo.replace_meetings(session, MISSION, [])
    (meeting,) = items(participant(new_client, world, INES).get(MEETINGS))
    assert (meeting["status"], meeting["sequence"]) == ("cancelled", 1)


def test_the_meetings_come_a_page_at_a_time(new_client: Make, world: World) -> None:
    olivia = organiser(new_client, world, OLIVIA)
    page = olivia.get(f"{MEETINGS}?limit=1&offset=1").json()
    assert (page["items"], page["total"], page["limit"], page["offset"]) == ([], 1, 1, 1)
    problem(olivia.get(f"{MEETINGS}?offset=-1"), 422)
