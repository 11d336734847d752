"""The same server on PostgreSQL: a participant opens her link and reads her agenda.

The rest of the browser tests run on SQLite; this one shows that sessions, links and pages
work the same on the production back end (the harness's throwaway PostgreSQL server).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Browser
from tests.conftest import PostgresServer
from tests.e2e.harness import Server, load_demo, people_of

pytestmark = [pytest.mark.browser, pytest.mark.postgres, pytest.mark.xdist_group("browser")]


def test_a_participant_reads_her_agenda_on_postgresql(
    postgres_server: PostgresServer,
    serve: Callable[[str, Path], Server],
    browser: Browser,
    tmp_path: Path,
) -> None:
    database_url = postgres_server.new_database()
    load_demo(database_url)
    server = serve(database_url, tmp_path)
    french = people_of(database_url).french
    context = browser.new_context(locale="en-GB")
    try:
        page = context.new_page()
        page.goto(server.link(french.participant.email))
        assert page.url == f"{server.url}/me/"
        page.goto(f"{server.url}/me/agenda")
        assert page.locator("html").get_attribute("lang") == "fr"
        assert page.get_by_role("heading", level=1).inner_text() == french.participant.full_name
        meetings = page.get_by_text("Rendez-vous B2B", exact=True)
        assert meetings.count() == len(french.meetings) > 0
        pdf = context.request.get(f"{server.url}/me/agenda.pdf")
        assert pdf.status == 200 and pdf.body().startswith(b"%PDF")
    finally:
        context.close()
