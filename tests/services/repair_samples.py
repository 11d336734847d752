"""A small scheduled mission for the repair and participant-removal tests.

One day, one B2B session of four 20-minute slots at the hall (2 tables), a talk after it
for a, b and f, and six accepted requests: a meets b, c and d; b meets d; c and d meet e.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from rencontre.core.dataset import Dataset
from rencontre.core.enums import OrganisationKind, ProgrammeItemKind, RequestStatus
from rencontre.core.meeting import Meeting, MeetingRequest
from rencontre.core.mission import Mission, ProgrammeItem, Venue
from rencontre.core.organisation import Organisation
from rencontre.core.participant import Participant
from rencontre.scheduling.solver import solve
from rencontre.services.mission_schedule import build_problem, meetings_from_schedule
from rencontre.settings import Settings
from rencontre.store import repositories as repo
from rencontre.store.database import open_database, session_scope

PARIS = ZoneInfo("Europe/Paris")
KEY = "m"


def at(hour: int, minute: int = 0) -> datetime:
    return datetime(2027, 4, 6, hour, minute, tzinfo=PARIS)


def email(name: str) -> str:
    return f"{name}@{name}.example"


NAMES = ("a", "b", "c", "d", "e", "f")
PAIRS = (("a", "b"), ("a", "c"), ("a", "d"), ("b", "d"), ("c", "e"), ("d", "e"))


def sample_dataset() -> Dataset:
    organisations = tuple(
        Organisation(name=f"Org {n.upper()}", country="FR", kind=OrganisationKind.COMPANY)
        for n in NAMES
    )
    people = tuple(Participant(email(n), f"Person {n.upper()}", f"Org {n.upper()}") for n in NAMES)
    mission = Mission(
        key=KEY,
        title="Small mission",
        start_date=date(2027, 4, 6),
        end_date=date(2027, 4, 6),
        venues=(Venue("hall", "Hall", tables=2), Venue("annex", "Annex", tables=1)),
        programme=(
            ProgrammeItem("b2b", "B2B", ProgrammeItemKind.B2B_SESSION, at(10), at(11, 20), "hall"),
            ProgrammeItem(
                "talk",
                "Talk",
                ProgrammeItemKind.TALK,
                at(11, 30),
                at(12),
                "hall",
                audience=(email("a"), email("b"), email("f")),
            ),
            ProgrammeItem(
                "visit",
                "Visit",
                ProgrammeItemKind.SITE_VISIT,
                at(14),
                at(15),
                "annex",
                audience=(email("f"),),
            ),
        ),  # fmt: skip
        slot_minutes=20,
        participants=tuple(p.email for p in people),
    )
    requests = tuple(
        MeetingRequest(KEY, email(x), email(y), status=RequestStatus.ACCEPTED) for x, y in PAIRS
    )
    return Dataset(
        organisations=organisations,
        participants=people,
        missions=(mission,),
        meeting_requests=requests,
    )


@contextmanager
def session_on(database_url: str) -> Iterator[Session]:
    """One committed transaction on the test database."""
    engine = open_database(Settings(database_url=database_url))
    try:
        with session_scope(engine) as session:
            yield session
    finally:
        engine.dispose()


def store_and_schedule(database_url: str) -> repo.MissionSnapshot:
    """Store the sample mission, schedule it (every meeting placed) and return it."""
    with session_on(database_url) as session:
        repo.save_dataset(session, sample_dataset())
        snapshot = repo.load_mission(session, KEY)
        built = build_problem(snapshot.mission, snapshot.participants, snapshot.requests)
        result = solve(built.problem, mode="all", fairness=None, time_limit_s=20, workers=1)
        assert result.schedule is not None
        meetings = meetings_from_schedule(built, result.schedule.slot_of)
        repo.replace_meetings(session, KEY, meetings)
    return load(database_url)


def load(database_url: str) -> repo.MissionSnapshot:
    with session_on(database_url) as session:
        return repo.load_mission(session, KEY)


def live(snapshot: repo.MissionSnapshot) -> dict[frozenset[str], Meeting]:
    """The meetings that are not cancelled, by pair."""
    return {m.pair: m for m in snapshot.meetings if m.status.value != "cancelled"}
