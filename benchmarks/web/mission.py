"""The mission the web benchmark serves: the demo mission, enlarged to a few hundred people.

The demo mission (136 participants) is kept whole, with its meeting requests; more people are
added by the generator the demo's own people come from (`tests/demo/build_demo_data.py`,
`build_participants`, run again on the same organisations with other seeds), until the
mission has `size` participants. Each added person gets one or two pending requests from
others, so everyone has something to answer. Then, as an organiser would: `rencontre match
mission` stores the recommended partners, `rencontre schedule` the meetings, and every
participant gets a personal link from the service behind `rencontre link`.
"""

from __future__ import annotations

import importlib.util
import os
import random
import subprocess
import sys
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType
from zoneinfo import ZoneInfo

from rencontre.core.dataset import Dataset
from rencontre.core.enums import RequestStatus
from rencontre.core.meeting import MeetingRequest
from rencontre.core.participant import Participant
from rencontre.demo import load_demo
from rencontre.demo.loader import participant_from_dict, read_data
from rencontre.services import accounts
from rencontre.settings import Settings
from rencontre.store import repositories as repo
from rencontre.store.database import open_database, session_scope

ROOT = Path(__file__).resolve().parents[2]
GENERATOR = ROOT / "tests" / "demo" / "build_demo_data.py"
RENCONTRE = Path(sys.executable).parent / "rencontre"
#: The matching's embeddings, kept between runs (git-ignored): the texts are the same each time.
MATCH_CACHE = Path(__file__).resolve().parent / ".cache"
#: Seconds the scheduler may take on the enlarged mission (the demo's requests only).
SCHEDULE_SECONDS = 30
GREETINGS = (
    "Bonjour, pourriez-vous nous rencontrer pendant la mission ?",
    "Goedendag, zullen we elkaar tijdens de missie ontmoeten?",
    "Hello, could we meet during the mission to discuss a partnership?",
)


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("build_demo_data", GENERATOR)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def enlarged_demo(size: int, *, seed: int) -> Dataset:
    """The demo dataset with generated people added until its mission has `size` of them."""
    demo = load_demo()
    (mission,) = demo.missions
    generator = _generator()
    organisations = read_data("organisations.json")["organisations"]
    zone = ZoneInfo(mission.timezone)
    emails = {p.email for p in demo.participants}
    names = {p.full_name for p in demo.participants}
    added: list[Participant] = []
    round_seed = seed
    while len(demo.participants) + len(added) < size:
        rng = random.Random(round_seed)
        round_seed += 1
        for person in generator.build_participants(organisations, rng):
            if person.email in emails or person.full_name in names:
                continue
            emails.add(person.email)
            names.add(person.full_name)
            row = {
                "email": person.email,
                "full_name": person.full_name,
                "organisation": person.organisation,
                "role": person.role,
                "languages": person.languages,
                "availability": person.availability,
            }
            added.append(participant_from_dict(row, zone))
    added = added[: max(0, size - len(demo.participants))]
    everyone = [*demo.participants, *added]
    rng = random.Random(seed)
    requests = list(demo.meeting_requests)
    pairs = {frozenset((r.requester, r.requested)) for r in requests}
    for person in added:
        for _ in range(rng.randint(1, 2)):
            other = rng.choice(everyone)
            pair = frozenset((person.email, other.email))
            if other.organisation == person.organisation or pair in pairs:
                continue
            pairs.add(pair)
            requests.append(
                MeetingRequest(
                    mission=mission.key,
                    requester=other.email,
                    requested=person.email,
                    priority=rng.randint(1, 3),
                    message=rng.choice(GREETINGS),
                    status=RequestStatus.PENDING,
                )
            )
    return replace(
        demo,
        participants=tuple(everyone),
        missions=(replace(mission, participants=tuple(p.email for p in everyone)),),
        meeting_requests=tuple(requests),
    )


def _rencontre(database_url: str, *args: str) -> None:
    env = {**os.environ, "RENCONTRE_DATABASE_URL": database_url}
    result = subprocess.run([str(RENCONTRE), *args], capture_output=True, text=True, env=env)
    if result.returncode != 0:
        raise RuntimeError(f"rencontre {' '.join(args)} failed:\n{result.stdout}{result.stderr}")


def prepare_mission(database_url: str, *, size: int, base_url: str, seed: int) -> list[str]:
    """Fill the (new) database with the enlarged mission, its partners and schedule; return
    one personal link per participant, in the mission's order."""
    dataset = enlarged_demo(size, seed=seed)
    engine = open_database(Settings(database_url=database_url))
    try:
        with session_scope(engine) as session:
            repo.save_dataset(session, dataset)
    finally:
        engine.dispose()
    _rencontre(database_url, "match", "mission", "--cache-dir", str(MATCH_CACHE))
    _rencontre(database_url, "schedule", "--time-limit", str(SCHEDULE_SECONDS))
    now = datetime.now(UTC)
    engine = open_database(Settings(database_url=database_url))
    try:
        with session_scope(engine) as session:
            (mission,) = dataset.missions
            issued = [
                accounts.issue_link(
                    session, participant=email, mission=mission.key, days=None, now=now
                )
                for email in mission.participants
            ]
    finally:
        engine.dispose()
    return [f"{base_url.rstrip('/')}/l/{link.token}" for link in issued]
