"""The directory of a mission's participants and the partners recommended to a participant:
public profiles only, searchable, each with a form to request a meeting.

The world (see `world.py`): Inès (Voltaïque Charge, FR), Joost (Batterij Lab Eindhoven,
NL) and Anne (Wallonie Mobilité, BE) in one mission; the matching proposed Anne → Inès.
"""

from __future__ import annotations

import re

from tests.web.testclient import TestClient
from tests.web.world import ANNE, BRAM, INES, JOOST, OLIVIA, PIET, World, form_token, open_link

EVERYONE = (INES, JOOST, ANNE, PIET, OLIVIA, BRAM)


def names(page: str) -> list[str]:
    return re.findall(r"<h3>([^<]+)</h3>", page)


def test_the_directory_lists_the_others_with_their_profile_and_no_email(
    client: TestClient, world: World
) -> None:
    assert open_link(client, world.links[INES]) == 303
    page = client.get("/me/directory").text
    assert names(page) == ["Joost van Dijk", "Anne Peeters"]
    assert "Batterij Lab Eindhoven · NL · néerlandais, anglais et français" in page
    assert "Recherche sur les cellules" in page  # the description in her language
    assert [e for e in EVERYONE if e != INES and e in page] == []
    assert f'name="to" value="{world.ids[JOOST]}"' in page
    assert form_token(page, "/me/requests")


def test_the_directory_filters_by_text_without_accents_or_case_and_by_country(
    client: TestClient, world: World
) -> None:
    assert open_link(client, world.links[JOOST]) == 303
    assert names(client.get("/me/directory?q=INES").text) == ["Inès Dubois"]
    assert names(client.get("/me/directory?q=recharge").text) == ["Inès Dubois"]
    assert names(client.get("/me/directory?q=wallonie").text) == ["Anne Peeters"]
    assert names(client.get("/me/directory?country=be").text) == ["Anne Peeters"]
    assert names(client.get("/me/directory?q=ines&country=BE").text) == []
    assert names(client.get("/me/directory?q=nobody").text) == []


def test_recommended_partners_show_the_proposal_with_its_reasons_and_a_form(
    client: TestClient, world: World
) -> None:
    assert open_link(client, world.links[INES]) == 303
    page = client.get("/me/partners?lang=en").text
    assert names(page) == ["Anne Peeters"]
    assert "Match: 81%" in page
    assert f'name="to" value="{world.ids[ANNE]}"' in page
    assert [e for e in EVERYONE if e != INES and e in page] == []


def test_a_participant_without_proposals_is_told_so(client: TestClient, world: World) -> None:
    assert open_link(client, world.links[JOOST]) == 303
    page = client.get("/me/partners?lang=en").text
    assert names(page) == []
    assert "No partner is recommended to you yet." in page
