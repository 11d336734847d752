"""The large generated events of large.py, solved by the large-event LNS solver (mode max).

Same events as `large.py` (its generator is imported, not copied); reports placed meetings,
breaks against the hidden reference schedule's, and wall time, and writes the table.

    python benchmarks/scheduling/large_lns.py [--smoke] [--time-limit S] [--seed N]
        [--output PATH] [--conditions TEXT]
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import time
from pathlib import Path
from types import ModuleType

from rencontre.scheduling.large_event import solve_large_event
from rencontre.scheduling.validator import total_breaks, validate

HERE = Path(__file__).parent
RESULT = HERE / "results/large-lns-120s.md"


def load_large() -> ModuleType:
    """benchmarks/ is not a package: load large.py by path."""
    spec = importlib.util.spec_from_file_location("large_benchmark", HERE / "large.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["large_benchmark"] = module
    spec.loader.exec_module(module)
    return module


def run_event(event: object, *, time_limit_s: float, seed: int) -> dict[str, object]:
    problem = event.problem  # type: ignore[attr-defined]
    started = time.perf_counter()
    result = solve_large_event(problem, time_limit_s=time_limit_s, workers=1, seed=seed)
    wall_s = time.perf_counter() - started
    slot_of = dict(result.schedule.slot_of) if result.schedule is not None else {}
    return {
        "participants": problem.participant_count,
        "slots": problem.slot_count,
        "meetings": len(problem.meetings),
        "status": result.status.value,
        "placed": len(slot_of),
        "all_placed": len(slot_of) == len(problem.meetings),
        "breaks": total_breaks(problem, slot_of) if slot_of else None,
        "reference_breaks": event.reference_breaks,  # type: ignore[attr-defined]
        "valid": validate(problem, slot_of, mode="max") == [],
        "seconds": round(wall_s, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="a tiny event, seconds")
    parser.add_argument("--time-limit", type=float, default=None, help="seconds per event")
    parser.add_argument("--seed", type=int, default=1, help="event generator seed")
    parser.add_argument("--output", type=Path, default=None, help=f"default {RESULT}")
    parser.add_argument("--conditions", default="", help="machine and load, for the header")
    args = parser.parse_args()
    large = load_large()
    size = large.SMOKE if args.smoke else large.FULL
    time_limit_s = args.time_limit or (5.0 if args.smoke else 120.0)
    title = (
        f"# large_lns.py, mode max, {time_limit_s:g} s per event, 1 CP-SAT worker, "
        f"event seed {args.seed}. {args.conditions}".rstrip()
    )
    columns = (*large.COLUMNS[:-1], ("valid", "valid"), large.COLUMNS[-1])
    large.report_events(
        title,
        columns,
        lambda event: run_event(event, time_limit_s=time_limit_s, seed=0),
        size=size,
        seed=args.seed,
        output=args.output or (None if args.smoke else RESULT),
    )


if __name__ == "__main__":
    main()
