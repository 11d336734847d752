"""A participant's space and agenda: HTML, iCalendar, PDF, their language, nobody else's
e-mail, and names shown as text."""

from __future__ import annotations

from icalendar import Calendar
from sqlalchemy import Engine
from tests.web.conftest import WEB
from tests.web.testclient import TestClient
from tests.web.world import ANNE, BRAM, INES, JOOST, OLIVIA, PIET, World, store_world

from rencontre.settings import Settings
from rencontre.web.app import create_app

OTHERS_OF_INES = (JOOST, ANNE, PIET, OLIVIA, BRAM)
SCRIPT = '<script>alert("x")</script>'


def open_space(client: TestClient, world: World, email: str = INES) -> None:
    assert client.get(f"/l/{world.links[email]}").status_code == 303


def test_the_space_says_who_i_am_and_links_to_my_agenda(client: TestClient, world: World) -> None:
    open_space(client, world)
    page = client.get("/me/").text
    assert '<html lang="fr">' in page
    assert "Inès Dubois" in page
    assert "Voltaïque Charge · CEO" in page
    assert INES in page
    assert "Du 10 juin 2025 au 11 juin 2025" in page
    assert "1 rendez-vous est prévu pour vous." in page
    for link in ('href="/me/agenda"', 'href="/me/agenda.pdf"', 'href="/me/agenda.ics"'):
        assert link in page


def test_the_agenda_page_shows_my_meetings_and_no_other_email(
    client: TestClient, world: World
) -> None:
    open_space(client, world)
    response = client.get("/me/agenda")
    assert response.status_code == 200
    page = response.text
    assert '<article class="agenda normal">' in page  # the printed agenda's own body
    assert "Joost van Dijk" in page
    assert "Batterij Lab Eindhoven" in page
    assert "10:00–10:30" in page
    assert "Table 4" in page
    assert "Concept car demo" in page
    assert INES in page
    assert [email for email in OTHERS_OF_INES if email in page] == []


def test_the_partner_sees_the_meeting_from_the_other_side_in_dutch(
    client: TestClient, world: World
) -> None:
    open_space(client, world, JOOST)
    page = client.get("/me/agenda").text
    assert '<html lang="nl">' in page
    assert "Inès Dubois" in page
    assert "Tafel 4" in page
    assert INES not in page


def test_the_agenda_ics_parses_and_holds_no_email_of_others(
    client: TestClient, world: World
) -> None:
    open_space(client, world)
    response = client.get("/me/agenda.ics")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    summaries = sorted(str(event["summary"]) for event in calendar.walk("VEVENT"))
    assert summaries == [
        "Concept car demo",
        "Rendez-vous B2B : Joost van Dijk (Batterij Lab Eindhoven)",
        "Welcome",
    ]
    (meeting,) = [e for e in calendar.walk("VEVENT") if "Joost" in str(e["summary"])]
    assert str(meeting["description"]).splitlines()[0] == "Joost van Dijk - Batterij Lab Eindhoven"
    assert [email for email in OTHERS_OF_INES if email.encode() in response.content] == []


def test_the_agenda_pdf_is_a_pdf(client: TestClient, world: World) -> None:
    open_space(client, world)
    response = client.get("/me/agenda.pdf")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert 'filename="ines@voltaique.example.pdf"' in response.headers["content-disposition"]


def test_the_agenda_files_follow_a_chosen_language(client: TestClient, world: World) -> None:
    open_space(client, world)
    calendar = Calendar.from_ical(client.get("/me/agenda.ics?lang=en").content)
    summaries = {str(event["summary"]) for event in calendar.walk("VEVENT")}
    assert "B2B: Joost van Dijk (Batterij Lab Eindhoven)" in summaries
    assert '<html lang="en">' in client.get("/me/agenda").text  # the choice is kept


def test_names_holding_markup_are_shown_as_text(engine: Engine, settings: Settings) -> None:
    world = store_world(engine, **{INES: f"Inès {SCRIPT}", JOOST: f"Joost {SCRIPT}"})
    with TestClient(create_app(settings, WEB), follow_redirects=False) as client:
        open_space(client, world)
        pages = [client.get(path).text for path in ("/me/", "/me/agenda")]
    escaped = "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;"
    assert [SCRIPT in page for page in pages] == [False, False]
    assert escaped in pages[0]
    assert pages[1].count(escaped) >= 2  # her own name and her partner's
    assert "<script>" not in "".join(pages)
