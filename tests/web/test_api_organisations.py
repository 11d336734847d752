"""`GET /api/v1/missions/{key}/organisations` and `GET /api/v1/organisations/{id}`."""

from __future__ import annotations

from tests.web.api_callers import Make, items, organiser, participant, problem
from tests.web.world import BRAM, INES, MISSION, OLIVIA, OTHER_MISSION, PIET, World

ORGANISATIONS = f"/api/v1/missions/{MISSION}/organisations"


def ids_by_name(make: Make, world: World) -> dict[str, int]:
    found = items(organiser(make, world, OLIVIA).get(ORGANISATIONS))
    return {o["name"]: o["id"] for o in found}


def test_the_organisations_of_a_mission_with_their_offers_and_needs(
    new_client: Make, world: World
) -> None:
    found = items(participant(new_client, world, INES).get(ORGANISATIONS))
    assert [o["name"] for o in found] == [
        "Voltaïque Charge",
        "Batterij Lab Eindhoven",
        "Wallonie Mobilité",
    ]
    voltaique, lab, _ = found
    assert (voltaique["country"], voltaique["kind"], voltaique["size_band"]) == (
        "FR",
        "company",
        "micro",
    )
    assert voltaique["descriptions"] == [
        {"language": "fr", "text": "Bornes de recharge rapide; cherche distributeurs."},
        {"language": "en", "text": "Fast EV chargers, looking for distributors."},
    ]
    assert voltaique["segments"] == ["CHG-DC", "CHG-SMART"]
    (offer,) = voltaique["offers"]
    assert (offer["reference"], offer["type"], offer["partnership_types"]) == (
        "BOFR2025-001",
        "business_offer",
        ["distribution", "commercial"],
    )
    assert voltaique["needs"] == []
    assert [n["reference"] for n in lab["needs"]] == ["TRNL2025-007"]


def test_one_organisation_is_read_by_whoever_shares_a_mission_with_its_people(
    new_client: Make, world: World
) -> None:
    ids = ids_by_name(new_client, world)
    wallonie, voltaique = ids["Wallonie Mobilité"], ids["Voltaïque Charge"]
    ines, piet = participant(new_client, world, INES), participant(new_client, world, PIET)
    bram = organiser(new_client, world, BRAM)
    # Anne (hdf-nl-2025) and Piet (be-2026) are both of Wallonie Mobilité.
    for client in (ines, piet, bram):
        assert client.get(f"/api/v1/organisations/{wallonie}").json()["name"] == "Wallonie Mobilité"
    assert ines.get(f"/api/v1/organisations/{voltaique}").json()["country"] == "FR"
    for client in (piet, bram):
        body = problem(client.get(f"/api/v1/organisations/{voltaique}"), 404)
        assert body["detail"] == f"no organisation {voltaique} that you may read"
    problem(ines.get("/api/v1/organisations/999999"), 404)
    problem(ines.get("/api/v1/organisations/abc"), 422)


def test_another_missions_organisations_answer_404(new_client: Make, world: World) -> None:
    problem(participant(new_client, world, INES).get(
        f"/api/v1/missions/{OTHER_MISSION}/organisations"), 404)  # fmt: skip
    problem(organiser(new_client, world, BRAM).get(ORGANISATIONS), 404)
    problem(new_client().get(ORGANISATIONS), 401)


def test_the_organisations_come_a_page_at_a_time(new_client: Make, world: World) -> None:
    olivia = organiser(new_client, world, OLIVIA)
    page = olivia.get(f"{ORGANISATIONS}?limit=2").json()
    assert (len(page["items"]), page["total"], page["limit"]) == (2, 3, 2)
    last = olivia.get(f"{ORGANISATIONS}?limit=2&offset=2").json()
    assert [o["name"] for o in last["items"]] == ["Wallonie Mobilité"]
