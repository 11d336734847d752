"""Shared test harness: a throwaway PostgreSQL server and fresh databases on both back ends.

Storage tests take the `database_url` fixture (or `settings` / `engine` built on it), which is
parametrised as `[sqlite]` and `[postgresql]`. The PostgreSQL server is started once per
pytest-xdist worker from Debian's binaries, listens on a Unix socket in its own temporary
directory only, and each test gets a new, empty database in it. When the binaries are missing
the PostgreSQL tests FAIL; set RENCONTRE_SKIP_POSTGRES=1 to skip them on purpose.
"""

from __future__ import annotations

import itertools
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import psycopg
import pytest
from sqlalchemy import Engine

from rencontre.core.dataset import Dataset
from rencontre.core.enums import (
    Language,
    OpportunityType,
    OrganisationKind,
    OutcomeKind,
    PartnershipType,
    ProgrammeItemKind,
    RequestStatus,
    SizeBand,
)
from rencontre.core.meeting import Meeting, MeetingRequest, Outcome
from rencontre.core.mission import Mission, ProgrammeItem, TravelTime, Venue
from rencontre.core.opportunity import Opportunity
from rencontre.core.organisation import LocalizedText, Organisation
from rencontre.core.participant import Participant, TimeWindow
from rencontre.settings import Settings
from rencontre.store.database import open_database
from rencontre.store.models import Base
from rencontre.store.models_jobs import QUEUE_TABLES

POSTGRES_BIN = Path(os.environ.get("RENCONTRE_POSTGRES_BIN", "/usr/lib/postgresql/15/bin"))
SKIP_POSTGRES_VARIABLE = "RENCONTRE_SKIP_POSTGRES"
BACKENDS = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param("postgresql", id="postgresql", marks=pytest.mark.postgres),
]


