"""`rencontre schedule`: place a stored mission's accepted meetings and store them.

Two people meet once, whoever asked: the command says which pairs were asked for more than
once (merged into one meeting) and which accepted pairs are left out because one of their
requests was declined or cancelled. Storing keeps each meeting's row (and calendar UID) and
its table when it stays in its slot, and says how many meetings changed.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
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
from rencontre.core.enums import RequestStatus
from rencontre.core.errors import InvalidInput
from rencontre.core.participant import Participant
from rencontre.core.wording import counted
from rencontre.scheduling.schedule import SolveResult, SolveStatus
from rencontre.scheduling.solver import SolveProgress, solve
from rencontre.services.mission_checks import travel_warning_lines
from rencontre.services.mission_gaps import find_gaps, format_gaps
from rencontre.services.mission_schedule import (
    MissionNotSchedulable,
    MissionProblem,
    build_problem,
    meetings_from_schedule,
)
from rencontre.services.mission_wording import pair_text, person_text
from rencontre.services.schedule_diagnostics import describe_diagnostics
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
        people = {p.email: p for p in snapshot.participants}
        for line in _pair_lines(mission_problem, people):
            out.print(line, markup=False)
        for line in travel_warning_lines(snapshot):
            out.print(line, markup=False)
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
            for line in describe_diagnostics(mission_problem, result.diagnostics):
                out.print(f"  - {line}", markup=False)
            raise fail(f"no schedule ({result.status.value}); nothing was stored")
        meetings = meetings_from_schedule(
            mission_problem, result.schedule.slot_of, snapshot.meetings
        )
        try:
            stored = repo.replace_meetings(session, snapshot.mission.key, meetings)
        except InvalidInput as refused:
            raise fail(str(refused)) from None
        gaps = find_gaps(repo.load_mission(session, snapshot.mission.key))
    out.print(_result_table(result, len(problem.meetings), sum(m.weight for m in problem.meetings)))
    unplaced = [
        r for n, r in enumerate(mission_problem.requests) if n not in result.schedule.slot_of
    ]
    for request in unplaced:
        pair = pair_text(request.requester, request.requested, people)
        out.print(f"  not placed: {pair}", markup=False)
    for line in format_gaps(gaps):
        out.print(line, markup=False)
    out.print(stored_line(stored), markup=False)


def _pair_lines(mission_problem: MissionProblem, people: Mapping[str, Participant]) -> list[str]:
    """Pairs asked for more than once (one meeting each) and accepted pairs left out."""
    lines = []
    for merged in mission_problem.merged:
        request = merged.request
        pair = pair_text(request.requester, request.requested, people)
        asked = (
            f"asked {counted(len(merged.requests), 'time')}"
            if len(merged.requests) > 1
            else f"merged on import: {merged.requests[0].origin}"
        )
        lines.append(f"  one meeting for {pair} ({asked}; priority {request.priority})")
    for dropped in mission_problem.dropped:
        refusing = dropped.refusing
        by = person_text(refusing.requested, people)
        if dropped.status is RequestStatus.DECLINED:
            why = f"{by} declined the request of {person_text(refusing.requester, people)}"
        else:
            why = f"the request {person_text(refusing.requester, people)} → {by} is cancelled"
        accepted = dropped.accepted
        pair = pair_text(accepted.requester, accepted.requested, people)
        lines.append(f"  left out: {pair} ({why}; `rencontre request accept` overrides)")
    return lines


def stored_line(stored: repo.StoredSchedule) -> str:
    """What storing did, meeting by meeting: a re-run that changes nothing says so."""
    if not (stored.added or stored.changed or stored.cancelled):
        return f"Stored: nothing changed ({counted(len(stored.unchanged), 'meeting')} as before)."
    return (
        f"Stored: {len(stored.added)} added, {len(stored.changed)} changed, "
        f"{len(stored.unchanged)} unchanged, {len(stored.cancelled)} cancelled."
    )


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
