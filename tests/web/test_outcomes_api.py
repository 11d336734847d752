"""The outcomes API: a participant records hers (session + CSRF header), an organiser reads
her mission's, a page at a time; problems name the field at fault."""

from __future__ import annotations

import re
from collections.abc import Callable

from tests.web.testclient import TestClient
from tests.web.world import INES, JOOST, MISSION, World, form_token, open_link


def participant(email: str, make: Callable[[], TestClient], world: World) -> tuple[TestClient, int]:
    """Her browser, with the CSRF header set, and the id of her (only) meeting, if any."""
    client = make()
    assert open_link(client, world.links[email]) == 303
    page = client.get("/me/outcomes").text
    client.headers["X-CSRF-Token"] = form_token(page)
    found = re.findall(r'action="/me/meetings/(\d+)/outcome"', page)
    return client, int(found[0]) if found else 0


def organiser(make: Callable[[], TestClient], world: World, email: str) -> TestClient:
    client = make()
    client.headers["Authorization"] = f"Bearer {world.api_tokens[email]}"
    return client


def test_a_participant_records_then_replaces_her_outcome(
    new_client: Callable[[], TestClient], world: World
) -> None:
    ines, meeting = participant(INES, new_client, world)
    body = {"attendance": "held", "interest": 5, "next_step": "pilot", "note": "Pilot in Q3"}
    first = ines.put(f"/api/v1/meetings/{meeting}/outcome", json=body)
    assert first.status_code == 201
    answer = first.json()
    assert (answer["meeting_id"], answer["mission"], answer["interest"]) == (meeting, MISSION, 5)
    assert answer["participant"]["email"] == INES
    assert answer["partner"] == {
        "id": world.ids[JOOST],
        "name": "Joost van Dijk",
        "organisation": "Batterij Lab Eindhoven",
        "email": None,
    }
    again = ines.put(f"/api/v1/meetings/{meeting}/outcome", json=body | {"interest": 3})
    assert again.status_code == 200
    mine = ines.get("/api/v1/me/outcomes").json()
    assert (mine["total"], [o["interest"] for o in mine["items"]]) == (1, [3])


def test_a_bad_field_is_named_in_the_problem_and_nothing_is_saved(
    new_client: Callable[[], TestClient], world: World
) -> None:
    ines, meeting = participant(INES, new_client, world)
    refused = ines.put(
        f"/api/v1/meetings/{meeting}/outcome", json={"attendance": "held", "interest": 9}
    )
    assert refused.status_code == 422
    assert refused.headers["content-type"] == "application/problem+json"
    assert refused.json()["errors"] == [
        {"location": ["body", "interest"], "message": "must be 1 (none) to 5 (strong), got 9"}
    ]
    assert ines.get("/api/v1/me/outcomes").json()["total"] == 0


def test_writing_without_the_csrf_header_is_refused(
    new_client: Callable[[], TestClient], world: World
) -> None:
    ines, meeting = participant(INES, new_client, world)
    del ines.headers["X-CSRF-Token"]
    body = {"attendance": "held", "interest": 4}
    assert ines.put(f"/api/v1/meetings/{meeting}/outcome", json=body).status_code == 403


def test_the_partner_gets_404_for_nothing_and_sees_only_his_own(
    new_client: Callable[[], TestClient], world: World
) -> None:
    ines, meeting = participant(INES, new_client, world)
    ines.put(f"/api/v1/meetings/{meeting}/outcome", json={"attendance": "held", "interest": 4})
    joost, same_meeting = participant(JOOST, new_client, world)
    assert same_meeting == meeting
    assert joost.get("/api/v1/me/outcomes").json()["items"] == []
    unknown = joost.put("/api/v1/meetings/999999/outcome", json={"attendance": "no_show"})
    assert unknown.status_code == 404


def test_an_organiser_reads_her_missions_outcomes_a_page_at_a_time(
    new_client: Callable[[], TestClient], world: World
) -> None:
    ines, meeting = participant(INES, new_client, world)
    joost, _ = participant(JOOST, new_client, world)
    ines.put(f"/api/v1/meetings/{meeting}/outcome", json={"attendance": "held", "interest": 4})
    joost.put(f"/api/v1/meetings/{meeting}/outcome", json={"attendance": "no_show"})
    olivia = organiser(new_client, world, "olivia@agency.example")
    page = olivia.get(f"/api/v1/missions/{MISSION}/outcomes?limit=1&offset=1").json()
    assert (page["total"], page["limit"], page["offset"]) == (2, 1, 1)
    only = page["items"][0]
    assert (only["participant"]["email"], only["partner"]["email"]) == (JOOST, INES)
    assert (only["attendance"], only["interest"], only["next_step"]) == ("no_show", None, "none")
    bram = organiser(new_client, world, "bram@agency.example")
    assert bram.get(f"/api/v1/missions/{MISSION}/outcomes").status_code == 404
