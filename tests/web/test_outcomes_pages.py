"""`/me/outcomes`: a participant records what came of her meetings, on the web.

The world (see `world.py`): Inès and Joost met on 10 June 2025 at 10:00 (in the past for
the app's clock); Piet is in another mission and has no meeting.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from sqlalchemy import Engine
from tests.web.testclient import TestClient
from tests.web.world import INES, JOOST, MISSION, PIET, World, form_token, open_link

from rencontre.services import meeting_outcomes as service
from rencontre.store import accounts as store_accounts
from rencontre.store.database import session_scope


def browser_of(email: str, make: Callable[[], TestClient], world: World) -> TestClient:
    client = make()
    assert open_link(client, world.links[email]) == 303
    return client


def meeting_id(page: str) -> int:
    found = re.findall(r'action="/me/meetings/(\d+)/outcome"', page)
    assert len(found) == 1, page
    return int(found[0])


def stored_outcomes(engine: Engine) -> list[tuple[str, str, int | None, str]]:
    with session_scope(engine) as session:
        mission_id = store_accounts.mission_ids(session, [MISSION])[MISSION]
        found = service.mission_outcomes(session, mission_id=mission_id)
    return [
        (s.outcome.participant, s.outcome.answer.attendance.value, s.outcome.answer.interest,
         s.outcome.answer.note)
        for s in found
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("lang", "title", "question"),
    [
        ("fr", "Suites de mes rendez-vous", "Le rendez-vous a-t-il eu lieu ?"),
        ("nl", "Resultaat van mijn afspraken", "Heeft de afspraak plaatsgevonden?"),
        ("en", "Outcomes of my meetings", "Did the meeting take place?"),
    ],
)
def test_the_outcomes_page_is_in_each_language(
    new_client: Callable[[], TestClient], world: World, lang: str, title: str, question: str
) -> None:
    page = browser_of(INES, new_client, world).get(f"/me/outcomes?lang={lang}")
    assert page.status_code == 200
    assert f"<h1>{title}</h1>" in page.text
    assert question in page.text
    assert "Joost van Dijk" in page.text
    assert JOOST not in page.text  # the partner's address is never shown


def test_saving_an_outcome_redirects_and_shows_it_again(
    new_client: Callable[[], TestClient], world: World, engine: Engine
) -> None:
    ines = browser_of(INES, new_client, world)
    page = ines.get("/me/outcomes?lang=en").text
    ident = meeting_id(page)
    form = {"attendance": "held", "interest": "4", "next_step": "nda", "note": "Send the NDA",
            "csrf_token": form_token(page, f"/me/meetings/{ident}/outcome")}  # fmt: skip
    saved = ines.post(f"/me/meetings/{ident}/outcome", data=form)
    assert (saved.status_code, saved.headers["location"]) == (
        303,
        f"/me/outcomes?saved={ident}#meeting-{ident}",
    )
    again = ines.get(saved.headers["location"]).text
    assert "Your outcome of the meeting with Joost van Dijk has been saved." in again
    assert '<option value="4" selected>' in again
    assert '<option value="nda" selected>' in again
    assert ">Send the NDA</textarea>" in again
    assert stored_outcomes(engine) == [(INES, "held", 4, "Send the NDA")]


def test_a_bad_value_is_shown_beside_its_field_and_nothing_is_saved(
    new_client: Callable[[], TestClient], world: World, engine: Engine
) -> None:
    ines = browser_of(INES, new_client, world)
    page = ines.get("/me/outcomes?lang=fr").text
    ident = meeting_id(page)
    form = {"attendance": "no_show", "interest": "3", "note": "Absent",
            "csrf_token": form_token(page, f"/me/meetings/{ident}/outcome")}  # fmt: skip
    refused = ines.post(f"/me/meetings/{ident}/outcome", data=form)
    assert refused.status_code == 400
    assert (
        f'<p class="alert" id="interest-error-{ident}">Un rendez-vous qui n\'a pas eu lieu '
        "n'a pas d'intérêt : laissez ce champ vide.</p>"
    ) in refused.text
    assert 'value="no_show" checked' in refused.text  # what she chose is kept
    assert ">Absent</textarea>" in refused.text
    assert stored_outcomes(engine) == []


def test_a_form_without_its_csrf_token_is_refused(
    new_client: Callable[[], TestClient], world: World, engine: Engine
) -> None:
    ines = browser_of(INES, new_client, world)
    ident = meeting_id(ines.get("/me/outcomes").text)
    refused = ines.post(
        f"/me/meetings/{ident}/outcome",
        data={"attendance": "held", "interest": "5", "csrf_token": "forged"},
    )
    assert refused.status_code == 403
    assert stored_outcomes(engine) == []


def test_someone_elses_meeting_is_not_found(
    new_client: Callable[[], TestClient], world: World, engine: Engine
) -> None:
    ident = meeting_id(browser_of(INES, new_client, world).get("/me/outcomes").text)
    piet = browser_of(PIET, new_client, world)
    page = piet.get("/me/outcomes?lang=en").text
    assert "You have no meeting in this mission yet." in page
    form = {"attendance": "held", "interest": "5", "csrf_token": form_token(page)}
    assert piet.post(f"/me/meetings/{ident}/outcome", data=form).status_code == 404
    assert stored_outcomes(engine) == []


def test_the_partner_does_not_see_my_outcome(
    new_client: Callable[[], TestClient], world: World
) -> None:
    ines = browser_of(INES, new_client, world)
    page = ines.get("/me/outcomes").text
    ident = meeting_id(page)
    form = {"attendance": "held", "interest": "2", "note": "Private remark",
            "csrf_token": form_token(page, f"/me/meetings/{ident}/outcome")}  # fmt: skip
    assert ines.post(f"/me/meetings/{ident}/outcome", data=form).status_code == 303
    joost = browser_of(JOOST, new_client, world).get("/me/outcomes").text
    assert "Private remark" not in joost
    assert "selected>" not in joost.replace('<option value="" selected>', "").replace(
        '<option value="none" selected>', ""
    )
