"""Participants in a browser: each opens the link an organiser printed and reads her agenda.

Two browser contexts are two people on their own phones: a French-only and a Dutch-only
participant of the demo mission. Their browsers ask for English, so a page in French or
Dutch shows that the server followed the mission's language for each of them.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from icalendar import Calendar
from playwright.sync_api import BrowserContext, Page
from tests.e2e.harness import DemoPeople, NewContext, Person, Server, run_rencontre

from rencontre.demo import DEMO_MISSION_KEY

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

#: The heading of the agenda card on `/me/`, in the language the page is written in.
MY_AGENDA = {"fr": "Mon agenda", "nl": "Mijn agenda"}
#: What each meeting of the agenda is called, in the language the page is written in.
B2B_MEETING = {"fr": "Rendez-vous B2B", "nl": "B2B-gesprek"}


def open_link(context: BrowserContext, server: Server, person: Person) -> Page:
    """Open a fresh personal link from `rencontre link`, as the person would from an e-mail."""
    page = context.new_page()
    link = server.link(person.participant.email)
    assert link.startswith(f"{server.url}/l/"), link
    page.goto(link)
    assert page.url == f"{server.url}/me/"
    return page


def check_space_and_agenda(page: Page, server: Server, person: Person, language: str) -> None:
    assert page.locator("html").get_attribute("lang") == language
    assert page.get_by_role("heading", level=1).inner_text() == person.participant.full_name
    assert page.get_by_role("heading", name=MY_AGENDA[language]).is_visible()
    page.get_by_role("link", name="agenda", exact=False).first.click()
    page.wait_for_url(f"{server.url}/me/agenda")
    assert page.locator("html").get_attribute("lang") == language
    body = page.locator("body").inner_text()
    assert person.participant.full_name in body
    meetings = page.get_by_text(B2B_MEETING[language], exact=True)
    assert meetings.count() == len(person.meetings) > 0


def pdf_text(context: BrowserContext, server: Server, tmp_path: Path) -> str:
    response = context.request.get(f"{server.url}/me/agenda.pdf")
    assert response.status == 200
    content = response.body()
    assert content.startswith(b"%PDF"), content[:20]
    path = tmp_path / "agenda.pdf"
    path.write_bytes(content)
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def calendar_of(context: BrowserContext, server: Server) -> Calendar:
    response = context.request.get(f"{server.url}/me/agenda.ics")
    assert response.status == 200
    assert response.headers["content-type"].startswith("text/calendar")
    return Calendar.from_ical(response.body())


def test_two_participants_each_read_their_agenda_in_their_language(
    demo_server: Server, demo_people: DemoPeople, new_context: NewContext, tmp_path: Path
) -> None:
    french, dutch = demo_people.french, demo_people.dutch
    french_browser, dutch_browser = new_context(), new_context()
    french_page = open_link(french_browser, demo_server, french)
    dutch_page = open_link(dutch_browser, demo_server, dutch)

    check_space_and_agenda(french_page, demo_server, french, "fr")
    check_space_and_agenda(dutch_page, demo_server, dutch, "nl")

    for context, person, folder in (
        (french_browser, french, tmp_path / "fr"),
        (dutch_browser, dutch, tmp_path / "nl"),
    ):
        folder.mkdir()
        assert person.participant.full_name in pdf_text(context, demo_server, folder)
        events = calendar_of(context, demo_server).walk("VEVENT")
        uids = {str(event["UID"]) for event in events}
        assert {meeting.uid for meeting in person.meetings} <= uids
        # Nobody else's meetings: every meeting event is one of hers.
        others = {m.uid for m in (dutch if person is french else french).meetings}
        assert not (others - {m.uid for m in person.meetings}) & uids


def test_a_participant_cannot_read_another_agenda_through_the_api(
    demo_server: Server, demo_people: DemoPeople, new_context: NewContext
) -> None:
    french, dutch = demo_people.french, demo_people.dutch
    context = new_context()
    open_link(context, demo_server, french)
    api = f"{demo_server.url}/api/v1/participants/{{}}/agenda"

    own = context.request.get(api.format(french.id))
    assert own.status == 200
    assert own.json()["entries"]

    other = context.request.get(api.format(dutch.id))
    assert other.status in (403, 404)
    assert dutch.participant.full_name not in other.text()


def test_an_organiser_added_on_the_command_line_signs_in_through_the_form(
    demo_server: Server, new_context: NewContext
) -> None:
    email, password = "e2e.organiser@demo.example", "a long enough password"
    run_rencontre(
        demo_server.database_url,
        *("user", "add", email, "--role", "organiser", "--mission", DEMO_MISSION_KEY),
        "--password-stdin",
        stdin=password + "\n",
    )
    page = new_context().new_page()
    page.goto(f"{demo_server.url}/signin")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{demo_server.url}/organiser/")
    assert page.get_by_text(email).is_visible()
    assert page.locator("code", has_text=DEMO_MISSION_KEY).is_visible()
