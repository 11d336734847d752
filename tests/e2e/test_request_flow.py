"""A meeting request from search to agenda, through two browsers in two languages.

A French-only participant of the demo mission opens her link, tries to save her profile with
a time window that ends before it starts (refused beside the field, nothing saved), searches
the directory in French, finds a Dutch organisation and asks one of its people for a meeting.
That person, who reads only Dutch, accepts it in Dutch; the French side sees it accepted.
Both then download their agenda: the PDF is a PDF, the iCalendar file parses.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page
from tests.e2e.harness import DemoPeople, NewContext, Server, calendar_of, open_link, pdf_text

from rencontre.core.enums import Language
from rencontre.core.participant import Participant
from rencontre.settings import Settings
from rencontre.store import repositories as repo
from rencontre.store.database import open_database, session_scope

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

#: French words of the Dutch organisation's activity, as a French reader would type them.
FRENCH_SEARCH = "mobilité verte"
#: The reason a window ending before its start is refused, in French.
WINDOW_REFUSED = "Indiquez un jour de la mission et deux heures (HH:MM), la fin après le début."


def dutch_reader_found_by(database_url: str, words: str, asker: str) -> Participant:
    """A Dutch-only participant of a Dutch organisation whose French description holds `words`,
    with no request yet between them and `asker`."""
    engine = open_database(Settings(database_url=database_url))
    try:
        with session_scope(engine) as session:
            snapshot = repo.load_mission(session)
    finally:
        engine.dispose()
    described = {
        o.name
        for o in snapshot.organisations
        if o.country == "NL"
        and any(d.language is Language.FR and words in d.text for d in o.descriptions)
    }
    paired = {e for r in snapshot.requests if asker in r.pair for e in r.pair}
    found = [
        p
        for p in snapshot.participants
        if p.organisation in described and p.languages == (Language.NL,) and p.email not in paired
    ]
    assert found, f"no Dutch-only participant of an organisation described by {words!r}"
    return found[0]


def refuse_a_window_that_ends_before_it_starts(page: Page, server: Server) -> None:
    page.goto(f"{server.url}/me/profile")
    assert page.locator("html").get_attribute("lang") == "fr"
    page.check("input[name=availability][value=times]")
    page.fill("#window-0-start", "12:00")
    page.fill("#window-0-end", "09:00")
    page.get_by_role("button", name="Enregistrer mon profil").click()
    problem = page.locator("#problem-window-0")
    assert problem.is_visible()
    assert problem.inner_text() == WINDOW_REFUSED
    assert page.locator("#window-0-start").get_attribute("aria-invalid") == "true"
    # What she typed is still there, and nothing was saved.
    assert page.input_value("#window-0-end") == "09:00"
    page.goto(f"{server.url}/me/profile")
    assert page.is_checked("input[name=availability][value=throughout]")


def request_from_a_french_search(page: Page, server: Server, organisation: str, name: str) -> None:
    page.goto(f"{server.url}/me/directory")
    page.fill("#q", FRENCH_SEARCH)
    page.get_by_role("button", name="Rechercher").click()
    page.wait_for_url(f"{server.url}/me/directory?*")
    card = page.locator("li.card", has_text=name)
    assert card.count() == 1, page.locator("main").inner_text()
    assert organisation in card.inner_text()
    card.locator("textarea[name=message]").fill("Bonjour, parlons de mobilité verte.")
    card.get_by_role("button", name="Demander un rendez-vous").click()
    page.wait_for_url(f"{server.url}/me/requests*")
    sent = page.locator("li", has_text=name).first
    assert "En attente de réponse" in sent.inner_text()


def test_a_french_search_becomes_a_meeting_accepted_in_dutch(
    demo_server: Server, demo_people: DemoPeople, new_context: NewContext, tmp_path: Path
) -> None:
    french = demo_people.french
    dutch = dutch_reader_found_by(demo_server.database_url, FRENCH_SEARCH, french.participant.email)
    french_browser, dutch_browser = new_context(), new_context()
    french_page = open_link(french_browser, demo_server, french)

    refuse_a_window_that_ends_before_it_starts(french_page, demo_server)
    request_from_a_french_search(french_page, demo_server, dutch.organisation, dutch.full_name)

    dutch_page = dutch_browser.new_page()
    dutch_page.goto(demo_server.link(dutch.email))
    dutch_page.goto(f"{demo_server.url}/me/requests")
    assert dutch_page.locator("html").get_attribute("lang") == "nl"
    received = dutch_page.locator("li", has_text=french.participant.full_name).first
    assert "mobilité verte" in received.inner_text()
    received.get_by_role("button", name="Aanvaarden").click()
    dutch_page.wait_for_url(f"{demo_server.url}/me/requests*")
    answered = dutch_page.locator("li", has_text=french.participant.full_name).first
    assert "Aanvaard" in answered.inner_text()

    french_page.goto(f"{demo_server.url}/me/requests")
    accepted = french_page.locator("li", has_text=dutch.full_name).first
    assert "Acceptée" in accepted.inner_text()

    for context, name, folder in (
        (french_browser, french.participant.full_name, tmp_path / "fr"),
        (dutch_browser, dutch.full_name, tmp_path / "nl"),
    ):
        folder.mkdir()
        assert name in pdf_text(context, demo_server, folder)
        assert calendar_of(context, demo_server).walk("VCALENDAR")
