"""Repair against re-scheduling from scratch on the demo mission, one change at a time.

The demo mission is loaded into a temporary SQLite database and scheduled as
`rencontre schedule` does. Then each change below is applied on a fresh copy of that
database in two ways:

- repair: `services.mission_repair.repair_mission` (what `rencontre repair` runs), stored,
  then read back;
- from scratch: the same change applied, the changed mission scheduled again by `solve` as
  `rencontre schedule` would, without regard to the published times.

The changes: each meeting of a seeded sample cancelled on its own (`--cancel A,B`), then,
for each B2B session, its venue keeping three quarters of its tables from the session's
start (`--tables VENUE=N@START`). For each we count the *other* meetings (not a cancelled
one) whose start time changed, those that only changed venue or table, the meetings placed,
the breaks, the solver time, and, after the repair, the overlapping events left in any
participant's agenda (`documents.agenda.overlapping`: a cancelled meeting takes no time) and
the rule violations `rencontre check` finds in the stored meetings.

    python benchmarks/scheduling/repair_demo.py [--quick] [--sample N] [--seed N]
        [--time-limit S] [--workers N] [--output PATH]

Full runs write benchmarks/scheduling/results/repair-demo.md; `--quick` (3 cancelled
meetings, 1 table change) prints only, unless --output is given.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

import ortools
from sqlalchemy.orm import Session

from rencontre.core.enums import MeetingStatus
from rencontre.core.meeting import Meeting
from rencontre.core.mission import Mission
from rencontre.demo import load_demo
from rencontre.documents.agenda import build_agenda, overlapping
from rencontre.scheduling.solver import solve
from rencontre.scheduling.validator import total_breaks
from rencontre.services.mission_changes import (
    CancelMeeting,
    MissionChange,
    SetTables,
    apply_changes,
)
from rencontre.services.mission_data import MissionState
from rencontre.services.mission_repair import repair_mission
from rencontre.services.mission_schedule import build_problem, meetings_from_schedule
from rencontre.services.stored_meeting_checks import check_meetings
from rencontre.settings import Settings
from rencontre.store import repositories as repo
from rencontre.store.database import open_database, session_scope

RESULT = Path(__file__).parent / "results/repair-demo.md"
MISSION = "nl-hdf-2027"


@dataclass(frozen=True)
class Case:
    """One change, repaired and re-scheduled from scratch."""

    label: str
    repair_moved: int  # other meetings whose start changed
    repair_tables_only: int  # other meetings that kept their time but changed venue or table
    repair_placed: int
    repair_breaks: int
    repair_s: float
    repair_cancelled: bool  # a cancelled meeting is stored with status cancelled
    agenda_overlaps: int
    placement_problems: int
    scratch_moved: int
    scratch_tables_only: int
    scratch_placed: int
    scratch_breaks: int
    scratch_s: float


@contextmanager
def session_on(path: Path) -> Iterator[Session]:
    engine = open_database(Settings(database_url=f"sqlite:///{path}"))
    try:
        with session_scope(engine) as session:
            yield session
    finally:
        engine.dispose()


def scheduled_demo(path: Path, *, time_limit_s: float, workers: int) -> float:
    """Store the demo mission at `path` and schedule it as `rencontre schedule` does."""
    with session_on(path) as session:
        repo.save_dataset(session, load_demo())
        snapshot = repo.load_mission(session, MISSION)
        built = build_problem(snapshot.mission, snapshot.participants, snapshot.requests)
        started = time.perf_counter()
        result = solve(built.problem, mode="max", time_limit_s=time_limit_s, workers=workers)
        assert result.schedule is not None, result.status
        repo.replace_meetings(
            session, MISSION, meetings_from_schedule(built, result.schedule.slot_of)
        )
        return time.perf_counter() - started


def differences(
    before: dict[frozenset[str], Meeting], after: dict[frozenset[str], Meeting]
) -> tuple[int, int]:
    """(other meetings whose start changed, other meetings with only a new venue or table)."""
    moved = tables_only = 0
    for pair, old in before.items():
        new = after.get(pair)
        if new is None:
            continue
        if new.start != old.start:
            moved += 1
        elif (new.venue, new.table) != (old.venue, old.table):
            tables_only += 1
    return moved, tables_only


def live(meetings: tuple[Meeting, ...]) -> dict[frozenset[str], Meeting]:
    return {m.pair: m for m in meetings if m.status is MeetingStatus.SCHEDULED}


def run_case(
    base: Path,
    work: Path,
    label: str,
    changes: list[MissionChange],
    *,
    time_limit_s: float,
    workers: int,
) -> Case:
    """`changes` repaired on one copy of `base`, re-scheduled from scratch on another."""
    cancelled = {c.pair for c in changes if isinstance(c, CancelMeeting)}
    others_before = {p: m for p, m in _load(base).items() if p not in cancelled}

    repaired_db = work / "repaired.db"
    shutil.copyfile(base, repaired_db)
    with session_on(repaired_db) as session:
        report = repair_mission(
            session, MISSION, changes, dry_run=False, time_limit=time_limit_s, workers=workers
        )
    with session_on(repaired_db) as session:
        after = repo.load_mission(session, MISSION)
    people = {p.email: p for p in after.participants}
    overlaps = sum(
        len(overlapping(build_agenda(after.mission, person, after.meetings, people)))
        for person in after.participants
    )
    stored = {m.pair: m for m in after.meetings}
    repair_moved, repair_tables = differences(others_before, live(after.meetings))

    scratch_db = work / "scratch.db"
    shutil.copyfile(base, scratch_db)
    with session_on(scratch_db) as session:
        snapshot = repo.load_mission(session, MISSION)
        apply_changes(session, snapshot.mission, changes)
        changed = repo.load_mission(session, MISSION)
    built = build_problem(changed.mission, changed.participants, changed.requests)
    started = time.perf_counter()
    result = solve(built.problem, mode="max", time_limit_s=time_limit_s, workers=workers)
    scratch_s = time.perf_counter() - started
    assert result.schedule is not None, result.status
    rescheduled = meetings_from_schedule(built, result.schedule.slot_of, snapshot.meetings)
    scratch_moved, scratch_tables = differences(others_before, {m.pair: m for m in rescheduled})
    return Case(
        label=label,
        repair_moved=repair_moved,
        repair_tables_only=repair_tables,
        repair_placed=report.placed_count,
        repair_breaks=report.total_breaks,
        repair_s=report.solve_s,
        repair_cancelled=all(stored[p].status is MeetingStatus.CANCELLED for p in cancelled),
        agenda_overlaps=overlaps,
        placement_problems=sum(
            f.is_error
            for f in check_meetings(MissionState(after.mission, after.participants, after.meetings))
        ),
        scratch_moved=scratch_moved,
        scratch_tables_only=scratch_tables,
        scratch_placed=result.placed_count,
        scratch_breaks=total_breaks(built.problem, result.schedule.slot_of),
        scratch_s=scratch_s,
    )


def lost_tables(mission: Mission) -> list[tuple[str, list[MissionChange]]]:
    """Per B2B session: its venue keeps three quarters of its tables from the session's start."""
    cases: list[tuple[str, list[MissionChange]]] = []
    zone = ZoneInfo(mission.timezone)
    for session in mission.b2b_sessions:
        venue = mission.venue(session.venue)
        kept = venue.tables_at(session.start) * 3 // 4
        start = session.start.astimezone(zone).replace(tzinfo=None)
        label = f"{venue.key}={kept}@{start.isoformat(timespec='minutes')}"
        cases.append((label, [SetTables(venue.key, kept, start)]))
    return cases


