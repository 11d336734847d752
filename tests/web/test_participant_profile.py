"""`/me/profile`: a participant reads and saves her profile as a browser does (the form's own
fields, filled in and posted back), in her language, and touches nobody else's data.

The world (see `world.py`): Inès (Voltaïque Charge, French first) and Joost (Batterij Lab)
in `hdf-nl-2025`; Anne (Wallonie Mobilité) there too, and her colleague Piet in `be-2026`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from html.parser import HTMLParser

import pytest
from sqlalchemy import Engine
from tests.web.testclient import TestClient
from tests.web.world import ANNE, INES, JOOST, PIET, World, form_token, open_link

from rencontre.core.dataset import Dataset
from rencontre.core.enums import Language
from rencontre.core.taxonomy import load_taxonomy
from rencontre.store import repositories as repo
from rencontre.store.database import session_scope

PAGE = "/me/profile"
Fields = list[tuple[str, str]]


class FormReader(HTMLParser):
    """The fields the profile form would post as it stands (what a browser sends)."""

    def __init__(self) -> None:
        super().__init__()
        self.fields: Fields = []
        self._in_form = False
        self._textarea: str | None = None
        self._select: str | None = None
        self._options: list[tuple[str, bool]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {name: value or "" for name, value in attrs}
        if tag == "form":
            self._in_form = found.get("action") == PAGE
        if not self._in_form:
            return
        if tag == "input" and "name" in found:
            checkable = found.get("type") in ("checkbox", "radio")
            if not checkable or "checked" in found:
                self.fields.append((found["name"], found.get("value", "")))
        elif tag == "textarea":
            self._textarea = found["name"]
            self.fields.append((found["name"], ""))
        elif tag == "select":
            self._select, self._options = found["name"], []
        elif tag == "option":
            self._options.append((found["value"], "selected" in found))

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            name, text = self.fields[-1]
            self.fields[-1] = (name, text + data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._in_form = False
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select" and self._select is not None:
            chosen = [value for value, selected in self._options if selected]
            self.fields.append((self._select, (chosen or [self._options[0][0]])[0]))
            self._select = None


def form_fields(page: str) -> Fields:
    reader = FormReader()
    reader.feed(page)
    return reader.fields


def with_values(fields: Fields, **values: str | list[str]) -> Fields:
    """`fields` with some replaced (keyword `a_b` is the field `a_b` when the form has one,
    else `a-b`; a list for several)."""
    present = {name for name, _ in fields}
    named = {name if name in present else name.replace("_", "-"): value
             for name, value in values.items()}  # fmt: skip
    kept = [(name, value) for name, value in fields if name not in named]
    for name, value in named.items():
        kept += [(name, v) for v in (value if isinstance(value, list) else [value])]
    return kept


def browser_of(email: str, make: Callable[[], TestClient], world: World) -> TestClient:
    client = make()
    assert open_link(client, world.links[email]) == 303
    return client


def post(client: TestClient, fields: Fields, url: str = PAGE) -> tuple[int, str, str]:
    """Post `fields` as the form does: status, redirection target and page."""
    body: dict[str, list[str]] = {}
    for name, value in fields:
        body.setdefault(name, []).append(value)
    response = client.post(url, data=body)
    return response.status_code, response.headers.get("location", ""), response.text


def stored(engine: Engine) -> Dataset:
    with session_scope(engine) as session:
        return repo.load_dataset(session)


def in_taxonomy_order(*codes: str) -> list[str]:
    """`codes` as the checkboxes list them: in the taxonomy's order."""
    return [code for code in load_taxonomy().codes if code in codes]


def problems(page: str) -> dict[str, str]:
    return dict(re.findall(r'<p class="field-problem" id="problem-([^"]+)">([^<]*)</p>', page))


@pytest.mark.parametrize(
    ("language", "title", "segment_group", "button"),
    [
        ("fr", "Mon profil", "Recharge", "Enregistrer mon profil"),
        ("nl", "Mijn profiel", "Laden", "Mijn profiel opslaan"),
        ("en", "My profile", "Charging", "Save my profile"),
    ],
)
def test_the_profile_page_is_in_her_language(
    new_client: Callable[[], TestClient],
    world: World,
    language: str,
    title: str,
    segment_group: str,
    button: str,
) -> None:
    ines = browser_of(INES, new_client, world)
    page = ines.get(f"{PAGE}?lang={language}").text
    assert f"<h1>{title}</h1>" in page
    assert f'<button type="submit">{button}</button>' in page
    taxonomy = load_taxonomy()
    charging = taxonomy.group(taxonomy.segment("CHG-DC").group)
    assert charging.label(language).startswith(segment_group)
    assert f"<summary>{charging.label(language)} (2)</summary>" in page  # her two segments
    label = taxonomy.label("CHG-DC", language)
    assert f'value="CHG-DC" checked> {label}</label>' in page
    assert f'<a href="{PAGE}">{title}</a>' in page  # in the navigation of her space


