"""What the browser tests share: the `rencontre` command, the server, Chromium, the pages.

The server runs as a subprocess on a free port, on a temporary database loaded with
`rencontre demo` and `rencontre schedule`. The browser is the system's Chromium
(`/usr/bin/chromium`, or `RENCONTRE_CHROMIUM`) driven by Playwright; Playwright's own browser
downloads are never used.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from icalendar import Calendar
from playwright.sync_api import Browser, BrowserContext, Page, Playwright

from rencontre.core.enums import Language, MeetingStatus
from rencontre.core.meeting import Meeting
from rencontre.core.participant import Participant
from rencontre.demo import DEMO_MISSION_KEY
from rencontre.settings import Settings
from rencontre.store import repositories as repo
from rencontre.store.database import open_database, session_scope

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("RENCONTRE_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
#: axe-core as `npm ci` installs it from package-lock.json.
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
#: Screenshots land here (git-ignored), for people to look at after a run.
ARTIFACTS = ROOT / "test-artifacts"
RENCONTRE = Path(sys.executable).parent / "rencontre"
SERVER_START_SECONDS = 60

#: The participant's pages checked by the screenshot and accessibility tests: one line each.
PARTICIPANT_PAGES = (
    "/me/", "/me/agenda", "/me/partners", "/me/directory", "/me/requests", "/me/profile",
    "/me/outcomes",
)  # fmt: skip
#: The organiser's pages of the demo mission, checked the same way (signed in as its organiser).
DESK = f"/organiser/missions/{DEMO_MISSION_KEY}"
ORGANISER_PAGES = (
    "/organiser/", "/organiser/missions/new", f"{DESK}/edit", f"{DESK}/participants",
    f"{DESK}/matches", f"{DESK}/requests", f"{DESK}/schedule", f"{DESK}/grid", f"{DESK}/log",
)  # fmt: skip
#: The demo mission's organiser in the browser tests (made with `rencontre user add`).
ORGANISER_EMAIL, ORGANISER_PASSWORD = "organiser@desk.example", "a long enough pass phrase"
#: The pages anyone sees.
PUBLIC_PAGES = ("/", "/signin")
LANGUAGES = ("fr", "nl", "en")
WIDTHS = (1280, 360)

#: Makes a browser context (a separate person) with the given options.
NewContext = Callable[..., BrowserContext]


def run_rencontre(
    database_url: str, *args: str, stdin: str | None = None, base_url: str = ""
) -> subprocess.CompletedProcess[str]:
    """Run the installed `rencontre` command on `database_url`; fail the test if it fails."""
    env = {**os.environ, "RENCONTRE_DATABASE_URL": database_url}
    if base_url:
        env["RENCONTRE_BASE_URL"] = base_url
    result = subprocess.run(
        [str(RENCONTRE), *args], input=stdin, capture_output=True, text=True, env=env
    )
    if result.returncode != 0:
        pytest.fail(
            f"rencontre {' '.join(args)} failed ({result.returncode}):\n"
            f"{result.stdout}\n{result.stderr}",
            pytrace=False,
        )
    return result


def load_demo(database_url: str) -> None:
    """The demo mission with its schedule, as `make demo` leaves it."""
    run_rencontre(database_url, "demo")
    run_rencontre(database_url, "schedule")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@dataclass(frozen=True)
class Server:
    url: str  # also the base URL its personal links start with
    database_url: str

    def link(self, participant: str) -> str:
        """A new personal link, as an organiser gets it: from `rencontre link`."""
        result = run_rencontre(self.database_url, "link", participant, base_url=self.url)
        return result.stdout.strip()


def wait_until_answering(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + SERVER_START_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"rencontre serve stopped ({process.returncode}):\n{log.read_text()}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.2)
    pytest.fail(f"rencontre serve did not answer in {SERVER_START_SECONDS} s:\n{log.read_text()}")


@dataclass(frozen=True)
class Person:
    """A demo participant, with what the tests compare the pages against."""

    participant: Participant
    id: int
    meetings: tuple[Meeting, ...]  # their scheduled (not cancelled) meetings


@dataclass(frozen=True)
class DemoPeople:
    french: Person  # speaks only French
    dutch: Person  # speaks only Dutch


def speaker_of_only(snapshot: repo.MissionSnapshot, language: Language) -> Participant:
    """The participant speaking only `language` who has the most meetings."""
    speakers = [p for p in snapshot.participants if p.languages == (language,)]
    assert speakers, f"the demo mission has nobody speaking only {language}"
    live = [m for m in snapshot.meetings if m.status is not MeetingStatus.CANCELLED]
    return max(speakers, key=lambda p: sum(m.involves(p.email) for m in live))


def people_of(database_url: str) -> DemoPeople:
    engine = open_database(Settings(database_url=database_url))
    try:
        with session_scope(engine) as session:
            snapshot = repo.load_mission(session)
            ids = repo.participant_ids(session)
    finally:
        engine.dispose()
    live = [m for m in snapshot.meetings if m.status is not MeetingStatus.CANCELLED]

    def person(language: Language) -> Person:
        participant = speaker_of_only(snapshot, language)
        mine = tuple(m for m in live if m.involves(participant.email))
        return Person(participant, ids[participant.email], mine)

    return DemoPeople(french=person(Language.FR), dutch=person(Language.NL))


def launch_chromium(playwright: Playwright) -> Browser:
    if not CHROMIUM.exists():
        pytest.fail(
            f"Chromium not found at {CHROMIUM} (apt-get install chromium, as .ci/run does; "
            "or set RENCONTRE_CHROMIUM): the browser tests cannot run",
            pytrace=False,
        )
    return playwright.chromium.launch(
        executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
    )


def open_link(context: BrowserContext, server: Server, person: Person) -> Page:
    """Open a fresh personal link from `rencontre link`, as the person would from an e-mail."""
    page = context.new_page()
    link = server.link(person.participant.email)
    assert link.startswith(f"{server.url}/l/"), link
    page.goto(link)
    assert page.url == f"{server.url}/me/"
    return page


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
