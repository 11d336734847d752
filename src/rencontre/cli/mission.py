"""`rencontre schedule`: place a stored mission's accepted meetings and store them."""

from __future__ import annotations

import os
from typing import Annotated

import typer
from rich.table import Table

from rencontre.cli.b2b import Mode, parse_fairness
from rencontre.cli.command import Command
from rencontre.cli.common import (
    MissionOption,
    database_session,
    load_mission,
    stderr_console,
    stdout_console,
)
from rencontre.cli.messages import fail
from rencontre.cli.progress import status_line
from rencontre.core.errors import InvalidInput
from rencontre.core.wording import counted
from rencontre.scheduling.schedule import SolveResult, SolveStatus
from rencontre.scheduling.solver import SolveProgress, solve
from rencontre.services.mission_schedule import (
    MissionNotSchedulable,
    build_problem,
    meetings_from_schedule,
)
from rencontre.store import repositories as repo


def schedule_command(
    mission: MissionOption = None,
    mode: Annotated[
        Mode,
        typer.Option(
            help="max: place as much requested priority as possible, then fewest breaks; "
            "all: every accepted meeting must be placed."
        ),
    ] = Mode.MAX,
    time_limit: Annotated[
        float, typer.Option("--time-limit", min=0.1, help="Solver time limit in seconds.")
    ] = 60.0,
    fairness: Annotated[
        str | None,
        typer.Option(
            help="Max difference of two participants' break counts; 'none' for no bound "
            "(default: 2 in mode all, none in mode max)."
        ),
    ] = None,
    workers: Annotated[
        int | None, typer.Option(min=1, help="Solver threads (default: all cores).")
    ] = None,
) -> None:
    """Schedule a mission's accepted meeting requests around its programme and store them."""
    bound = parse_fairness(fairness, mode)
    out = stdout_console()
    with database_session() as session:
        snapshot = load_mission(session, mission)
        try:
            mission_problem = build_problem(
                snapshot.mission, snapshot.participants, snapshot.requests
            )
        except MissionNotSchedulable as error:
            raise fail(str(error)) from None
        problem = mission_problem.problem
        out.print(
            f"Mission {snapshot.mission.key}: "
            f"{counted(len(problem.meetings), 'accepted meeting')}, "
            f"{counted(problem.participant_count, 'participant')}, "
            f"{counted(problem.slot_count, 'slot')} over {counted(len(problem.days), 'day')}",
            markup=False,
        )
        with status_line(stderr_console(), "Solving…") as update:

            def show(progress: SolveProgress) -> None:
                update(
                    f"Solving ({progress.phase}): breaks {progress.total_breaks}, "
                    f"bound {progress.breaks_bound}, {progress.elapsed_s:.1f} s"
                )

            result = solve(
                problem,
                mode=mode.value,
                fairness=bound,
                time_limit_s=time_limit,
                workers=workers or os.cpu_count() or 1,
                progress_callback=show,
            )
        if result.schedule is None:
            for diagnostic in result.diagnostics:
                out.print(f"  - {diagnostic.message}", markup=False)
            raise fail(f"no schedule ({result.status.value}); nothing was stored")
        meetings = meetings_from_schedule(mission_problem, result.schedule.slot_of)
        try:
            repo.replace_meetings(session, snapshot.mission.key, meetings)
        except InvalidInput as refused:
            raise fail(str(refused)) from None
    out.print(_result_table(result, len(problem.meetings), sum(m.weight for m in problem.meetings)))
    unplaced = [
        r for n, r in enumerate(mission_problem.requests) if n not in result.schedule.slot_of
    ]
    for request in unplaced:
        out.print(f"  not placed: {request.requester} ↔ {request.requested}", markup=False)


def _result_table(result: SolveResult, meeting_count: int, total_weight: int) -> Table:
    table = Table(title="Schedule", show_header=False)
    table.add_column("what")
    table.add_column("value", justify="right")
    proven = " (proven optimal)" if result.status is SolveStatus.OPTIMAL else ""
    table.add_row("status", result.status.value + proven)
    table.add_row("meetings placed", f"{result.placed_count} / {meeting_count}")
    table.add_row("priority placed", f"{result.placed_weight} / {total_weight}")
    table.add_row("total breaks", str(result.total_breaks))
    table.add_row("best bound on breaks", str(result.breaks_bound))
    table.add_row("solver time", f"{result.wall_time_s:.1f} s")
    return table


def register(app: typer.Typer) -> None:
    """Add the mission commands to the top-level `rencontre` app."""
    app.command("schedule", cls=Command)(schedule_command)
