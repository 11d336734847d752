"""The desk's matches page: the matching run as a job with its progress, the proposals with
their reasons and filters, approved (a request both people are told of by e-mail, whose link
works) or rejected one by one or together; on SQLite and PostgreSQL."""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator

import pytest
from fastapi import FastAPI
from sqlalchemy import Engine, update
from tests.mail.smtp_server import SmtpServer, running_smtp_server
from tests.web.conftest import WEB
from tests.web.testclient import TestClient
from tests.web.world import ANNE, INES, MISSION, OLIVIA, MovableClock, World, form_token, sign_in

from rencontre.core.enums import RequestStatus
from rencontre.services.jobs import JobOptions, run_job
from rencontre.settings import Settings
from rencontre.store import jobs as stored_jobs
from rencontre.store import repositories as repo
from rencontre.store.database import session_scope
from rencontre.store.models import MeetingRequestRow
from rencontre.web.app import create_app

DESK = f"/organiser/missions/{MISSION}"
QUICK = JobOptions(encoder="lexical", time_limit_s=5.0, workers=1)
REASONS = "Both work on charging; Complementary positions in the value chain"


@pytest.fixture
def app(settings: Settings, world: World, clock: MovableClock) -> FastAPI:
    return create_app(settings, WEB, clock=clock, job_options=QUICK)


@pytest.fixture
def smtp_server(monkeypatch: pytest.MonkeyPatch) -> Iterator[SmtpServer]:
    with running_smtp_server() as server:
        monkeypatch.setenv("RENCONTRE_SMTP_URL", server.url)
        yield server


@pytest.fixture
def olivia(client: TestClient, engine: Engine) -> TestClient:
    """Olivia signed in; the world's proposal Anne → Inès carries the engine's reasons."""
    with session_scope(engine) as session:
        session.execute(
            update(MeetingRequestRow)
            .where(MeetingRequestRow.status == RequestStatus.PROPOSED.value)
            .values(message=REASONS)
        )
    assert sign_in(client, OLIVIA) == 303
    return client


def proposal_id(html: str) -> str:
    found = re.findall(r'name="ids" value="(\d+)"', html)
    assert len(found) == 1, html
    return found[0]


def statuses(engine: Engine) -> dict[frozenset[str], RequestStatus]:
    with session_scope(engine) as session:
        return {r.pair: r.status for r in repo.load_mission(session, MISSION).requests}


def test_the_page_lists_the_proposals_with_their_reasons_and_filters(olivia: TestClient) -> None:
    page = olivia.get(f"{DESK}/matches?lang=fr")
    assert page.status_code == 200 and "Refresh" not in page.headers
    html = page.text
    assert "<h1>Mises en relation</h1>" in html
    assert "Anne Peeters</strong> (Wallonie Mobilité, BE) → <strong>Inès Dubois" in html
    assert '<ul class="reasons" lang="en">' in html
    assert "<li>Both work on charging</li>" in html
    assert "Les raisons sont celles qu'a écrites la mise en relation, en anglais." in html
    assert "Correspondance : 81%" in html
    assert '<option value="BE-FR">BE – FR</option>' in html
    filtered = olivia.get(f"{DESK}/matches?countries=FR-NL&lang=en").text
    assert 'name="ids"' not in filtered
    assert "No proposal matches these filters." in filtered


