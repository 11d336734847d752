"""`rencontre schedule` and `rencontre agenda`: a stored mission's B2B meetings and agendas."""

from __future__ import annotations

import os
from enum import StrEnum
from pathlib import Path
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
from rencontre.cli.files import CannotWrite, check_directory, check_file, write_atomically
from rencontre.cli.messages import fail
from rencontre.cli.progress import status_line
from rencontre.core.errors import InvalidInput
from rencontre.core.participant import Participant
from rencontre.core.wording import counted
from rencontre.documents.agenda import build_agenda, render_csv, render_ics, render_text
from rencontre.scheduling.schedule import SolveResult, SolveStatus
from rencontre.scheduling.solver import SolveProgress, solve
from rencontre.services.mission_schedule import (
    MissionNotSchedulable,
    build_problem,
    meetings_from_schedule,
)
from rencontre.store import repositories as repo


class AgendaFormat(StrEnum):
    TEXT = "text"
    CSV = "csv"
    ICS = "ics"

    @property
    def extension(self) -> str:
        """The file name extension of one agenda (`.txt` for text)."""
        return "txt" if self is AgendaFormat.TEXT else self.value


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


def agenda_command(
    participant: Annotated[
        str | None, typer.Argument(help="The participant's e-mail or id.")
    ] = None,
    all_participants: Annotated[
        bool, typer.Option("--all", help="Every participant of the mission (needs --output).")
    ] = False,
    agenda_format: Annotated[
        AgendaFormat, typer.Option("--format", "-f", help="Output format.")
    ] = AgendaFormat.TEXT,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help="File to write (a directory with --all); default: stdout."
        ),
    ] = None,
    mission: MissionOption = None,
) -> None:
    """Print one person's agenda (meetings and programme), or write every participant's."""
    if all_participants == (participant is not None):
        raise typer.BadParameter("give either a PARTICIPANT or --all")
    if all_participants and output is None:
        raise typer.BadParameter("--all writes one file per participant: give --output DIR")
    try:
        if all_participants:
            assert output is not None
            check_directory(output, "--output")
        elif output is not None:
            check_file(output, "--output")
        with database_session() as session:
            snapshot = load_mission(session, mission)
            ids = repo.participant_ids(session)
        people = {p.email: p for p in snapshot.participants}
        if all_participants:
            assert output is not None
            _write_all_agendas(snapshot, people, ids, agenda_format, output)
            return
        assert participant is not None
        found = _find_participant(participant, people, ids)
        if found is None:
            raise fail(
                f"no participant {participant!r} in mission {snapshot.mission.key!r} "
                "(give an e-mail or a participant id)"
            )
        rendered = _render(snapshot, found, people, agenda_format)
        if output is None:
            typer.echo(rendered.decode("utf-8"), nl=False)
        else:
            write_atomically(output, rendered, "--output")
    except CannotWrite as error:
        raise fail(str(error)) from None


def _write_all_agendas(
    snapshot: repo.MissionSnapshot,
    people: dict[str, Participant],
    ids: dict[str, int],
    agenda_format: AgendaFormat,
    output: Path,
) -> None:
    """One `<participant id>.<extension>` file per participant of the mission, in `output`."""
    for person in snapshot.participants:
        path = output / f"{ids[person.email]}.{agenda_format.extension}"
        write_atomically(path, _render(snapshot, person, people, agenda_format), "--output")
    stdout_console().print(f"Wrote {len(snapshot.participants)} agendas to {output}", markup=False)


def _find_participant(
    key: str, people: dict[str, Participant], ids: dict[str, int]
) -> Participant | None:
    email = key.strip().lower()
    if email in people:
        return people[email]
    if key.strip().isdigit():
        by_id = {n: e for e, n in ids.items()}
        found = by_id.get(int(key))
        return people.get(found) if found is not None else None
    return None


def _render(
    snapshot: repo.MissionSnapshot,
    person: Participant,
    people: dict[str, Participant],
    agenda_format: AgendaFormat,
) -> bytes:
    entries = build_agenda(snapshot.mission, person, snapshot.meetings, people)
    if agenda_format is AgendaFormat.ICS:
        return render_ics(snapshot.mission, person, entries)
    if agenda_format is AgendaFormat.CSV:
        return render_csv(entries).encode("utf-8")
    return render_text(person, entries).encode("utf-8")


def register(app: typer.Typer) -> None:
    """Add the mission commands to the top-level `rencontre` app."""
    app.command("schedule", cls=Command)(schedule_command)
    app.command("agenda", cls=Command)(agenda_command)
