"""Fixtures of the browser tests: the real `rencontre serve` on the demo mission, Chromium.

The demo database and its server are made once per test session (loading and scheduling the
demo takes seconds). A missing Chromium or axe-core makes the tests FAIL: a browser test that
did not run has not passed.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, sync_playwright
from tests.e2e.harness import (
    AXE,
    ORGANISER_EMAIL,
    ORGANISER_PASSWORD,
    RENCONTRE,
    DemoPeople,
    NewContext,
    Server,
    free_port,
    launch_chromium,
    load_demo,
    people_of,
    run_rencontre,
    wait_until_answering,
)

from rencontre.demo import DEMO_MISSION_KEY


@pytest.fixture(scope="session")
def serve() -> Iterator[Callable[[str, Path], Server]]:
    """Start `rencontre serve` on a database (on a free port); every one is stopped at the end."""
    processes: list[subprocess.Popen[bytes]] = []

    def start(database_url: str, directory: Path) -> Server:
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        env = {**os.environ, "RENCONTRE_DATABASE_URL": database_url, "RENCONTRE_BASE_URL": url,
               "RENCONTRE_OUTBOX": str(directory / "outbox")}  # fmt: skip
        log = directory / f"serve-{port}.log"
        with log.open("wb") as output:
            process = subprocess.Popen(
                [str(RENCONTRE), "serve", "--port", str(port)],
                env=env,
                stdout=output,
                stderr=subprocess.STDOUT,
            )
        processes.append(process)
        wait_until_answering(url + "/", process, log)
        return Server(url=url, database_url=database_url)

    yield start
    for process in processes:
        process.terminate()
    for process in processes:
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="session")
def demo_server(
    tmp_path_factory: pytest.TempPathFactory, serve: Callable[[str, Path], Server]
) -> Server:
    """The server on a SQLite database holding the scheduled demo mission."""
    directory = tmp_path_factory.mktemp("demo")
    database_url = f"sqlite:///{directory / 'rencontre.db'}"
    load_demo(database_url)
    return serve(database_url, directory)


@pytest.fixture(scope="session")
def demo_people(demo_server: Server) -> DemoPeople:
    return people_of(demo_server.database_url)


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    browser = launch_chromium(playwright)
    yield browser
    browser.close()


@pytest.fixture
def new_context(browser: Browser) -> Iterator[NewContext]:
    """Make browser contexts (separate cookie jars: separate people), closed after the test.

    They speak English to the server (`Accept-Language`) unless told otherwise, so a page in
    another language shows that the server chose it.
    """
    contexts: list[BrowserContext] = []

    def make(**options: object) -> BrowserContext:
        options.setdefault("locale", "en-GB")
        context = browser.new_context(**options)  # type: ignore[arg-type]
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE.exists():
        pytest.fail(
            f"axe-core not found at {AXE}: run `npm ci` at the repository root (make test does)",
            pytrace=False,
        )
    return AXE.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def participant_link(demo_server: Server, demo_people: DemoPeople) -> str:
    """One personal link of the French-only participant; it can be opened in many browsers."""
    return demo_server.link(demo_people.french.participant.email)


@pytest.fixture(scope="session")
def demo_organiser(demo_server: Server) -> str:
    """The demo mission's organiser, added as on a new installation; her e-mail."""
    run_rencontre(
        demo_server.database_url, "user", "add", ORGANISER_EMAIL, "--role", "organiser",
        "--mission", DEMO_MISSION_KEY, "--password-stdin", stdin=ORGANISER_PASSWORD + "\n",
    )  # fmt: skip
    return ORGANISER_EMAIL


@pytest.fixture
def visit(
    demo_server: Server, participant_link: str, demo_organiser: str, new_context: NewContext
) -> Callable[..., Page]:
    """Open a page of the demo server in a new browser, signed in as the participant when the
    page is one of theirs (`/me/…`), as the demo organiser when it is the desk's
    (`/organiser/…`); extra options go to the browser context."""

    def open_page(path: str, language: str, **options: object) -> Page:
        context = new_context(**options)
        page = context.new_page()
        if path.startswith("/me/"):
            page.goto(participant_link)
        elif path.startswith("/organiser/"):
            page.goto(f"{demo_server.url}/signin")
            page.fill("input[name=email]", demo_organiser)
            page.fill("input[name=password]", ORGANISER_PASSWORD)
            page.locator("main form button[type=submit]").click()
            page.wait_for_url(f"{demo_server.url}/organiser/")
        response = page.goto(f"{demo_server.url}{path}?lang={language}")
        assert response is not None and response.status == 200, (path, language)
        assert page.locator("html").get_attribute("lang") == language
        return page

    return open_page