@dataclass
class PostgresServer:
    """A running private cluster that hands out databases to tests."""

    socket_dir: Path
    user: str = "postgres"
    _counter: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    _migrated_name: str | None = None

    def admin_conninfo(self, dbname: str = "postgres") -> str:
        return f"host={self.socket_dir} user={self.user} dbname={dbname}"

    def url(self, name: str) -> str:
        return f"postgresql+psycopg://{self.user}@/{name}?host={self.socket_dir}"

    def new_database(self) -> str:
        """Create an empty database (no schema at all) and return its SQLAlchemy URL."""
        return self.url(self._create_database())

    def clean_database(self) -> str:
        """A database at the latest schema with every table empty (one per worker, emptied)."""
        if self._migrated_name is None:
            self._migrated_name = self._create_database()
            open_database(Settings(database_url=self.url(self._migrated_name))).dispose()
            return self.url(self._migrated_name)
        # The job queue's tables too: a job left queued by one test must not run in the next.
        names = [t.name for t in Base.metadata.sorted_tables] + sorted(QUEUE_TABLES)
        tables = ", ".join(f'"{name}"' for name in names)
        conninfo = self.admin_conninfo(self._migrated_name)
        with psycopg.connect(conninfo, autocommit=True) as connection:
            # A connection left open by the previous test would block TRUNCATE: fail, not hang.
            connection.execute("SET lock_timeout = '10s'")
            connection.execute(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")
        return self.url(self._migrated_name)

    def _create_database(self) -> str:
        name = f"test_{os.getpid()}_{next(self._counter)}"
        with psycopg.connect(self.admin_conninfo(), autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{name}" TEMPLATE template0')
        return name


def _as_postgres_user(command: list[str]) -> list[str]:
    # initdb refuses to run as root; CI runs as root, so drop to the `postgres` system user.
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *command]
    return command


def _run(command: list[str]) -> None:
    result = subprocess.run(_as_postgres_user(command), capture_output=True, text=True)
    if result.returncode != 0:
        pytest.fail(
            f"{' '.join(command)} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}",
            pytrace=False,
        )


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """A PostgreSQL cluster for this test process (one per xdist worker), stopped at the end."""
    if os.environ.get(SKIP_POSTGRES_VARIABLE) == "1":
        pytest.skip(f"{SKIP_POSTGRES_VARIABLE}=1: PostgreSQL tests skipped on purpose")
    initdb, pg_ctl = POSTGRES_BIN / "initdb", POSTGRES_BIN / "pg_ctl"
    if not initdb.exists():
        pytest.fail(
            f"PostgreSQL server binaries not found in {POSTGRES_BIN} "
            "(apt-get install postgresql, as .ci/run does); "
            f"set {SKIP_POSTGRES_VARIABLE}=1 to skip the PostgreSQL tests deliberately",
            pytrace=False,
        )
    # A short path: Unix socket paths are limited to about 100 bytes.
    root = Path(tempfile.mkdtemp(prefix="rencontre-pg-"))
    if os.geteuid() == 0:
        shutil.chown(root, "postgres", "postgres")
    data, log = root / "data", root / "server.log"
    _run([str(initdb), "-D", str(data), "-U", "postgres", "-A", "trust", "-E", "UTF8",
          "--locale=C", "--no-sync"])  # fmt: skip
    options = (
        f"-k {root} -c listen_addresses='' -c fsync=off -c synchronous_commit=off "
        "-c full_page_writes=off -c max_connections=50"
    )
    _run([str(pg_ctl), "-D", str(data), "-l", str(log), "-o", options, "-w", "start"])
    try:
        yield PostgresServer(socket_dir=root)
    finally:
        subprocess.run(
            _as_postgres_user([str(pg_ctl), "-D", str(data), "-m", "immediate", "-w", "stop"]),
            capture_output=True,
        )
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file at the latest schema, copied by tests that need a ready database."""
    path = tmp_path_factory.mktemp("template") / "rencontre.db"
    open_database(Settings(database_url=f"sqlite:///{path}")).dispose()
    return path


@pytest.fixture(params=BACKENDS)
def empty_database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The URL of a new database with no schema at all, on each back end."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'empty.db'}"
    server: PostgresServer = request.getfixturevalue("postgres_server")
    return server.new_database()


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The URL of a database at the latest schema with no data, on each back end."""
    if request.param == "sqlite":
        path = tmp_path / "rencontre.db"
        shutil.copyfile(request.getfixturevalue("sqlite_template"), path)
        return f"sqlite:///{path}"
    server: PostgresServer = request.getfixturevalue("postgres_server")
    return server.clean_database()


@pytest.fixture
def settings(database_url: str) -> Settings:
    """Settings pointing at the test's database."""
    return Settings(database_url=database_url)


@pytest.fixture
def engine(settings: Settings) -> Iterator[Engine]:
    """An engine on the test's database (already at the latest schema); disposed afterwards."""
    engine = open_database(settings)
    yield engine
    engine.dispose()


# A small mission with one object of every kind, used by the storage, exchange and CLI tests.
PARIS = ZoneInfo("Europe/Paris")


def at(day: int, hour: int, minute: int = 0) -> datetime:
    """A moment of the sample mission (June 2025, Paris time)."""
    return datetime(2025, 6, day, hour, minute, tzinfo=PARIS)


def make_sample_dataset() -> Dataset:
    """Three organisations (FR, NL, BE), three people, one mission with a B2B session."""
    organisations = (
        Organisation(
            name="Voltaïque Charge",
            country="FR",
            kind=OrganisationKind.COMPANY,
            legal_name="Voltaïque Charge SAS",
            region="Hauts-de-France",
            city="Valenciennes",
            size_band=SizeBand.MICRO,
            website="https://voltaique.example",
            descriptions=(
                LocalizedText(Language.FR, "Bornes de recharge rapide; cherche distributeurs."),
                LocalizedText(Language.EN, "Fast EV chargers, looking for distributors."),
            ),
            segments=("CHG-DC", "CHG-SMART"),
            nace_codes=("27.90", "C"),
            fictional=True,
            source="invented for tests",
        ),
        Organisation(
            name="Batterij Lab Eindhoven",
            country="NL",
            kind=OrganisationKind.RESEARCH_LAB,
            city="Eindhoven",
            descriptions=(
                LocalizedText(
                    Language.FR, "Recherche sur les cellules, multi-ligne\net ; virgule, ok"
                ),
                LocalizedText(Language.NL, 'Onderzoek naar batterijcellen, "solid state".'),
                LocalizedText(Language.EN, "Battery cell research | pipes too."),
            ),
            segments=("BAT-CELL", "RES-LAB"),
        ),
        Organisation(name="Wallonie Mobilité", country="BE", kind=OrganisationKind.CLUSTER),
    )
    participants = (
        Participant(
            email="ines@voltaique.example",
            full_name="Inès Dubois",
            organisation="Voltaïque Charge",
            role="CEO",
            languages=(Language.FR, Language.EN),
            availability=(TimeWindow(at(10, 9), at(10, 12)), TimeWindow(at(11, 14), at(11, 18))),
        ),
        Participant(
            email="joost@batterijlab.example",
            full_name="Joost van Dijk",
            organisation="Batterij Lab Eindhoven",
            languages=(Language.NL, Language.EN, Language.FR),
        ),
        Participant(
            email="anne@wallonie.example",
            full_name="Anne Peeters",
            organisation="Wallonie Mobilité",
        ),
    )
    opportunities = (
        Opportunity(
            reference="BOFR2025-001",
            organisation="Voltaïque Charge",
            type=OpportunityType.BUSINESS_OFFER,
            title="Distributeurs recherchés pour bornes rapides",
            description="Bornes 150 kW.",
            language=Language.FR,
            partnership_types=(PartnershipType.DISTRIBUTION, PartnershipType.COMMERCIAL),
            target_countries=("NL", "BE"),
            segments=("CHG-DC",),
            expires_on=date(2026, 1, 31),
        ),
        Opportunity(
            reference="TRNL2025-007",
            organisation="Batterij Lab Eindhoven",
            type=OpportunityType.TECHNOLOGY_REQUEST,
            title="Pilot line partner",
        ),
    )
    mission = Mission(
        key="hdf-nl-2025",
        title="Mission néerlandaise en Hauts-de-France",
        start_date=date(2025, 6, 10),
        end_date=date(2025, 6, 11),
        description="Three days of visits and meetings.",
        venues=(
            Venue("technopole", "Technopole Transalley", "Rue X", "Valenciennes", tables=12),
            Venue("lab", "University test tracks", city="Famars"),
        ),
        travel_times=(TravelTime("technopole", "lab", 15),),
        programme=(
            ProgrammeItem(
                "welcome", "Welcome", ProgrammeItemKind.TALK, at(10, 9), at(10, 10), "technopole"
            ),
            ProgrammeItem(
                "b2b-1",
                "B2B meetings",
                ProgrammeItemKind.B2B_SESSION,
                at(10, 10),
                at(10, 12),
                "technopole",
            ),
            ProgrammeItem(
                "demo",
                "Concept car demo",
                ProgrammeItemKind.DEMO,
                at(11, 14),
                at(11, 15, 30),
                "lab",
                audience=("joost@batterijlab.example", "ines@voltaique.example"),
            ),
        ),  # fmt: skip
        slot_minutes=30,
        participants=tuple(p.email for p in participants),
    )
    requests = (
        MeetingRequest("hdf-nl-2025", "ines@voltaique.example", "joost@batterijlab.example",
                       priority=3, message="Parlons distribution", status=RequestStatus.ACCEPTED),
        MeetingRequest("hdf-nl-2025", "joost@batterijlab.example", "anne@wallonie.example",
                       status=RequestStatus.PENDING),
        MeetingRequest("hdf-nl-2025", "anne@wallonie.example", "ines@voltaique.example",
                       priority=1, status=RequestStatus.PROPOSED, score=0.8125),
    )  # fmt: skip
    meetings = (
        Meeting("hdf-nl-2025", "ines@voltaique.example", "joost@batterijlab.example",
                at(10, 10), at(10, 10, 30), "technopole", 4),
    )  # fmt: skip
    outcomes = (
        Outcome("hdf-nl-2025", "ines@voltaique.example", "joost@batterijlab.example",
                OutcomeKind.FOLLOW_UP, date(2025, 6, 20), notes="Send samples", value_eur=15000,
                recorded_at=at(20, 16, 45)),
    )  # fmt: skip
    return Dataset(
        organisations=organisations,
        participants=participants,
        opportunities=opportunities,
        missions=(mission,),
        meeting_requests=requests,
        meetings=meetings,
        outcomes=outcomes,
    )


@pytest.fixture
def sample_dataset() -> Dataset:
    """A small dataset holding every kind of object (see `make_sample_dataset`)."""
    return make_sample_dataset()
