"""`rencontre b2b …`: the scheduling engine on benchmark files.

The JSON written by `solve` is a contract used by checks outside the project: keep it stable.
"""

from __future__ import annotations

import json
import os
import sys
import time
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from rencontre.cli.command import Command, new_app
from rencontre.cli.files import CannotWrite, check_file, write_atomically
from rencontre.cli.messages import fail

app = new_app(help="Solve B2B meeting-scheduling instances (.dzn files).", no_args_is_help=True)

DEFAULT_FAIRNESS_ALL = 2


class Mode(StrEnum):
    """What the solver must do with the requested meetings (shared with `rencontre schedule`)."""

    MAX = "max"
    ALL = "all"


def process_age_s() -> float | None:
    """Seconds since this process started (Linux), so `seconds` includes interpreter start."""
    try:
        with open("/proc/self/stat", encoding="ascii") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        with open("/proc/uptime", encoding="ascii") as uptime:
            up_s = float(uptime.read().split()[0])
        started_s = int(fields[19]) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None
    return max(0.0, up_s - started_s)


def parse_fairness(value: str | None, mode: Mode) -> int | None:
    """`none` switches fairness off; no value means 2 in mode all and off in mode max."""
    if value is None:
        return DEFAULT_FAIRNESS_ALL if mode is Mode.ALL else None
    if value.strip().lower() == "none":
        return None
    try:
        parsed = int(value)
    except ValueError as error:
        raise typer.BadParameter(f"expected an integer or 'none', got {value!r}") from error
    if parsed < 0:
        raise typer.BadParameter(f"must be >= 0, got {parsed}")
    return parsed


@app.command("solve", cls=Command)
def solve_command(
    file: Annotated[Path, typer.Argument(help="Instance in .dzn format.")],
    output: Annotated[Path, typer.Option("--output", help="Where to write the JSON result.")],
    mode: Annotated[
        Mode, typer.Option(help="all: place every meeting; max: most weight.")
    ] = Mode.ALL,
    fairness: Annotated[
        str | None, typer.Option(help="Max break difference (default 2 in mode all); 'none'.")
    ] = None,
    time_limit: Annotated[float, typer.Option("--time-limit", min=0.1, help="Seconds.")] = 60.0,
    workers: Annotated[
        int | None, typer.Option(min=1, help="Solver threads (default: all cores).")
    ] = None,
    quiet: Annotated[bool, typer.Option(help="Print nothing on success.")] = False,
) -> None:
    """Solve one instance and write the result as JSON."""
    clock_start = time.perf_counter()
    age_at_start_s = process_age_s() or 0.0
    fairness_bound = parse_fairness(fairness, mode)

    from rencontre.scheduling.dzn_reader import read_dzn
    from rencontre.scheduling.dzn_tokens import DznFormatError
    from rencontre.scheduling.solver import solve

    if file.is_dir():
        raise fail(f"{file}: is a directory (give one .dzn file)", code=2)
    if not file.is_file():
        raise fail(f"{file}: no such file", code=2)
    try:
        check_file(output, "--output")  # before solving, not after a minute of it
    except CannotWrite as error:
        raise fail(str(error), code=2) from None
    try:
        problem = read_dzn(file)
    except DznFormatError as error:
        raise fail(str(error), code=2) from error
    # The limit covers the whole call, interpreter start and reading included.
    spent_s = age_at_start_s + time.perf_counter() - clock_start
    result = solve(
        problem,
        mode="all" if mode is Mode.ALL else "max",
        fairness=fairness_bound,
        time_limit_s=max(0.1, time_limit - spent_s - 0.2),
        workers=workers,
    )
    slot_of = result.schedule.slot_of if result.schedule is not None else {}
    report: dict[str, Any] = {
        "status": result.status.value,
        "objective": result.total_breaks,
        "bound": result.breaks_bound,
        "meetings_scheduled": result.placed_count,
        "seconds": 0.0,
        "assignments": [{"meeting": m + 1, "slot": t + 1} for m, t in sorted(slot_of.items())],
    }
    report["seconds"] = round(age_at_start_s + time.perf_counter() - clock_start, 3)
    try:
        write_atomically(output, (json.dumps(report) + "\n").encode("utf-8"), "--output")
    except CannotWrite as error:
        raise fail(str(error), code=2) from None
    for diagnostic in result.diagnostics:
        typer.echo(f"{diagnostic.kind.value}: {diagnostic.message}", err=True)
    if not quiet:
        summary = {k: v for k, v in report.items() if k != "assignments"}
        sys.stdout.write(json.dumps(summary) + "\n")