def test_without_a_choice_the_page_is_in_the_language_the_mission_writes_to_her(
    new_client: Callable[[], TestClient], world: World
) -> None:
    joost = browser_of(JOOST, new_client, world)  # speaks Dutch first
    assert "<h1>Mijn profiel</h1>" in joost.get(PAGE).text


def test_the_form_shows_what_is_stored(new_client: Callable[[], TestClient], world: World) -> None:
    ines = browser_of(INES, new_client, world)
    fields = form_fields(ines.get(f"{PAGE}?lang=en").text)
    values = dict(fields)
    assert values["description_fr"] == "Bornes de recharge rapide; cherche distributeurs."
    assert values["description_nl"] == ""
    assert [v for n, v in fields if n == "segments"] == in_taxonomy_order("CHG-DC", "CHG-SMART")
    assert [v for n, v in fields if n == "languages"] == ["fr", "en"]
    assert values["opportunity-0-reference"] == "BOFR2025-001"
    assert values["opportunity-0-title"] == "Distributeurs recherchés pour bornes rapides"
    assert values["availability"] == "times"
    assert (values["window-0-day"], values["window-0-start"], values["window-0-end"]) == (
        "2025-06-10",
        "09:00",
        "12:00",
    )


def test_a_saved_profile_answers_303_and_says_so(
    new_client: Callable[[], TestClient], world: World, engine: Engine
) -> None:
    ines = browser_of(INES, new_client, world)
    fields = form_fields(ines.get(PAGE).text)
    changed = with_values(
        fields,
        description_nl="Snelladers.\r\nOok slim laden.",
        segments=["CHG-DC", "BAT-2ND"],
        languages=["fr", "en", "nl"],
        opportunity_1_type="rd_request",
        opportunity_1_title="Partenaire de recherche",
        opportunity_1_language="fr",
        window_2_day="2025-06-11",
        window_2_start="08:00",
        window_2_end="09:00",
    )
    assert post(ines, changed)[:2] == (303, f"{PAGE}?done=saved")
    page = ines.get(f"{PAGE}?done=saved&lang=fr").text
    assert '<p class="message" role="status">Votre profil a été enregistré.</p>' in page
    assert "Snelladers.\nOok slim laden.</textarea>" in page
    assert [v for n, v in form_fields(page) if n == "segments"] == in_taxonomy_order(
        "CHG-DC", "BAT-2ND"
    )
    data = stored(engine)
    voltaique = next(o for o in data.organisations if o.name == "Voltaïque Charge")
    assert voltaique.description(Language.NL) == "Snelladers.\nOok slim laden."
    ines_now = next(p for p in data.participants if p.email == INES)
    assert ines_now.languages == (Language.FR, Language.EN, Language.NL)
    assert len(ines_now.availability) == 3
    titles = [o.title for o in data.opportunities if o.organisation == "Voltaïque Charge"]
    assert titles == ["Distributeurs recherchés pour bornes rapides", "Partenaire de recherche"]


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("fr", "Indiquez un jour de la mission et deux heures (HH:MM), la fin après le début."),
        ("nl", "Geef een dag van de missie en twee tijden (UU:MM), het einde na het begin."),
        ("en", "Give a day of the mission and two times (HH:MM), the end after the start."),
    ],
)
def test_a_bad_value_is_shown_beside_its_field_with_what_she_typed_and_nothing_is_saved(
    new_client: Callable[[], TestClient],
    world: World,
    engine: Engine,
    language: str,
    message: str,
) -> None:
    ines = browser_of(INES, new_client, world)
    fields = form_fields(ines.get(f"{PAGE}?lang={language}").text)
    before = stored(engine)
    typed = with_values(
        fields, description_en="Nouveau texte", window_1_start="18:00", window_1_end="14:00"
    )
    status, _, page = post(ines, typed)
    assert status == 400
    assert problems(page) == {"window-1": message}
    assert 'value="18:00" aria-invalid="true" aria-describedby="problem-window-1"' in page
    # The problem comes right after its line's fields.
    line = page.split('id="window-1-end"')[1].split('id="window-2-day"')[0]
    assert message in line
    assert '<p class="alert" role="alert">' in page
    assert dict(form_fields(page))["description_en"] == "Nouveau texte"
    assert stored(engine) == before