def _load(path: Path) -> dict[frozenset[str], Meeting]:
    with session_on(path) as session:
        return live(repo.load_mission(session, MISSION).meetings)


def machine_description() -> str:
    model = platform.processor() or "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return (
        f"{model}, {os.cpu_count()} cores, load {load:.1f} at the start; Python "
        f"{platform.python_version()}, OR-Tools {ortools.__version__}"
    )


HEADERS = (
    "change",
    "repair: others moved",
    "repair: table only",
    "repair: placed",
    "repair: breaks",
    "repair: s",
    "scratch: others moved",
    "scratch: table only",
    "scratch: placed",
    "scratch: breaks",
    "scratch: s",
    "agenda overlaps",
    "placement problems",
)


def row(case: Case) -> list[str]:
    marked = "" if case.repair_cancelled else " (NOT cancelled)"
    return [
        case.label + marked,
        str(case.repair_moved),
        str(case.repair_tables_only),
        str(case.repair_placed),
        str(case.repair_breaks),
        f"{case.repair_s:.1f}",
        str(case.scratch_moved),
        str(case.scratch_tables_only),
        str(case.scratch_placed),
        str(case.scratch_breaks),
        f"{case.scratch_s:.1f}",
        str(case.agenda_overlaps),
        str(case.placement_problems),
    ]


