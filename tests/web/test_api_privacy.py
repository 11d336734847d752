"""No API answer given to a participant holds another participant's e-mail address.

Walks every GET route of the OpenAPI document under `/api/v1` with every id the store
holds (and some it does not), as Inès, after she has sent and answered requests, and reads
every answer: pages, single objects, files and problem documents alike.
"""

from __future__ import annotations

import itertools
import re

from sqlalchemy import Engine
from tests.web.api_callers import Make, participant
from tests.web.world import ANNE, BRAM, INES, JOOST, MISSION, OLIVIA, OTHER_MISSION, PIET, World

from rencontre.store import by_id
from rencontre.store import repositories as repo
from rencontre.store.database import session_scope

OTHERS_THAN_INES = (JOOST, ANNE, PIET, OLIVIA, BRAM)
UNKNOWN_ID = 999999
#: Walked at least (any other GET route under /api/v1 is walked too).
MY_ROUTES = {
    "/api/v1/missions",
    "/api/v1/missions/{key}",
    "/api/v1/missions/{key}/organisations",
    "/api/v1/organisations/{organisation_id}",
    "/api/v1/missions/{key}/participants",
    "/api/v1/participants/{participant_id}",
    "/api/v1/participants/{participant_id}/agenda",
    "/api/v1/participants/{participant_id}/agenda.ics",
    "/api/v1/missions/{key}/requests",
    "/api/v1/missions/{key}/meetings",
    "/api/v1/meetings/{meeting_id}",
}


def path_values(engine: Engine, world: World) -> dict[str, list[str]]:
    """Every value worth trying for each path parameter the API's routes take."""
    with session_scope(engine) as session:
        organisations = by_id.organisation_ids(
            session, [o.name for o in repo.organisations(session)]
        )
        requests = [
            s.id for m in (MISSION, OTHER_MISSION) for s in by_id.mission_requests(session, m)
        ]
        meetings = [
            s.id for m in (MISSION, OTHER_MISSION) for s in by_id.mission_meetings(session, m)
        ]
    numbers = {
        "participant_id": list(world.ids.values()),
        "organisation_id": list(organisations.values()),
        "request_id": requests,
        "meeting_id": meetings,
    }
    values = {name: [str(n) for n in (*found, UNKNOWN_ID)] for name, found in numbers.items()}
    values["key"] = [MISSION, OTHER_MISSION, "nowhere"]
    return values


def test_no_answer_to_ines_holds_another_participants_email(
    engine: Engine, new_client: Make, world: World
) -> None:
    ines, anne = participant(new_client, world, INES), participant(new_client, world, ANNE)
    requests = f"/api/v1/missions/{MISSION}/requests"
    sent = anne.post(requests, json={"requested": world.ids[INES], "message": "Bonjour"})
    answers = [
        ines.post(
            f"/api/v1/requests/{sent.json()['request']['id']}/accept", json={"message": "Oui"}
        ),
        ines.post(requests, json={"requested": world.ids[JOOST]}),  # refused: 409
        ines.post(requests, json={"requested": world.ids[PIET]}),  # refused: 422
    ]
    assert [a.status_code for a in answers] == [200, 409, 422]
    document = ines.get("/api/openapi.json").json()
    values = path_values(engine, world)
    walked: set[str] = set()
    for path, item in document["paths"].items():
        if "get" not in item or not path.startswith("/api/v1/"):
            continue
        names = re.findall(r"\{(\w+)\}", path)
        for chosen in itertools.product(*(values.get(n, ["1", "2", "3"]) for n in names)):
            url = path
            for name, value in zip(names, chosen, strict=True):
                url = url.replace(f"{{{name}}}", value)
            answers.append(ines.get(url))
            walked.add(path)
    assert walked >= MY_ROUTES
    assert {a.status_code for a in answers} >= {200, 404}
    leaks = [(str(a.url), e) for a in answers for e in OTHERS_THAN_INES if e in a.text]
    assert leaks == []
