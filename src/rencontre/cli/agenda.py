"""`rencontre agenda`: one person's agenda, or every participant's, as text, CSV or iCalendar."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from rencontre.cli.command import Command
from rencontre.cli.common import MissionOption, database_session, load_mission, stdout_console
from rencontre.cli.files import CannotWrite, check_directory, check_file, write_atomically
from rencontre.cli.messages import fail
from rencontre.core.participant import Participant
from rencontre.documents.agenda import build_agenda, render_csv, render_ics, render_text
from rencontre.store import repositories as repo


class AgendaFormat(StrEnum):
    TEXT = "text"
    CSV = "csv"
    ICS = "ics"

    @property
    def extension(self) -> str:
        """The file name extension of one agenda (`.txt` for text)."""
        return "txt" if self is AgendaFormat.TEXT else self.value


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
    """Add `rencontre agenda` to the top-level app."""
    app.command("agenda", cls=Command)(agenda_command)