def test_a_title_left_empty_is_shown_on_its_offer(
    new_client: Callable[[], TestClient], world: World, engine: Engine
) -> None:
    ines = browser_of(INES, new_client, world)
    before = stored(engine)
    fields = form_fields(ines.get(f"{PAGE}?lang=nl").text)
    status, _, page = post(ines, with_values(fields, opportunity_0_title=" "))
    assert status == 400
    assert problems(page) == {"opportunity-0-title": "Geef dit aanbod of deze vraag een titel."}
    assert stored(engine) == before


def test_a_post_without_the_csrf_token_is_refused_and_changes_nothing(
    new_client: Callable[[], TestClient], world: World, engine: Engine
) -> None:
    ines = browser_of(INES, new_client, world)
    fields = form_fields(ines.get(PAGE).text)
    before = stored(engine)
    changed = with_values(fields, description_fr="Piraté")
    without = [(name, value) for name, value in changed if name != "csrf_token"]
    assert post(ines, without)[0] == 403
    assert post(ines, with_values(changed, csrf_token="not-the-token"))[0] == 403
    # Another participant's token is not hers either.
    joost = browser_of(JOOST, new_client, world)
    assert (
        post(ines, with_values(changed, csrf_token=form_token(joost.get(PAGE).text, PAGE)))[0]
        == 403
    )
    assert stored(engine) == before


def test_she_changes_nobody_else_s_record(
    new_client: Callable[[], TestClient], world: World, engine: Engine
) -> None:
    ines = browser_of(INES, new_client, world)
    before = stored(engine)
    fields = form_fields(ines.get(PAGE).text)
    # A form tampered with to name the offer of Joost's organisation: edit and remove it.
    tampered = with_values(
        fields,
        opportunity_1_reference="TRNL2025-007",
        opportunity_1_type="rd_request",
        opportunity_1_title="Hijacked",
        opportunity_1_remove="1",
        description_en="Ours",
    )
    assert post(ines, tampered)[0] == 303
    after = stored(engine)
    assert [o for o in after.opportunities if o.organisation != "Voltaïque Charge"] == [
        o for o in before.opportunities if o.organisation != "Voltaïque Charge"
    ]
    assert [p for p in after.participants if p.email != INES] == [
        p for p in before.participants if p.email != INES
    ]
    assert [o for o in after.organisations if o.name != "Voltaïque Charge"] == [
        o for o in before.organisations if o.name != "Voltaïque Charge"
    ]
    joost = browser_of(JOOST, new_client, world)
    assert "Ours" not in joost.get(PAGE).text


def test_colleagues_edit_one_organisation_text_and_the_last_save_wins(
    new_client: Callable[[], TestClient], world: World
) -> None:
    anne, piet = browser_of(ANNE, new_client, world), browser_of(PIET, new_client, world)
    anne_form, piet_form = form_fields(anne.get(PAGE).text), form_fields(piet.get(PAGE).text)
    assert post(anne, with_values(anne_form, description_fr="Version d'Anne"))[0] == 303
    assert dict(form_fields(piet.get(PAGE).text))["description_fr"] == "Version d'Anne"
    # Piet's page was loaded before Anne saved: his save, the last one, wins.
    assert post(piet, with_values(piet_form, description_fr="Versie van Piet"))[0] == 303
    assert dict(form_fields(anne.get(PAGE).text))["description_fr"] == "Versie van Piet"


def test_a_description_holding_markup_is_shown_as_text(
    new_client: Callable[[], TestClient], world: World
) -> None:
    ines = browser_of(INES, new_client, world)
    fields = form_fields(ines.get(PAGE).text)
    script = '<script>alert("x")</script>'
    assert (
        post(ines, with_values(fields, description_en=script, opportunity_0_title=script))[0] == 303
    )
    page = ines.get(PAGE).text
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;</textarea>" in page
    assert 'value="&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;"' in page
    assert dict(form_fields(page))["description_en"] == script