def test_approving_one_sends_the_request_and_an_e_mail_whose_links_work(
    olivia: TestClient,
    engine: Engine,
    smtp_server: SmtpServer,
    new_client: Callable[[], TestClient],
) -> None:
    page = olivia.get(f"{DESK}/matches").text
    answer = olivia.post(
        f"{DESK}/matches/approve",
        data={"only": proposal_id(page), "csrf_token": form_token(page, f"{DESK}/matches/approve")},
    )
    assert answer.status_code == 303
    assert answer.headers["location"] == f"{DESK}/matches?done=approve&count=1"
    assert statuses(engine)[frozenset({ANNE, INES})] is RequestStatus.PENDING
    done = olivia.get(answer.headers["location"] + "&lang=en").text
    assert "1 proposal approved: both people have the request and an e-mail." in done
    assert "No pair is proposed." in done
    mails = {m["To"]: m for m in smtp_server.mailbox.messages}
    assert sorted(mails) == [ANNE, INES]
    part = mails[INES].get_body(("plain",))
    assert part is not None
    text = str(part.get_content())
    assert mails[INES]["Content-Language"] == "fr"
    assert "Anne Peeters (Wallonie Mobilité) souhaite vous rencontrer" in text
    link = re.search(r"http://testserver(/l/\S+)", text)
    requests_page = re.search(r"http://testserver(/me/requests)\b", text)
    assert link is not None and requests_page is not None
    ines = new_client()
    assert ines.get(link.group(1)).status_code == 303
    mine = ines.get(requests_page.group(1) + "?lang=en")
    assert mine.status_code == 200
    received = mine.text.split("<h2>Received</h2>")[1].split("<h2>Sent</h2>")[0]
    assert "Anne Peeters" in received and "/accept" in received


def test_rejecting_the_ticked_pairs_cancels_them_and_sends_nothing(
    olivia: TestClient, engine: Engine, smtp_server: SmtpServer
) -> None:
    page = olivia.get(f"{DESK}/matches").text
    answer = olivia.post(
        f"{DESK}/matches/reject",
        data={
            "ids": [proposal_id(page)],
            "csrf_token": form_token(page, f"{DESK}/matches/approve"),
            "countries": "BE-FR",
        },
    )
    assert answer.status_code == 303
    assert answer.headers["location"] == f"{DESK}/matches?countries=BE-FR&done=reject&count=1"
    assert statuses(engine)[frozenset({ANNE, INES})] is RequestStatus.CANCELLED
    assert smtp_server.mailbox.messages == []


def test_deciding_with_nothing_ticked_says_so_beside_the_list(
    olivia: TestClient, engine: Engine
) -> None:
    page = olivia.get(f"{DESK}/matches").text
    answer = olivia.post(
        f"{DESK}/matches/approve?lang=en",
        data={"csrf_token": form_token(page, f"{DESK}/matches/approve")},
    )
    assert answer.status_code == 400
    assert '<p class="alert" role="alert" id="problem-ids">Tick at least one proposal.</p>' in (
        answer.text
    )
    assert 'aria-invalid="true" aria-describedby="problem-ids"' in answer.text
    assert statuses(engine)[frozenset({ANNE, INES})] is RequestStatus.PROPOSED


def test_the_matching_runs_as_a_job_and_the_page_follows_it(
    olivia: TestClient, engine: Engine
) -> None:
    page = olivia.get(f"{DESK}/matches").text
    token = form_token(page, f"{DESK}/matches/run")
    assert olivia.post(f"{DESK}/matches/run", data={"csrf_token": token}).status_code == 303
    with session_scope(engine) as session:
        job = stored_jobs.latest_job(session, mission=MISSION, kind="matching")
    assert job is not None and job.started_by == OLIVIA
    running = olivia.get(f"{DESK}/matches?lang=en")
    if job.active:  # the server's job thread (SQLite) may have run it already
        assert running.headers["Refresh"] == "3"
        assert "The matching is running." in running.text and 'name="ids"' not in running.text
    # A second start while one is under way starts nothing.
    olivia.post(f"{DESK}/matches/run", data={"csrf_token": token})
    run_job(engine, job.id, options=QUICK)  # PostgreSQL: no worker here; SQLite: may be taken
    deadline = time.monotonic() + 60
    while True:
        with session_scope(engine) as session:
            latest = stored_jobs.latest_job(session, mission=MISSION, kind="matching")
        assert latest is not None and latest.id == job.id
        if not latest.active:
            break
        assert time.monotonic() < deadline, "the matching job did not finish"
        time.sleep(0.2)
    assert latest.state == "succeeded", latest.error
    done = olivia.get(f"{DESK}/matches?lang=en")
    assert "Refresh" not in done.headers
    assert f"by {OLIVIA}." in done.text and "Run the matching" in done.text
