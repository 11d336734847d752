"""Two small missions with their people and organisers, stored for the web tests.

Mission `hdf-nl-2025` (the sample mission of `tests/conftest.py`): Inès and Joost meet on
10 June 2025 at 10:00 (table 4); Anne takes part too. Mission `be-2026`: Piet alone.
Olivia organises the first, Bram the second.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import Engine
from tests.conftest import make_sample_dataset
from tests.web.testclient import TestClient

from rencontre.core.dataset import Dataset
from rencontre.core.enums import Language, ProgrammeItemKind
from rencontre.core.mission import Mission, ProgrammeItem, Venue
from rencontre.core.participant import Participant
from rencontre.services import accounts
from rencontre.services.jobs import record_matching_run
from rencontre.store import repositories as repo
from rencontre.store.database import session_scope

MISSION = "hdf-nl-2025"
OTHER_MISSION = "be-2026"
INES = "ines@voltaique.example"
JOOST = "joost@batterijlab.example"
ANNE = "anne@wallonie.example"
PIET = "piet@wallonie.example"
OLIVIA = "olivia@agency.example"
BRAM = "bram@agency.example"
PASSWORD = "correct horse battery staple"
EMAILS = (INES, JOOST, ANNE, PIET, OLIVIA, BRAM)

OTHER = Mission(
    key=OTHER_MISSION,
    title="Mission belge",
    start_date=date(2026, 3, 3),
    end_date=date(2026, 3, 3),
    venues=(Venue("hall", "Hall Namur", city="Namur", tables=4),),
    programme=(
        ProgrammeItem(
            "b2b",
            "B2B",
            ProgrammeItemKind.B2B_SESSION,
            datetime(2026, 3, 3, 9, tzinfo=UTC),
            datetime(2026, 3, 3, 12, tzinfo=UTC),
            "hall",
        ),
    ),
    participants=(PIET,),
)


def world_dataset(**names: str) -> Dataset:
    """The sample dataset, the second mission and Piet; `names` renames people by e-mail."""
    sample = make_sample_dataset()
    people = (
        *sample.participants,
        Participant(PIET, "Piet Claes", "Wallonie Mobilité", languages=(Language.NL,)),
    )
    people = tuple(replace(p, full_name=names[p.email]) if p.email in names else p for p in people)
    return replace(sample, participants=people, missions=(*sample.missions, OTHER), outcomes=())


@dataclass(frozen=True)
class World:
    """Stored ids of the people (by e-mail) and the tokens of their personal links."""

    ids: dict[str, int]
    links: dict[str, str]
    api_tokens: dict[str, str]


def store_world(engine: Engine, **names: str) -> World:
    """Store both missions, the organisers, a link for each participant and API tokens."""
    now = datetime.now(UTC)
    with session_scope(engine) as session:
        repo.save_dataset(session, world_dataset(**names))
        # The sample's proposal stands for the engine's: a matching run on today's inputs.
        record_matching_run(session, MISSION, by=OLIVIA, now=now, organisations=3)
        for email, mission in ((OLIVIA, MISSION), (BRAM, OTHER_MISSION)):
            accounts.add_organiser(
                session, email=email, password=PASSWORD, missions=[mission], now=now
            )
        links = {
            email: accounts.issue_link(
                session, participant=email, mission=mission, days=None, now=now
            ).token
            for email, mission in ((INES, MISSION), (JOOST, MISSION), (ANNE, MISSION),
                                   (PIET, OTHER_MISSION))
        }  # fmt: skip
        tokens = {
            email: accounts.issue_api_token(session, email=email, now=now).token
            for email in (OLIVIA, BRAM)
        }
        ids = repo.participant_ids(session)
    return World(ids, links, tokens)


class MovableClock:
    """The app's clock: real time, moved on by `advance`."""

    def __init__(self) -> None:
        self.offset = timedelta(0)

    def __call__(self) -> datetime:
        return datetime.now(UTC) + self.offset

    def advance(self, delta: timedelta) -> None:
        self.offset += delta


def form_token(html: str, action: str = "/signout") -> str:
    """The CSRF token of the page's form that posts to `action`."""
    field = r'<input type="hidden" name="csrf_token" value="([^"]+)"'
    pattern = rf'action="{re.escape(action)}"[^>]*>\s*{field}'
    found = re.search(pattern, html)
    assert found is not None, html
    return found.group(1)


def sign_in_token(html: str) -> str:
    return form_token(html, "/signin")


def sign_in(client: TestClient, email: str, password: str = PASSWORD) -> int:
    """Sign in through the form, as a browser does; the response's status."""
    page = client.get("/signin")
    response = client.post(
        "/signin",
        data={"email": email, "password": password, "csrf_token": sign_in_token(page.text)},
    )
    return response.status_code


def open_link(client: TestClient, token: str) -> int:
    return client.get(f"/l/{token}").status_code
