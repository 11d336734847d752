"""The desk on a large event: the master grid page, a hand move's check, a change on the day.

- **Large event.** The 600-participant event of the scheduling benchmark
  (`benchmarks/scheduling/large.py`, `FULL`, seed 1, 10% spare tables): three days, two
  sessions of eight 20-minute slots a day, one venue, about 4,000 meetings. Its reference
  schedule is stored as the mission's meetings (tables numbered in order in each slot), each
  meeting with its accepted request, in a new SQLite file.
- **Grid page.** `GET /organiser/missions/{key}/grid` through the application in this
  process (no network), signed in as the mission's organiser; `--repeat` times after one
  warm-up, median and worst.
- **Move check.** `services.hand_moves.check_move` in its own transaction, for `--moves`
  meetings drawn at random (seeded), each to a random slot and table: what the desk runs
  before saving a move, whatever the answer (most are refused: someone is busy, or the table
  is taken). Then the same through the page (`POST …/meetings/{id}/move`, refused moves answer
  422 and save nothing). Median, p95 and worst.
- **Change on the day.** On the demo mission, scheduled as `rencontre schedule` does
  (`benchmarks/scheduling/repair_demo.py`), one meeting cancelled: the dry run the page shows
  (`services.day_changes.propose_changes`) and the confirmed change
  (`apply_changes_on_the_day`, stored, agendas prepared; e-mail sending excluded).

Targets: grid page at most 1 s, move check at most 200 ms, change on the day at most 5 s.

    python benchmarks/web/desk_grid.py [--repeat N] [--moves N] [--seed N] [--skip-demo]

Prints the figures and exits 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks" / "scheduling")]

from large import FULL, generate_event  # noqa: E402
from repair_demo import MISSION as DEMO  # noqa: E402
from repair_demo import scheduled_demo, session_on  # noqa: E402
from tests.web.testclient import TestClient  # noqa: E402
from tests.web.world import form_token, sign_in  # noqa: E402

from rencontre.core.dataset import Dataset  # noqa: E402
from rencontre.core.enums import OrganisationKind, ProgrammeItemKind, RequestStatus  # noqa: E402
from rencontre.core.meeting import Meeting, MeetingRequest  # noqa: E402
from rencontre.core.mission import Mission, ProgrammeItem, Venue  # noqa: E402
from rencontre.core.organisation import Organisation  # noqa: E402
from rencontre.core.participant import Participant  # noqa: E402
from rencontre.services import accounts  # noqa: E402
from rencontre.services.day_changes import apply_changes_on_the_day, propose_changes  # noqa: E402
from rencontre.services.hand_moves import check_move  # noqa: E402
from rencontre.services.mission_changes import CancelMeeting  # noqa: E402
from rencontre.settings import Settings  # noqa: E402
from rencontre.store import by_id  # noqa: E402
from rencontre.store import repositories as repo  # noqa: E402
from rencontre.store.database import open_database, session_scope  # noqa: E402
from rencontre.web.app import create_app  # noqa: E402
from rencontre.web.settings import WebSettings  # noqa: E402

KEY = "large-600"
ORGANISER = "desk@bench.example"
PASSWORD = "correct horse battery staple"
SLOT_MINUTES = 20
FIRST_DAY = date(2026, 10, 13)
SESSION_STARTS = ((9, 0), (14, 0))  # morning, afternoon (UTC: the mission's zone is UTC)
GRID_TARGET_S, MOVE_TARGET_S, CHANGE_TARGET_S = 1.0, 0.2, 5.0


def large_dataset(seed: int) -> Dataset:
    """The generated event as a stored mission: people, accepted requests, meetings."""
    event = generate_event(FULL, slack=0.1, seed=seed)
    problem, reference = event.problem, event.reference
    per_session = FULL.slots_per_session
    tables = max(slot.tables for slot in problem.slots)
    organisations = tuple(
        Organisation(f"Company {n:02d}", "FR" if n % 2 else "NL", OrganisationKind.COMPANY)
        for n in range(60)
    )
    emails = [f"p{n:03d}@bench.example" for n in range(problem.participant_count)]
    people = tuple(
        Participant(email, f"Person {n:03d}", organisations[n % 60].name)
        for n, email in enumerate(emails)
    )
    sessions = []
    for day in range(FULL.days):
        for half, (hour, minute) in enumerate(SESSION_STARTS):
            start = datetime.combine(FIRST_DAY + timedelta(days=day), datetime.min.time(), UTC)
            start = start.replace(hour=hour, minute=minute)
            end = start + timedelta(minutes=SLOT_MINUTES * per_session)
            kind = ProgrammeItemKind.B2B_SESSION
            sessions.append(ProgrammeItem(f"b2b-{day}-{half}", "B2B", kind, start, end, "hall"))
    mission = Mission(
        key=KEY,
        title="Large event",
        start_date=FIRST_DAY,
        end_date=FIRST_DAY + timedelta(days=FULL.days - 1),
        timezone="UTC",
        venues=(Venue("hall", "Hall", tables=tables),),
        programme=tuple(sessions),
        slot_minutes=SLOT_MINUTES,
        participants=tuple(emails),
    )
    starts = [slot.start for slot in mission.slots()]
    requests, meetings, used = [], [], [0] * len(starts)
    for index, engine_meeting in enumerate(problem.meetings):
        first, second = emails[engine_meeting.first], emails[engine_meeting.second]
        requests.append(MeetingRequest(KEY, first, second, status=RequestStatus.ACCEPTED))
        slot = reference[index]
        used[slot] += 1
        start = starts[slot]
        end = start + timedelta(minutes=SLOT_MINUTES)
        meetings.append(Meeting(KEY, first, second, start, end, "hall", used[slot]))
    return Dataset(organisations=organisations, participants=people, missions=(mission,),
                   meeting_requests=tuple(requests), meetings=tuple(meetings))  # fmt: skip


def timed(action: object) -> float:
    started = time.perf_counter()
    action()  # type: ignore[operator]
    return time.perf_counter() - started


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered) + 0.5) - 1))]


def large_event(args: argparse.Namespace, folder: Path) -> list[str]:
    settings = Settings(database_url=f"sqlite:///{folder / 'large.db'}")
    engine = open_database(settings)
    dataset = large_dataset(args.seed)
    with session_scope(engine) as session:
        repo.save_dataset(session, dataset)
        accounts.add_organiser(session, email=ORGANISER, password=PASSWORD, missions=[KEY],
                               now=datetime.now(UTC))  # fmt: skip
        ids = [m.id for m in by_id.mission_meetings(session, KEY)]
    slots = len(dataset.missions[0].slots())
    tables = dataset.missions[0].venues[0].tables
    print(f"large event: {len(dataset.participants)} participants, {len(ids)} meetings, "
          f"{slots} slots, {tables} tables")  # fmt: skip
    missed = []
    rng = random.Random(args.seed)
    moves = [(rng.choice(ids), rng.randrange(slots), rng.randint(1, tables))
             for _ in range(args.moves)]  # fmt: skip

    def check(meeting: int, slot: int, table: int) -> bool:
        with session_scope(engine) as session:
            return check_move(session, KEY, meeting, slot=slot, table=table).accepted

    check(*moves[0])  # warm-up
    checks = [timed(lambda m=m: check(*m)) for m in moves]
    accepted = sum(check(*m) for m in moves)
    print(f"move check (service): median {statistics.median(checks) * 1000:.0f} ms, "
          f"p95 {percentile(checks, 0.95) * 1000:.0f} ms, worst {max(checks) * 1000:.0f} ms "
          f"({len(moves)} moves, {accepted} accepted)")  # fmt: skip
    if percentile(checks, 0.95) > MOVE_TARGET_S:
        missed.append("move check")
    app = create_app(settings, WebSettings(base_url="http://testserver"))
    with TestClient(app, follow_redirects=False) as client:
        assert sign_in(client, ORGANISER, PASSWORD) == 303
        url = f"/organiser/missions/{KEY}/grid"
        client.get(url)  # warm-up
        grid = [timed(lambda: client.get(url).raise_for_status()) for _ in range(args.repeat)]
        size = len(client.get(url).content)
        print(f"grid page: median {statistics.median(grid):.2f} s, worst {max(grid):.2f} s "
              f"({size / 1e6:.1f} MB of HTML, {args.repeat} loads)")  # fmt: skip
        if statistics.median(grid) > GRID_TARGET_S:
            missed.append("grid page")
        move_url = f"/organiser/missions/{KEY}/meetings/{moves[0][0]}/move"
        token = form_token(client.get(move_url).text, move_url)
        posts = []
        for meeting, slot, table in moves[: args.repeat * 4]:
            action = f"/organiser/missions/{KEY}/meetings/{meeting}/move"
            data = {"slot": str(slot), "table": str(table), "csrf_token": token}
            started = time.perf_counter()
            answer = client.post(action, data=data)
            posts.append(time.perf_counter() - started)
            assert answer.status_code in (303, 422), answer.status_code
        print(f"move through the page (POST, answer included): median "
              f"{statistics.median(posts) * 1000:.0f} ms, worst {max(posts) * 1000:.0f} ms "
              f"({len(posts)} moves)")  # fmt: skip
    engine.dispose()
    return missed


def demo_change(folder: Path, workers: int) -> list[str]:
    path = folder / "demo.db"
    scheduled_demo(path, time_limit_s=30, workers=workers)
    with session_on(path) as session:
        meeting = next(m for m in repo.meetings(session, DEMO))
    change = [CancelMeeting(meeting.requester, meeting.requested)]
    with session_on(path) as session:
        started = time.perf_counter()
        report = propose_changes(session, DEMO, change, workers=workers)
        proposed = time.perf_counter() - started
    with session_on(path) as session:
        started = time.perf_counter()
        applied, letters = apply_changes_on_the_day(
            session, DEMO, change, by=ORGANISER, now=datetime.now(UTC),
            link_url=lambda token: f"http://testserver/l/{token}", workers=workers,
        )  # fmt: skip
        stored = time.perf_counter() - started
    print(f"change on the day (demo mission, one cancellation): dry run {proposed:.1f} s, "
          f"applied {stored:.1f} s; {len(report.changes)} change(s), "
          f"{applied.moved_count} moved, {len(letters)} agenda(s) to send")  # fmt: skip
    return ["change on the day"] if max(proposed, stored) > CHANGE_TARGET_S else []


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--moves", type=int, default=50)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--skip-demo", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="desk-grid-") as folder:
        missed = large_event(args, Path(folder))
        if not args.skip_demo:
            missed += demo_change(Path(folder), args.workers)
    if missed:
        print("target missed: " + ", ".join(missed))
        sys.exit(1)


if __name__ == "__main__":
    main()
