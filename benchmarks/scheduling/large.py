"""Large generated events in mode `max`: can every meeting be placed, with few breaks?

Each event is built from a random reference schedule known to exist: every participant
meets in one run of consecutive slots per day it attends, partners are paired slot by slot,
and a participant left without partner in a slot gets a hole (a break) there. Tables are
exactly what the reference uses (tight) or 10% more (slack). The solver never sees the
reference; we report whether it places every meeting within the time limit and its breaks
against the reference's.

    python benchmarks/scheduling/large.py [--smoke] [--time-limit S] [--seed N] [--conditions TEXT]

Full runs write their table to benchmarks/scheduling/results/large-120s.md (or --output).
"""

from __future__ import annotations

import argparse
import json
import math
import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from rencontre.scheduling.problem import Meeting, Problem, SessionKind, Slot
from rencontre.scheduling.solver import solve
from rencontre.scheduling.validator import total_breaks, validate

RESULT = Path(__file__).parent / "results/large-120s.md"


@dataclass(frozen=True)
class EventSize:
    participants: int
    days: int
    slots_per_session: int
    block_lengths: tuple[int, int]
    """Shortest and longest run of meetings a participant has on a day it attends."""
    attend_probability: float
    hole_probability: float


FULL = EventSize(600, 3, 8, (2, 9), 0.8, 0.002)
SMOKE = EventSize(40, 2, 3, (2, 5), 0.8, 0.02)


@dataclass(frozen=True)
class GeneratedEvent:
    problem: Problem
    reference: dict[int, int]
    reference_breaks: int


def generate_event(size: EventSize, *, slack: float, seed: int) -> GeneratedEvent:
    rng = random.Random(seed)
    slots_per_day = 2 * size.slots_per_session
    busy_at: dict[int, list[int]] = {}
    for participant in range(size.participants):
        for day in range(size.days):
            if rng.random() > size.attend_probability:
                continue
            length = rng.randint(*size.block_lengths)
            start = rng.randint(0, slots_per_day - length)
            for offset in range(length):
                t = day * slots_per_day + start + offset
                if offset in (0, length - 1) or rng.random() > size.hole_probability:
                    busy_at.setdefault(t, []).append(participant)
    meetings: list[Meeting] = []
    reference: dict[int, int] = {}
    met: set[frozenset[int]] = set()
    slot_count = size.days * slots_per_day
    for t in range(slot_count):
        for first, second in _pair_up(busy_at.get(t, []), met, rng):
            met.add(frozenset((first, second)))
            reference[len(meetings)] = t
            meetings.append(_meeting(first, second, t, size, rng))
    used = [sum(1 for u in reference.values() if u == t) for t in range(slot_count)]
    slots = tuple(
        Slot(
            day=t // slots_per_day,
            session=(t % slots_per_day) // size.slots_per_session,
            tables=math.ceil(used[t] * (1 + slack)),
        )
        for t in range(slot_count)
    )
    problem = Problem(size.participants, tuple(meetings), slots)
    assert validate(problem, reference) == []
    return GeneratedEvent(problem, reference, total_breaks(problem, reference))


def _pair_up(
    present: list[int], met: set[frozenset[int]], rng: random.Random
) -> list[tuple[int, int]]:
    """Pair the participants present in a slot with partners they have not met yet."""
    waiting = present[:]
    rng.shuffle(waiting)
    pairs = []
    while len(waiting) >= 2:
        first = waiting.pop()
        partner = next((q for q in waiting if frozenset((first, q)) not in met), None)
        if partner is None:
            continue  # left alone in this slot: a hole in its run
        waiting.remove(partner)
        pairs.append((first, partner))
    return pairs


def _meeting(first: int, second: int, t: int, size: EventSize, rng: random.Random) -> Meeting:
    """A weighted meeting; one in five is restricted to the session of its reference slot."""
    session = SessionKind.ANY
    if rng.random() < 0.2:
        in_morning = (t % (2 * size.slots_per_session)) < size.slots_per_session
        session = SessionKind.MORNING if in_morning else SessionKind.AFTERNOON
    return Meeting(first, second, weight=rng.randint(1, 3), session=session)


def run_event(
    event: GeneratedEvent, *, time_limit_s: float, workers: int | None
) -> dict[str, object]:
    started = time.perf_counter()
    result = solve(event.problem, mode="max", time_limit_s=time_limit_s, workers=workers)
    wall_s = time.perf_counter() - started
    slot_of = dict(result.schedule.slot_of) if result.schedule is not None else {}
    return {
        "participants": event.problem.participant_count,
        "slots": event.problem.slot_count,
        "meetings": len(event.problem.meetings),
        "tables_per_slot_max": max(s.tables for s in event.problem.slots),
        "status": result.status.value,
        "placed": len(slot_of),
        "all_placed": len(slot_of) == len(event.problem.meetings),
        "breaks": total_breaks(event.problem, slot_of) if slot_of else None,
        "breaks_bound": result.breaks_bound,
        "reference_breaks": event.reference_breaks,
        "valid": validate(event.problem, slot_of, mode="max") == [],
        "seconds": round(wall_s, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="a tiny event, seconds (CI)")
    parser.add_argument("--time-limit", type=float, default=None, help="seconds per event")
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--output", type=Path, default=None, help=f"default {RESULT}")
    parser.add_argument("--conditions", default="", help="machine and load, for the header")
    args = parser.parse_args()
    size = SMOKE if args.smoke else FULL
    time_limit_s = args.time_limit or (10.0 if args.smoke else 120.0)
    title = (
        f"# large.py, mode max through solve(), {time_limit_s:g} s per event, "
        f"event seed {args.seed}. {args.conditions}".rstrip()
    )
    report_events(
        title,
        COLUMNS,
        lambda event: run_event(event, time_limit_s=time_limit_s, workers=args.workers),
        size=size,
        seed=args.seed,
        output=args.output or (None if args.smoke else RESULT),
    )


# (header, key of run_event's row) of the report's columns after the event's tables.
COLUMNS = (
    ("meetings", "meetings"),
    ("placed", "placed"),
    ("all placed", "all_placed"),
    ("breaks", "breaks"),
    ("reference breaks", "reference_breaks"),
    ("s", "seconds"),
)


def report_events(
    title: str,
    columns: Sequence[tuple[str, str]],
    solve_event: Callable[[GeneratedEvent], dict[str, object]],
    *,
    size: EventSize,
    seed: int,
    output: Path | None,
) -> None:
    """Both events (tight tables, 10% slack) solved by `solve_event`: a markdown table printed
    as it goes, then written to `output` with each row's JSON (large_lns.py uses it too)."""
    headers = ["tables", *(header for header, _ in columns)]
    lines = [title, "", "| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    print("\n".join(lines[2:]), flush=True)
    rows = []
    for label, slack in (("tight", 0.0), ("10% slack", 0.1)):
        row = solve_event(generate_event(size, slack=slack, seed=seed))
        line = "| " + " | ".join([label, *(str(row[key]) for _, key in columns)]) + " |"
        print(line, flush=True)
        lines.append(line)
        rows.append(row)
    lines += ["", *(json.dumps(row) for row in rows)]
    if output is not None:
        output.write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
