"""Benchmark `rencontre b2b solve` on the 200 published cases of Bofill et al. (JAIR 74, 2022).

Each case runs in a fresh process through the CLI contract, side by side with the MaxSAT
peer (alternating which goes first, so machine noise hits both alike). Every schedule is
re-validated here and its breaks recomputed; results go to a CSV and a markdown summary.

    python benchmarks/scheduling/run.py [--quick] [--time-limit S] [--use-peer-cache] [--no-peer]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from rencontre.scheduling.dzn_reader import read_dzn
from rencontre.scheduling.validator import total_breaks, validate
from rencontre.shared_data import shared_dir

REPO = Path(__file__).resolve().parents[2]
DATA = shared_dir() / "data/b2b-jair2022"
PEER = shared_dir() / "peers/maxsat_peer.py"
RESULTS = Path(__file__).resolve().parent / "results"
PEER_CACHE = RESULTS / "peer_cache.csv"

QUICK_CASES = [
    ("forum-13crafb.original.dzn", 1),
    ("forum-13crafb.original.dzn", 2),
    ("ticf-13crafb.original.dzn", 2),
    ("ticf-13crafb.forb0003.dzn", 2),
    ("forum-13crafb.forb0007.dzn", 2),
    ("forum-14.prec15.dzn", 2),
    ("ticf-14crafa.prec15.dzn", 2),
    ("tic-13crafc.fixed040-Forb.dzn", 2),
    ("tic-13crafc.prec25.dzn", 2),
    ("forum-14.original.dzn", 0),
    ("forumt-14.original.dzn", 0),
    ("tic-13crafc.original.dzn", 0),
    ("tic-12.original.dzn", 2),
    ("forum-13.original.dzn", 2),
    ("forumt-14.original.dzn", 2),
    ("tic-14crafa.forb0007.dzn", 2),
    ("ticf-13crafc.forb0007.dzn", 2),
    ("forum-14.forb0003.dzn", 2),
    ("ticf-14crafa.original.dzn", 3),
    ("forum-14.fixed040-Forb.dzn", 2),
]


@dataclass(frozen=True)
class Case:
    file: str
    fairness: int
    status: str
    optimum: int | None


@dataclass(frozen=True)
class Run:
    status: str
    objective: int | None
    seconds: float
    valid: bool
    note: str = ""


def load_cases(quick: bool) -> list[Case]:
    with (DATA / "published_results.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    cases = [
        Case(r["file"], int(r["d"]), r["status"], int(r["optimum"]) if r["optimum"] else None)
        for r in rows
    ]
    if quick:
        wanted = set(QUICK_CASES)
        cases = [c for c in cases if (c.file, c.fairness) in wanted]
    return cases


def rencontre_command() -> list[str]:
    script = Path(sys.executable).parent / "rencontre"
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "from rencontre.cli import main; main()"]


def run_process(
    command: list[str], output: Path, time_limit_s: float
) -> tuple[dict[str, object], float, str]:
    """Run one solver process; (its JSON or {}, wall seconds, note). Killed after a grace period."""
    started = time.perf_counter()
    try:
        completed = subprocess.run(
            command, capture_output=True, text=True, timeout=time_limit_s + 15, check=False
        )
    except subprocess.TimeoutExpired:
        return {}, time.perf_counter() - started, "killed"
    wall_s = time.perf_counter() - started
    if completed.returncode != 0 or not output.exists():
        return (
            {},
            wall_s,
            completed.stderr.strip().splitlines()[-1:][0] if completed.stderr else "failed",
        )
    return json.loads(output.read_text(encoding="utf-8")), wall_s, ""


def check_schedule(case: Case, result: dict[str, object]) -> tuple[bool, str]:
    """Re-validate the returned assignments and recompute the breaks."""
    assignments = result.get("assignments") or []
    if not isinstance(assignments, list) or not assignments:
        return True, ""
    problem = read_dzn(DATA / "instances" / case.file)
    slot_of = {int(a["meeting"]) - 1: int(a["slot"]) - 1 for a in assignments}
    violations = validate(problem, slot_of, mode="all", fairness=case.fairness)
    if violations:
        return False, violations[0].message
    breaks = total_breaks(problem, slot_of)
    if breaks != result.get("objective"):
        return False, f"objective {result.get('objective')} but breaks recomputed {breaks}"
    return True, ""


def run_ours(case: Case, time_limit_s: float, workers: int | None, scratch: Path) -> Run:
    output = scratch / "ours.json"
    output.unlink(missing_ok=True)
    command = [
        *rencontre_command(),
        "b2b",
        "solve",
        str(DATA / "instances" / case.file),
        "--fairness",
        str(case.fairness),
        "--time-limit",
        str(time_limit_s),
        "--output",
        str(output),
        "--quiet",
    ]
    if workers:
        command += ["--workers", str(workers)]
    result, wall_s, note = run_process(command, output, time_limit_s)
    valid, why = check_schedule(case, result)
    objective = result.get("objective")
    return Run(
        str(result.get("status", "error")),
        objective if isinstance(objective, int) else None,
        wall_s,
        valid,
        note or why,
    )


def run_peer(case: Case, time_limit_s: float, scratch: Path) -> Run:
    output = scratch / "peer.json"
    output.unlink(missing_ok=True)
    command = [
        sys.executable,
        str(PEER),
        str(DATA / "instances" / case.file),
        "--fairness",
        str(case.fairness),
        "--output",
        str(output),
    ]
    started = time.perf_counter()
    try:
        completed = subprocess.run(
            command, capture_output=True, text=True, timeout=time_limit_s, check=False
        )
    except subprocess.TimeoutExpired:
        return Run("timeout", None, time_limit_s, True, "time limit")
    wall_s = time.perf_counter() - started
    if completed.returncode != 0 or not output.exists():
        return Run("error", None, wall_s, True, "peer failed")
    result = json.loads(output.read_text(encoding="utf-8"))
    objective = result.get("objective")
    return Run(str(result["status"]), objective, wall_s, True)


def verdict(case: Case, run: Run) -> str:
    """proven / matched (right value, not proven) / wrong / timeout."""
    if not run.valid:
        return "wrong"
    if case.status == "infeasible":
        if run.status == "infeasible":
            return "proven"
        return "wrong" if run.status in ("optimal", "feasible") else "timeout"
    if run.status == "infeasible":
        return "wrong"
    if run.status == "optimal":
        return "proven" if run.objective == case.optimum else "wrong"
    if run.status == "feasible":
        if run.objective is not None and case.optimum is not None and run.objective < case.optimum:
            return "wrong"
        return "matched" if run.objective == case.optimum else "timeout"
    return "timeout"


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
    return f"cpu={model}; cores={os.cpu_count()}; date={date.today()}; load1={load:.1f}"


def read_peer_cache() -> dict[tuple[str, int], Run]:
    if not PEER_CACHE.exists():
        return {}
    with PEER_CACHE.open(encoding="utf-8") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    cache = {}
    for row in csv.DictReader(lines):
        objective = int(row["objective"]) if row["objective"] else None
        cache[row["file"], int(row["d"])] = Run(
            row["status"], objective, float(row["seconds"]), True
        )
    return cache


def write_peer_cache(runs: dict[tuple[str, int], Run], time_limit_s: float) -> None:
    RESULTS.mkdir(parents=True, exist_ok=True)
    with PEER_CACHE.open("w", encoding="utf-8", newline="") as handle:
        handle.write(f"# machine: {machine_description()}; peer time limit {time_limit_s:g} s\n")
        writer = csv.writer(handle)
        writer.writerow(["file", "d", "status", "objective", "seconds"])
        for (file, d), run in sorted(runs.items()):
            objective = "" if run.objective is None else run.objective
            writer.writerow([file, d, run.status, objective, f"{run.seconds:.2f}"])


def summarise(rows: list[dict[str, object]], time_limit_s: float, with_peer: bool) -> str:
    def count(who: str, what: str) -> int:
        return sum(1 for r in rows if r[f"{who}_verdict"] == what)

    lines = [
        "| solver | cases | proven | matched, unproven | wrong | timeout | total s | median s |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for who in ["ours", "peer"] if with_peer else ["ours"]:
        times = [min(float(str(r[f"{who}_s"])), time_limit_s) for r in rows]
        lines.append(
            f"| {who} | {len(rows)} | {count(who, 'proven')} | {count(who, 'matched')} | "
            f"{count(who, 'wrong')} | {count(who, 'timeout')} | {sum(times):.1f} | "
            f"{statistics.median(times):.2f} |"
        )
    if with_peer:
        slow = [r for r in rows if float(str(r["peer_s"])) >= 1.0]
        ratios = [float(str(r["ours_s"])) / float(str(r["peer_s"])) for r in slow]
        if ratios:
            lines.append("")
            every = [float(str(r["ours_s"])) / max(float(str(r["peer_s"])), 0.01) for r in rows]
            lines.append(
                f"median time ratio ours/peer on the {len(slow)} cases where the peer needs "
                f">= 1 s: {statistics.median(ratios):.2f}; on all cases: "
                f"{statistics.median(every):.2f}"
            )
    return "\n".join(lines)


def write_results(output: Path, rows: list[dict[str, object]]) -> None:
    output.parent.mkdir(parents=True, exist_ok=True)
    with output.open("w", encoding="utf-8", newline="") as handle:
        handle.write(f"# machine: {machine_description()}\n")
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


LOG_LINE = re.compile(
    r"^(?P<file>\S+) d=(?P<d>\d+): ours (?P<os>\w+) (?P<oo>\S+) (?P<ot>[\d.]+)s \[\w+\]"
    r"(?: \| peer (?P<ps>\w+) (?P<po>\S+) (?P<pt>[\d.]+)s)?"
)


def result_row(case: Case, ours: Run, peer: Run | None) -> dict[str, object]:
    row: dict[str, object] = {
        "file": case.file,
        "d": case.fairness,
        "published": case.status,
        "optimum": "" if case.optimum is None else case.optimum,
        "ours_status": ours.status,
        "ours_objective": ours.objective,
        "ours_s": round(ours.seconds, 2),
        "ours_verdict": verdict(case, ours),
        "ours_note": ours.note,
    }
    if peer is not None:
        row["peer_status"] = peer.status
        row["peer_objective"] = peer.objective
        row["peer_s"] = round(peer.seconds, 2)
        row["peer_verdict"] = verdict(case, peer)
    return row


def rows_from_log(log: Path, time_limit_s: float) -> list[dict[str, object]]:
    """Rebuild the result rows from the lines a (possibly interrupted) run printed."""
    published = {(c.file, c.fairness): c for c in load_cases(False)}
    rows: list[dict[str, object]] = []
    for line in log.read_text(encoding="utf-8").splitlines():
        match = LOG_LINE.match(line)
        if match is None:
            continue
        case = published[match["file"], int(match["d"])]
        valid = "objective" not in line.split("]", 1)[1]  # a re-validation note says why
        ours = Run(match["os"], _int_or_none(match["oo"]), float(match["ot"]), valid)
        peer = None
        if match["ps"]:
            peer_s = min(float(match["pt"]), time_limit_s)
            peer = Run(match["ps"], _int_or_none(match["po"]), peer_s, True)
        rows.append(result_row(case, ours, peer))
    return rows


def _int_or_none(text: str) -> int | None:
    return None if text == "None" else int(text)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="the 20 representative cases")
    parser.add_argument("--time-limit", type=float, default=60.0, help="seconds per case")
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--use-peer-cache", action="store_true", help="reuse peer_cache.csv")
    parser.add_argument("--no-peer", action="store_true", help="do not run or report the peer")
    parser.add_argument("--only", default=None, help="substring of the file names to run")
    parser.add_argument("--output", type=Path, default=None, help="CSV of the results")
    parser.add_argument("--from-log", type=Path, default=None, help="summarise a run's output")
    args = parser.parse_args()
    if args.from_log is not None:
        rows = rows_from_log(args.from_log, args.time_limit)
        with_peer = all("peer_s" in row for row in rows)
        if with_peer:
            write_peer_cache(
                {
                    (str(r["file"]), int(str(r["d"]))): Run(
                        str(r["peer_status"]),
                        r["peer_objective"] if isinstance(r["peer_objective"], int) else None,
                        float(str(r["peer_s"])),
                        True,
                    )
                    for r in rows
                },
                args.time_limit,
            )
        write_results(args.output or RESULTS / f"published-{args.time_limit:g}s.csv", rows)
        print(summarise(rows, args.time_limit, with_peer))
        return

    cases = load_cases(args.quick)
    if args.only:
        cases = [c for c in cases if args.only in c.file]
    with_peer = not args.no_peer
    cache = read_peer_cache() if args.use_peer_cache else {}
    fresh_peer: dict[tuple[str, int], Run] = dict(read_peer_cache())
    rows: list[dict[str, object]] = []
    name = "quick" if args.quick else "published"
    output = args.output or RESULTS / f"{name}-{args.time_limit:g}s.csv"
    with tempfile.TemporaryDirectory() as scratch_name:
        scratch = Path(scratch_name)
        for index, case in enumerate(cases):
            key = (case.file, case.fairness)
            peer: Run | None = cache.get(key) if with_peer else None
            peer_first = index % 2 == 1
            if with_peer and peer is None and peer_first:
                peer = run_peer(case, args.time_limit, scratch)
            ours = run_ours(case, args.time_limit, args.workers, scratch)
            if with_peer and peer is None:
                peer = run_peer(case, args.time_limit, scratch)
            if with_peer and peer is not None and key not in cache:
                fresh_peer[key] = peer
            row = result_row(case, ours, peer)
            rows.append(row)
            shown = f"{case.file} d={case.fairness}: ours {ours.status} {ours.objective} "
            shown += f"{ours.seconds:.2f}s [{row['ours_verdict']}]"
            if peer is not None:
                shown += f" | peer {peer.status} {peer.objective} {peer.seconds:.2f}s"
            print(shown, ours.note, flush=True)
            # Written after every case, so an interrupted run keeps what it measured.
            if with_peer and not args.use_peer_cache:
                write_peer_cache(fresh_peer, args.time_limit)
            write_results(output, rows)
    print()
    print(summarise(rows, args.time_limit, with_peer))
    print(f"\nresults: {output}")


if __name__ == "__main__":
    main()