def median_row(cases: list[Case]) -> list[str]:
    def median(values: list[float], digits: str = "g") -> str:
        return format(statistics.median(values), digits)

    return [
        "**median**",
        median([c.repair_moved for c in cases]),
        median([c.repair_tables_only for c in cases]),
        median([c.repair_placed for c in cases]),
        median([c.repair_breaks for c in cases]),
        median([c.repair_s for c in cases], ".1f"),
        median([c.scratch_moved for c in cases]),
        median([c.scratch_tables_only for c in cases]),
        median([c.scratch_placed for c in cases]),
        median([c.scratch_breaks for c in cases]),
        median([c.scratch_s for c in cases], ".1f"),
        median([c.agenda_overlaps for c in cases]),
        median([c.placement_problems for c in cases]),
    ]


def markdown(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--quick", action="store_true", help="3 cancellations, 1 table change; print only"
    )
    parser.add_argument("--sample", type=int, default=None, help="meetings to cancel (10)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--time-limit", type=float, default=30.0, help="seconds per solve")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--output", type=Path, default=None, help=f"default {RESULT}")
    args = parser.parse_args()
    sample = args.sample or (3 if args.quick else 10)
    output = args.output or (None if args.quick else RESULT)
    command = "python benchmarks/scheduling/repair_demo.py " + " ".join(sys.argv[1:])
    lines = [
        "# Repair against re-scheduling from scratch, demo mission",
        "",
        f"`{command.strip()}` on {date.today().isoformat()}; {machine_description()}.",
        f"{sample} scheduled meetings drawn with seed {args.seed}, each cancelled on its own, "
        "then each B2B session's venue losing a quarter of its tables from the session's start; "
        f"time limit {args.time_limit:g} s per solve, {args.workers} solver threads. "
        '"Others moved": meetings other than a cancelled one whose start time changed; '
        '"table only": same time, another venue or table; "placed": accepted meetings '
        "placed after the change.",
    ]
    with tempfile.TemporaryDirectory(prefix="repair-demo-") as folder:
        base = Path(folder) / "scheduled.db"
        schedule_s = scheduled_demo(base, time_limit_s=args.time_limit, workers=args.workers)
        meetings = sorted(_load(base).values(), key=lambda m: (m.start, m.requester))
        lines += ["", f"Initial schedule: {len(meetings)} meetings in {schedule_s:.1f} s."]
        print("\n".join(lines), flush=True)
        chosen = random.Random(args.seed).sample(meetings, sample)
        cancels: list[tuple[str, list[MissionChange]]] = [
            (
                f"cancel {m.requester.split('@')[0]} ↔ {m.requested.split('@')[0]}",
                [CancelMeeting(m.requester, m.requested)],
            )
            for m in chosen
        ]
        with session_on(base) as session:
            mission = repo.load_mission(session, MISSION).mission
        tables = lost_tables(mission)[: 1 if args.quick else None]
        sections = (
            ("One meeting cancelled (`--cancel A,B`)", cancels),
            (
                "A venue keeps three quarters of its tables from the start of a B2B session "
                "(`--tables VENUE=N@START`)",
                tables,
            ),
        )
        for title, changes in sections:
            lines += ["", f"## {title}", "", markdown(list(HEADERS)), "|" + "---|" * len(HEADERS)]
            print("\n".join(lines[-5:]), flush=True)
            cases = []
            for label, change in changes:
                case = run_case(
                    base, Path(folder), label, change,
                    time_limit_s=args.time_limit, workers=args.workers,
                )  # fmt: skip
                cases.append(case)
                lines.append(markdown(row(case)))
                print(lines[-1], flush=True)
            lines.append(markdown(median_row(cases)))
            print(lines[-1], flush=True)
    if output is not None:
        output.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
