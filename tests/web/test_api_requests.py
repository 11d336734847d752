"""Meeting requests through the API: read, sent, answered, withdrawn, and who may do what.

The world (see `world.py`): Inès → Joost accepted, Joost → Anne pending, Anne → Inès proposed
(score 0.8125); Piet is in another mission, which Bram organises.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Engine
from tests.web.api_callers import Make, items, organiser, participant, problem
from tests.web.test_participant_requests import set_deadline
from tests.web.world import ANNE, BRAM, INES, JOOST, MISSION, OLIVIA, OTHER_MISSION, PIET, World

from rencontre.core.enums import RequestStatus
from rencontre.store import repositories as repo
from rencontre.store.database import session_scope

REQUESTS = f"/api/v1/missions/{MISSION}/requests"


def pairs(found: list[dict[str, object]]) -> list[tuple[object, ...]]:
    return [(r["requester"]["name"], r["requested"]["name"], r["status"]) for r in found]  # type: ignore[index]


def request_id(make: Make, world: World, requester: str, requested: str) -> int:
    found = items(organiser(make, world, OLIVIA).get(REQUESTS))
    pair = (requester, requested)
    ids = [r["id"] for r in found if (r["requester"]["email"], r["requested"]["email"]) == pair]
    assert len(ids) == 1
    return int(ids[0])


def stored_statuses(engine: Engine) -> dict[tuple[str, str], RequestStatus]:
    with session_scope(engine) as session:
        return {
            (r.requester, r.requested): r.status for r in repo.meeting_requests(session, MISSION)
        }


def test_an_organiser_reads_every_request_with_emails_and_proposals(
    new_client: Make, world: World
) -> None:
    found = items(organiser(new_client, world, OLIVIA).get(REQUESTS))
    assert pairs(found) == [
        ("Inès Dubois", "Joost van Dijk", "accepted"),
        ("Joost van Dijk", "Anne Peeters", "pending"),
        ("Anne Peeters", "Inès Dubois", "proposed"),
    ]
    first, _, proposal = found
    assert first["requester"] == {
        "id": world.ids[INES],
        "name": "Inès Dubois",
        "organisation": "Voltaïque Charge",
        "email": INES,
    }
    assert (first["priority"], first["message"], first["mission"]) == (
        3,
        "Parlons distribution",
        MISSION,
    )
    assert (proposal["score"], proposal["origin"]) == (0.8125, "")


def test_a_participant_reads_only_the_requests_she_sent_or_received(
    new_client: Make, world: World
) -> None:
    response = participant(new_client, world, INES).get(REQUESTS)
    (only,) = items(response)
    assert pairs([only]) == [("Inès Dubois", "Joost van Dijk", "accepted")]
    assert (only["requester"]["email"], only["requested"]["email"], only["score"]) == (
        None,
        None,
        None,
    )
    assert [e for e in (JOOST, ANNE, PIET, OLIVIA, BRAM) if e in response.text] == []
    assert len(items(participant(new_client, world, JOOST).get(REQUESTS))) == 2
    for client in (participant(new_client, world, PIET), organiser(new_client, world, BRAM)):
        problem(client.get(REQUESTS), 404)
    problem(participant(new_client, world, INES).get(
        f"/api/v1/missions/{OTHER_MISSION}/requests"), 404)  # fmt: skip


def test_the_requests_come_a_page_at_a_time(new_client: Make, world: World) -> None:
    page = organiser(new_client, world, OLIVIA).get(f"{REQUESTS}?limit=2&offset=1").json()
    assert (len(page["items"]), page["total"], page["offset"]) == (2, 3, 1)
    assert page["items"][1]["status"] == "proposed"


def test_a_participant_sends_a_request_in_place_of_a_proposal(
    engine: Engine, new_client: Make, world: World
) -> None:
    ines = participant(new_client, world, INES)
    body = {"requested": world.ids[ANNE], "message": "Parlons recharge", "priority": 3}
    response = ines.post(REQUESTS, json=body)
    assert response.status_code == 201, response.text
    sent = response.json()
    assert sent["merged"] is False
    request = sent["request"]
    assert (request["requester"]["id"], request["requested"]["id"]) == (
        world.ids[INES],
        world.ids[ANNE],
    )
    assert (request["status"], request["priority"], request["message"]) == (
        "pending",
        3,
        "Parlons recharge",
    )
    assert ANNE not in response.text
    statuses = stored_statuses(engine)
    assert statuses[(INES, ANNE)] is RequestStatus.PENDING
    assert (ANNE, INES) not in statuses  # the proposal gave way
    (received,) = [r for r in items(participant(new_client, world, ANNE).get(REQUESTS))
                   if r["id"] == request["id"]]  # fmt: skip
    assert received["message"] == "Parlons recharge"


def test_a_request_to_someone_who_asked_first_is_merged_with_theirs(
    new_client: Make, world: World
) -> None:
    anne = participant(new_client, world, ANNE)
    response = anne.post(REQUESTS, json={"requested": world.ids[JOOST], "message": "Moi aussi"})
    assert response.status_code == 201
    sent = response.json()
    assert sent["merged"] is True
    assert pairs([sent["request"]]) == [("Joost van Dijk", "Anne Peeters", "pending")]
    assert sent["request"]["reply"] == "Moi aussi"
    accepted = anne.post(f"/api/v1/requests/{sent['request']['id']}/accept")
    assert accepted.json()["status"] == "accepted"


def test_a_bad_request_is_refused_naming_the_field(
    engine: Engine, new_client: Make, world: World
) -> None:
    before = stored_statuses(engine)
    ines = participant(new_client, world, INES)
    refused = {
        "requested": [
            {"requested": world.ids[INES]},
            {"requested": world.ids[PIET]},
            {"requested": 999999},
            {"message": "nobody"},
            {"requested": "Anne"},
        ],
        "priority": [{"requested": world.ids[ANNE], "priority": 5}],
        "colour": [{"requested": world.ids[ANNE], "colour": "blue"}],
    }
    for field, bodies in refused.items():
        for body in bodies:
            found = problem(ines.post(REQUESTS, json=body), 422)
            assert [e["location"] for e in found["errors"]] == [["body", field]], body
    assert problem(ines.post(REQUESTS, json={"requested": world.ids[INES]}), 422)["detail"] == (
        "you cannot ask to meet yourself"
    )
    assert problem(ines.post(REQUESTS, json={"requested": world.ids[PIET]}), 422)["detail"] == (
        f"participant {world.ids[PIET]} does not take part in mission {MISSION!r}"
    )
    again = problem(ines.post(REQUESTS, json={"requested": world.ids[JOOST]}), 409)
    assert again["detail"] == "you have already asked to meet Joost van Dijk"
    assert stored_statuses(engine) == before


def test_a_write_with_the_session_cookie_needs_the_csrf_token(
    engine: Engine, new_client: Make, world: World
) -> None:
    before = stored_statuses(engine)
    ines = participant(new_client, world, INES, csrf=False)
    body = problem(ines.post(REQUESTS, json={"requested": world.ids[ANNE]}), 403)
    assert body["detail"] == "the x-csrf-token header must carry this session's CSRF token"
    ines.headers["X-CSRF-Token"] = "not-the-token"
    problem(ines.post(REQUESTS, json={"requested": world.ids[ANNE]}), 403)
    anne = participant(new_client, world, ANNE, csrf=False)
    pending = request_id(new_client, world, JOOST, ANNE)
    problem(anne.post(f"/api/v1/requests/{pending}/accept"), 403)
    assert stored_statuses(engine) == before


def test_an_organiser_reads_requests_but_does_not_act_for_participants(
    engine: Engine, new_client: Make, world: World
) -> None:
    olivia, bram = organiser(new_client, world, OLIVIA), organiser(new_client, world, BRAM)
    pending = request_id(new_client, world, JOOST, ANNE)
    assert problem(olivia.post(REQUESTS, json={"requested": world.ids[ANNE]}), 403)["detail"] == (
        "only the participants of a request send, answer or withdraw it"
    )
    problem(olivia.post(f"/api/v1/requests/{pending}/accept"), 403)
    problem(bram.post(f"/api/v1/requests/{pending}/accept"), 404)
    problem(bram.post(REQUESTS, json={"requested": world.ids[ANNE]}), 404)
    assert stored_statuses(engine)[(JOOST, ANNE)] is RequestStatus.PENDING


def test_the_requested_person_accepts_with_a_message(
    engine: Engine, new_client: Make, world: World
) -> None:
    pending = request_id(new_client, world, JOOST, ANNE)
    anne = participant(new_client, world, ANNE)
    response = anne.post(f"/api/v1/requests/{pending}/accept", json={"message": "Avec plaisir"})
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["reply"]) == ("accepted", "Avec plaisir")
    assert stored_statuses(engine)[(JOOST, ANNE)] is RequestStatus.ACCEPTED
    again = problem(anne.post(f"/api/v1/requests/{pending}/decline"), 409)
    assert "no longer pending" in again["detail"]


def test_the_requested_person_declines_and_the_sender_withdraws(
    engine: Engine, new_client: Make, world: World
) -> None:
    pending = request_id(new_client, world, JOOST, ANNE)
    joost, anne = participant(new_client, world, JOOST), participant(new_client, world, ANNE)
    problem(joost.post(f"/api/v1/requests/{pending}/accept"), 409)  # his own request
    problem(anne.post(f"/api/v1/requests/{pending}/withdraw"), 409)  # not hers to withdraw
    assert joost.post(f"/api/v1/requests/{pending}/withdraw").json()["status"] == "cancelled"
    assert stored_statuses(engine)[(JOOST, ANNE)] is RequestStatus.CANCELLED
    problem(anne.post(f"/api/v1/requests/{pending}/decline"), 409)
    ines = participant(new_client, world, INES)
    sent = ines.post(REQUESTS, json={"requested": world.ids[ANNE]}).json()["request"]
    declined = anne.post(f"/api/v1/requests/{sent['id']}/decline", json={"message": "Désolée"})
    assert (declined.json()["status"], declined.json()["reply"]) == ("declined", "Désolée")


def test_someone_elses_request_answers_404_as_if_it_did_not_exist(
    new_client: Make, world: World
) -> None:
    pending = request_id(new_client, world, JOOST, ANNE)
    proposal = request_id(new_client, world, ANNE, INES)
    ines, piet = participant(new_client, world, INES), participant(new_client, world, PIET)
    for client, ident in ((ines, pending), (piet, pending), (ines, proposal), (ines, 999999)):
        body = problem(client.post(f"/api/v1/requests/{ident}/accept"), 404)
        assert body["detail"] == f"no request {ident} that you may read"
    problem(ines.post("/api/v1/requests/abc/accept"), 422)
    body = problem(ines.post(f"/api/v1/requests/{pending}/accept", json={"note": "x"}), 422)
    assert body["errors"][0]["location"] == ["body", "note"]


def test_after_the_deadline_every_change_is_refused(
    engine: Engine, new_client: Make, world: World
) -> None:
    pending = request_id(new_client, world, JOOST, ANNE)
    set_deadline(engine, datetime(2025, 6, 1, 16, 0, tzinfo=UTC))
    anne = participant(new_client, world, ANNE)
    closed = "meeting requests are closed since 2025-06-01T18:00:00+02:00"
    assert problem(anne.post(f"/api/v1/requests/{pending}/accept"), 409)["detail"] == closed
    assert (
        problem(anne.post(REQUESTS, json={"requested": world.ids[INES]}), 409)["detail"] == closed
    )
    assert stored_statuses(engine)[(JOOST, ANNE)] is RequestStatus.PENDING
