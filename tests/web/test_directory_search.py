"""The directory searched by words and by meaning, with filters, on both databases.

The world of `world.py`, with one change: Batterij Lab Eindhoven (Joost, NL) describes
itself in Dutch only, so a French search can find it by meaning alone.
"""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from sqlalchemy import Engine
from tests.web.testclient import TestClient
from tests.web.world import EMAILS, INES, JOOST, World, open_link, store_world

from rencontre.core.enums import Language
from rencontre.core.organisation import LocalizedText
from rencontre.store import profile_edits
from rencontre.store.database import session_scope

DUTCH_ONLY = "Onderzoek naar batterijcellen en vastestofbatterijen."


@pytest.fixture
def world(engine: Engine) -> World:
    stored = store_world(engine)
    with session_scope(engine) as session:
        lab = profile_edits.organisation(session, "Batterij Lab Eindhoven")
        joost = profile_edits.participant(session, JOOST)
        assert lab is not None and joost is not None
        profile_edits.save_profile(
            session,
            organisation=replace(lab, descriptions=(LocalizedText(Language.NL, DUTCH_ONLY),)),
            participant=joost,
            opportunities=(),
            removed=(),
        )
    return stored


def names(html: str, section: str) -> list[str]:
    """The names listed in the page's `by-words` or `by-meaning` list."""
    found = re.search(rf'<ul class="people" id="{section}">(.*?)</ul>', html, re.S)
    return re.findall(r"<h3>([^<]+)</h3>", found.group(1)) if found else []


def test_a_french_search_finds_a_dutch_company_by_meaning(client: TestClient, world: World) -> None:
    assert open_link(client, world.links[INES]) == 303
    page = client.get("/me/directory", params={"q": "cellules de batterie", "lang": "fr"})
    assert page.status_code == 200
    assert names(page.text, "by-words") == []
    assert names(page.text, "by-meaning") == ["Joost van Dijk"]
    assert "Proches par le sens" in page.text
    assert DUTCH_ONLY in page.text  # her description, the only one it has
    assert [e for e in EMAILS if e != INES and e in page.text] == []


def test_words_come_first_and_are_not_repeated_by_meaning(client: TestClient, world: World) -> None:
    assert open_link(client, world.links[JOOST]) == 303
    page = client.get("/me/directory", params={"q": "BORNES recharge", "lang": "en"}).text
    assert names(page, "by-words") == ["Inès Dubois"]
    assert names(page, "by-meaning") == []
    assert "Close in meaning" not in page


def test_an_unrelated_search_finds_nobody(client: TestClient, world: World) -> None:
    assert open_link(client, world.links[INES]) == 303
    page = client.get("/me/directory", params={"q": "boulangerie artisanale"}).text
    assert names(page, "by-words") == []
    assert names(page, "by-meaning") == []


def test_filters_by_country_segment_and_kind(client: TestClient, world: World) -> None:
    assert open_link(client, world.links[INES]) == 303

    def listed(**query: str) -> list[str]:
        return names(client.get("/me/directory", params=query).text, "by-words")

    assert listed() == ["Joost van Dijk", "Anne Peeters"]
    assert listed(country="nl") == ["Joost van Dijk"]
    assert listed(segment="BAT-CELL") == ["Joost van Dijk"]
    assert listed(kind="cluster") == ["Anne Peeters"]
    assert listed(kind="research_lab", country="BE") == []
    # Filters apply to what meaning finds too.
    page = client.get("/me/directory", params={"q": "cellules de batterie", "country": "BE"})
    assert names(page.text, "by-meaning") == []


def test_the_filters_offer_the_mission_s_values_in_her_language(
    client: TestClient, world: World
) -> None:
    assert open_link(client, world.links[INES]) == 303
    page = client.get("/me/directory", params={"lang": "nl", "kind": "cluster"}).text
    assert '<option value="cluster" selected>Cluster</option>' in page
    assert '<option value="research_lab">Onderzoekslaboratorium</option>' in page
    assert '<option value="BAT-CELL">' in page


def test_what_she_typed_is_shown_escaped(client: TestClient, world: World) -> None:
    assert open_link(client, world.links[INES]) == 303
    typed = '"><script>alert(1)</script>'
    page = client.get("/me/directory", params={"q": typed, "segment": typed}).text
    assert "<script>alert(1)</script>" not in page
    assert 'value="&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"' in page
