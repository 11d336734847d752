"""The desk's schedule pages: running the scheduler, hand moves from the grid, changes on the
day with a confirmation, publishing with e-mails, on SQLite and PostgreSQL."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine
from tests.mail.smtp_server import SmtpServer, running_smtp_server
from tests.web.testclient import TestClient
from tests.web.world import INES, JOOST, MISSION, OLIVIA, World, form_token, sign_in

from rencontre.core.enums import MeetingStatus
from rencontre.mail.settings import SMTP_URL_VARIABLE
from rencontre.services.schedule_publishing import latest_scheduling, versions
from rencontre.store import repositories as repo
from rencontre.store.database import session_scope

DESK = f"/organiser/missions/{MISSION}"


@pytest.fixture
def smtp_server(monkeypatch: pytest.MonkeyPatch) -> Iterator[SmtpServer]:
    with running_smtp_server() as server:
        monkeypatch.setenv(SMTP_URL_VARIABLE, server.url)
        yield server


def olivia(client: TestClient) -> TestClient:
    assert sign_in(client, OLIVIA) == 303
    return client


def stored(engine: Engine) -> list[tuple[str, str, str, int, str]]:
    with session_scope(engine) as session:
        return [
            (m.requester, m.requested, m.start.isoformat(), m.table, m.status.value)
            for m in repo.meetings(session, MISSION)
        ]


def meeting_link(html: str) -> str:
    found = re.search(rf'href="({DESK}/meetings/\d+/move)"', html)
    assert found is not None, html
    return found.group(1)


def test_running_the_scheduler_queues_a_job_and_the_page_follows_it(
    client: TestClient, world: World, engine: Engine
) -> None:
    page = olivia(client).get(f"{DESK}/schedule?lang=en")
    assert page.status_code == 200
    assert "The validator accepts the stored schedule." in page.text
    action = f"{DESK}/schedule/run"
    answer = client.post(action, data={"csrf_token": form_token(page.text, action)})
    assert answer.status_code == 303 and answer.headers["location"] == f"{DESK}/schedule"
    with session_scope(engine) as session:
        job = latest_scheduling(session, MISSION)
    assert job is not None and job.started_by == OLIVIA
    after = client.get(f"{DESK}/schedule?lang=en")
    if after.headers.get("refresh") == "2":  # still queued or running
        assert "The scheduler is running." in after.text
    else:
        assert "Meetings placed" in after.text


def test_a_refused_move_says_which_rule_and_saves_nothing(
    client: TestClient, world: World, engine: Engine
) -> None:
    grid = olivia(client).get(f"{DESK}/grid?lang=en")
    link = meeting_link(grid.text)
    form = client.get(f"{link}?lang=en")
    assert form.status_code == 200
    before = stored(engine)
    # Table 13 of a venue with twelve.
    token = form_token(form.text, link)
    answer = client.post(f"{link}?lang=en", data={"slot": "0", "table": "13", "csrf_token": token})
    assert answer.status_code == 422
    assert 'id="problem-table"' in answer.text and 'aria-invalid="true"' in answer.text
    assert "Technopole Transalley has no table 13 then." in answer.text
    assert stored(engine) == before


def test_an_accepted_move_is_saved_and_leads_back_to_the_grid(
    client: TestClient, world: World, engine: Engine
) -> None:
    link = meeting_link(olivia(client).get(f"{DESK}/grid").text)
    token = form_token(client.get(link).text, link)
    answer = client.post(link, data={"slot": "2", "table": "5", "csrf_token": token})
    assert answer.status_code == 303 and answer.headers["location"] == f"{DESK}/grid"
    ((requester, requested, start, table, _),) = stored(engine)
    assert (requester, requested, table) == (INES, JOOST, 5)
    assert start.startswith("2025-06-10T09:00")  # 11:00 in Paris


def test_a_locked_meeting_shows_as_locked_and_offers_no_move(
    client: TestClient, world: World
) -> None:
    link = meeting_link(olivia(client).get(f"{DESK}/grid").text)
    lock = link.replace("/move", "/lock")
    answer = client.post(lock, data={"csrf_token": form_token(client.get(link).text, lock)})
    assert answer.status_code == 303
    page = client.get(f"{link}?lang=en")
    assert "Unlock" in page.text and 'name="slot"' not in page.text
    assert ">Locked</a>" in client.get(f"{DESK}/grid?lang=en").text


def test_a_change_on_the_day_is_shown_then_applied_on_confirmation_and_mailed(
    client: TestClient, world: World, engine: Engine, smtp_server: SmtpServer
) -> None:
    page = olivia(client).get(f"{DESK}/changes?lang=en")
    meeting = re.search(r'<option value="(\d+)">', page.text)
    assert meeting is not None
    action = f"{DESK}/changes"
    fields = {"kind": "cancel_meeting", "meeting": meeting.group(1)}
    preview = client.post(f"{action}?lang=en",
                          data={**fields, "csrf_token": form_token(page.text, action)})  # fmt: skip
    assert preview.status_code == 200
    assert "What would change" in preview.text and "cancelled" in preview.text
    assert [m[4] for m in stored(engine)] == ["scheduled"]  # nothing stored yet
    apply = f"{DESK}/changes/apply"
    answer = client.post(apply, data={**fields, "csrf_token": form_token(preview.text, apply)})
    assert answer.status_code == 303
    assert [m[4] for m in stored(engine)] == [MeetingStatus.CANCELLED.value]
    mailed = {str(m["To"]): m for m in smtp_server.mailbox.messages}
    assert sorted(mailed) == sorted([INES, JOOST])
    ines = mailed[INES]
    assert ines["Subject"] == "Mission néerlandaise en Hauts-de-France : votre agenda a changé"
    calendar = [p for p in ines.iter_attachments() if p.get_content_type() == "text/calendar"]
    assert b"STATUS:CANCELLED" in calendar[0].get_payload(decode=True)


def test_a_missing_field_of_a_change_is_said_beside_it(client: TestClient, world: World) -> None:
    page = olivia(client).get(f"{DESK}/changes?lang=en")
    action = f"{DESK}/changes"
    fields = {"kind": "add_meeting", "first": INES, "csrf_token": form_token(page.text, action)}
    answer = client.post(f"{action}?lang=en", data=fields)
    assert answer.status_code == 422
    assert 'id="problem-second"' in answer.text and "Choose one." in answer.text


def test_publishing_e_mails_everyone_and_lists_the_version(
    client: TestClient, world: World, engine: Engine, smtp_server: SmtpServer
) -> None:
    page = olivia(client).get(f"{DESK}/schedule")
    action = f"{DESK}/schedule/publish"
    answer = client.post(action, data={"csrf_token": form_token(page.text, action)})
    assert answer.status_code == 303
    assert answer.headers["location"] == f"{DESK}/schedule/versions?published=1"
    listed = client.get(f"{DESK}/schedule/versions?lang=en")
    assert "Version 1" in listed.text and OLIVIA in listed.text
    with session_scope(engine) as session:
        assert [v.number for v in versions(session, MISSION)] == [1]
    mailed = sorted(str(m["To"]) for m in smtp_server.mailbox.messages)
    assert mailed == sorted(["anne@wallonie.example", INES, JOOST])
    assert all("http://testserver/l/" in m.get_body(("plain",)).get_content()
               for m in smtp_server.mailbox.messages)  # fmt: skip
