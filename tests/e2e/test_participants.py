"""Participants in a browser: each opens the link an organiser printed and reads her agenda.

Two browser contexts are two people on their own phones: a French-only and a Dutch-only
participant of the demo mission. Their browsers ask for English, so a page in French or
Dutch shows that the server followed the mission's language for each of them.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page
from tests.e2e.harness import (
    DemoPeople,
    NewContext,
    Person,
    Server,
    calendar_of,
    open_link,
    pdf_text,
    run_rencontre,
)

from rencontre.demo import DEMO_MISSION_KEY

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

#: The heading of the agenda card on `/me/`, in the language the page is written in.
MY_AGENDA = {"fr": "Mon agenda", "nl": "Mijn agenda"}
#: What each meeting of the agenda is called, in the language the page is written in.
B2B_MEETING = {"fr": "Rendez-vous B2B", "nl": "B2B-gesprek"}


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
