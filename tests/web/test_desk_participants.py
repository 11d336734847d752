"""The desk's participants of a mission: the list, uploads, one person's form, invitations
by e-mail through a real SMTP server, for the mission's organisers only."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import pytest
from sqlalchemy import Engine
from tests.mail.smtp_server import SmtpServer, running_smtp_server
from tests.web.testclient import TestClient
from tests.web.world import ANNE, BRAM, INES, MISSION, OLIVIA, World, form_token, sign_in

from rencontre.mail.settings import SMTP_URL_VARIABLE
from rencontre.store import repositories as repo
from rencontre.store.database import session_scope

PEOPLE = f"/organiser/missions/{MISSION}/participants"


@pytest.fixture
def smtp_server(monkeypatch: pytest.MonkeyPatch) -> Iterator[SmtpServer]:
    with running_smtp_server() as server:
        monkeypatch.setenv(SMTP_URL_VARIABLE, server.url)
        yield server


def organiser(client: TestClient, email: str = OLIVIA) -> TestClient:
    assert sign_in(client, email) == 303
    return client


def token(client: TestClient) -> str:
    page = client.get(PEOPLE).text
    found = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert found is not None
    return found.group(1)


def row_of(html: str, name: str) -> str:
    rows = [r for r in re.findall(r"<tr>(.*?)</tr>", html, re.S) if name in r]
    assert len(rows) == 1, name
    return rows[0]


def test_the_list_shows_the_people_and_who_opened_their_link(
    client: TestClient, world: World, new_client: Callable[[], TestClient]
) -> None:
    assert new_client().get(f"/l/{world.links[INES]}").status_code == 303
    html = organiser(client).get(f"{PEOPLE}?lang=en").text
    ines, anne = row_of(html, "Inès Dubois"), row_of(html, "Anne Peeters")
    assert INES in ines and "Voltaïque Charge" in ines and "French" in ines
    assert "not opened" not in ines
    assert "<strong>not opened</strong>" in anne


def test_an_upload_adds_people_to_this_mission(
    client: TestClient, world: World, engine: Engine
) -> None:
    olivia = organiser(client)
    csv = (
        "email,full_name,organisation,languages\n"
        "zoe@wallonie.example,Zoé Martin,Wallonie Mobilité,fr\n"
    )
    answer = olivia.post(
        f"{PEOPLE}/upload",
        data={"csrf_token": token(olivia)},
        files={"files": ("participants.csv", csv.encode(), "text/csv")},
    )
    assert answer.status_code == 303
    assert answer.headers["location"] == f"{PEOPLE}?added=1&changed=0"
    with session_scope(engine) as session:
        assert repo.get_mission(session, MISSION).participants[-1] == "zoe@wallonie.example"
    assert "Zoé Martin" in olivia.get(answer.headers["location"]).text


def test_a_refused_upload_shows_each_located_problem_and_writes_nothing(
    client: TestClient, world: World, engine: Engine
) -> None:
    olivia = organiser(client)
    csv = (
        "email,full_name,organisation\n"
        "zoe@wallonie.example,Zoé Martin,Wallonie Mobilité\n"
        "not-an-address,Max,Nowhere Ltd\n"
    )
    answer = olivia.post(
        f"{PEOPLE}/upload",
        data={"csrf_token": token(olivia)},
        files={"files": ("participants.csv", csv.encode(), "text/csv")},
    )
    assert answer.status_code == 400
    problems = re.findall(
        r"<tr><td>([^<]*)</td><td>([^<]*)</td><td><code>([^<]*)</code></td>", answer.text
    )
    assert ("participants.csv", "3", "email") in problems
    assert ("participants.csv", "3", "organisation") in problems
    with session_scope(engine) as session:
        emails = {p.email for p in repo.participants(session)}
    assert "zoe@wallonie.example" not in emails


def test_one_participant_is_added_then_edited_through_the_form(
    client: TestClient, world: World, engine: Engine
) -> None:
    olivia = organiser(client)
    new = f"{PEOPLE}/new"
    csrf = form_token(olivia.get(new).text, new)
    refused = olivia.post(new, data={"csrf_token": csrf, "email": "nope", "full_name": ""})
    assert refused.status_code == 400
    assert re.search(r'name="email"[^>]*aria-invalid="true"', refused.text)
    assert 'id="problem-full_name"' in refused.text
    data = {"csrf_token": csrf, "email": "Lars@Fietsfabriek.example", "full_name": "Lars Bakker",
            "new_organisation": "Fietsfabriek", "country": "Netherlands", "kind": "company",
            "languages": ["nl", "en"]}  # fmt: skip
    answer = olivia.post(new, data=data)
    assert answer.status_code == 303
    with session_scope(engine) as session:
        assert repo.get_mission(session, MISSION).participants[-1] == "lars@fietsfabriek.example"
        ident = repo.participant_ids(session)["lars@fietsfabriek.example"]
    edit = f"{PEOPLE}/{ident}/edit"
    page = olivia.get(edit).text
    assert 'value="Lars Bakker"' in page
    data = {"csrf_token": csrf, "full_name": "Lars de Bakker", "organisation": "Fietsfabriek",
            "languages": ["en"]}  # fmt: skip
    assert olivia.post(edit, data=data).status_code == 303
    with session_scope(engine) as session:
        [lars] = [p for p in repo.participants(session) if p.full_name == "Lars de Bakker"]
    assert [language.value for language in lars.languages] == ["en"]
    log = olivia.get(f"/organiser/missions/{MISSION}/log?lang=fr").text
    assert "Participant Lars Bakker ajouté" in log and "Participant Lars de Bakker modifié" in log


def test_invitations_go_by_e_mail_and_the_link_can_be_revoked(
    client: TestClient,
    world: World,
    smtp_server: SmtpServer,
    new_client: Callable[[], TestClient],
) -> None:
    olivia = organiser(client)
    csrf = token(olivia)
    anne_id = world.ids[ANNE]
    answer = olivia.post(f"{PEOPLE}/invite", data={"csrf_token": csrf, "ids": [str(anne_id)]})
    assert answer.status_code == 303 and answer.headers["location"] == f"{PEOPLE}?sent=1"
    [message] = smtp_server.mailbox.messages
    assert message["To"] == ANNE and message["Content-Language"] == "fr"
    link = re.search(r"http://testserver/l/\S+", message.get_content())
    assert link is not None
    anne = new_client()
    assert anne.get(link.group(0).removeprefix("http://testserver")).status_code == 303
    html = olivia.get(f"{PEOPLE}?lang=en").text
    assert "not opened" not in row_of(html, "Anne Peeters")
    everyone = olivia.post(f"{PEOPLE}/invite", data={"csrf_token": csrf, "everyone": "1"})
    assert everyone.headers["location"] == f"{PEOPLE}?sent=2"  # Inès and Joost, not Anne
    revoked = olivia.post(f"{PEOPLE}/{anne_id}/revoke", data={"csrf_token": csrf})
    assert revoked.status_code == 303
    assert anne.get("/me/").status_code == 403  # her session ended


def test_another_organiser_cannot_invite_or_see_the_people(
    client: TestClient, world: World, smtp_server: SmtpServer
) -> None:
    bram = organiser(client, BRAM)
    assert bram.get(PEOPLE).status_code == 404
    page = bram.get("/organiser/").text
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert csrf is not None
    answer = bram.post(f"{PEOPLE}/invite", data={"csrf_token": csrf.group(1), "everyone": "1"})
    assert answer.status_code == 404
    assert smtp_server.mailbox.messages == []
