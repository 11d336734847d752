"""`rencontre agenda`: one person's agenda, or every participant's, as text, CSV, iCalendar or
PDF, each in its reader's language.

The people with an agenda are the mission's participants and anyone else who still has a
meeting in it (cancelled, say, after leaving the mission): their file is how their calendar
learns that those meetings are off.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

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
from rencontre.cli.progress import progress_bars
from rencontre.core.enums import Language
from rencontre.core.participant import Participant
from rencontre.core.wording import counted
from rencontre.documents.agenda import Agenda
from rencontre.documents.agenda_ics import render_ics
from rencontre.documents.agenda_page import render_agenda_booklet, render_agenda_pdf
from rencontre.documents.agenda_text import render_csv, render_text
from rencontre.documents.file_names import IndexEntry, file_stem, index_csv
from rencontre.services.mission_documents import (
    INDEX_FILE,
    MissionAgendas,
    agenda_pdfs,
    index_entry,
    mission_agendas,
)
from rencontre.store import repositories as repo


class AgendaFormat(StrEnum):
    TEXT = "text"
    CSV = "csv"
    ICS = "ics"
    PDF = "pdf"

    @property
    def extension(self) -> str:
        """The file name extension of one agenda (`.txt` for text)."""
        return "txt" if self is AgendaFormat.TEXT else self.value


LanguageOption = Annotated[
    Language | None,
    typer.Option(
        "--lang",
        help="Write in this language instead of each person's (the first of their languages "
        "that the mission has, else the mission's first).",
    ),
]


def agenda_command(
    participant: Annotated[
        str | None, typer.Argument(help="The participant's e-mail or id.")
    ] = None,
    all_participants: Annotated[
        bool,
        typer.Option(
            "--all",
            help="Every participant of the mission, and anyone else with a meeting in it, "
            "even a cancelled one (needs --output).",
        ),
    ] = False,
    agenda_format: Annotated[
        AgendaFormat, typer.Option("--format", "-f", help="Output format.")
    ] = AgendaFormat.TEXT,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="File to write; default: stdout, or <e-mail>.pdf in the current directory "
            "for a PDF. With --all: a directory (one <e-mail>.<format> file per person and "
            "index.csv), or FILE.pdf for one PDF booklet of everyone's agenda.",
        ),
    ] = None,
    language: LanguageOption = None,
    mission: MissionOption = None,
) -> None:
    """Print one person's agenda (meetings and programme), or write every participant's."""
    if all_participants == (participant is not None):
        raise typer.BadParameter("give either a PARTICIPANT or --all")
    if all_participants and output is None:
        raise typer.BadParameter(
            "--all writes one file per participant: give --output DIR (or FILE.pdf with "
            "--format pdf)"
        )
    booklet = (
        all_participants
        and agenda_format is AgendaFormat.PDF
        and output is not None
        and _is_booklet(output)
    )
    try:
        if all_participants and not booklet:
            assert output is not None
            check_directory(output, "--output")
        elif output is not None:
            check_file(output, "--output")
        with database_session() as session:
            snapshot = load_mission(session, mission)
            ids = repo.participant_ids(session)
            agendas = mission_agendas(session, snapshot.mission.key, language)
        people = agendas.people
        if all_participants:
            assert output is not None
            if booklet:
                _write_booklet(agendas, output)
            else:
                _write_all_agendas(agendas, agenda_format, output)
            return
        assert participant is not None
        found = _find_participant(participant, people, ids)
        if found is None:
            raise fail(
                f"no participant {participant!r} in mission {snapshot.mission.key!r} "
                "(give an e-mail or a participant id)"
            )
        rendered = _render(agendas.of(found), agenda_format)
        if agenda_format is AgendaFormat.PDF:
            # PDF bytes are never written to a terminal: a file by e-mail unless one is given.
            target = output or Path(f"{file_stem(found.email)}.pdf")
            if output is None:
                check_file(target, "--output")
            write_atomically(target, rendered, "--output")
            stdout_console().print(
                f"Wrote the agenda of {found.full_name} <{found.email}> to {target}",
                markup=False,
            )
        elif output is None:
            typer.echo(rendered.decode("utf-8"), nl=False)
        else:
            write_atomically(output, rendered, "--output")
    except CannotWrite as error:
        raise fail(str(error)) from None


def _is_booklet(output: Path) -> bool:
    """`--all --format pdf --output X.pdf` writes one booklet, unless X.pdf is a directory."""
    return output.suffix.lower() == ".pdf" and not output.is_dir()


def _write_all_agendas(agendas: MissionAgendas, agenda_format: AgendaFormat, output: Path) -> None:
    """One `<e-mail>.<extension>` file per person with an agenda, and `index.csv`, in `output`.

    PDFs are laid out on every core (`rencontre.services.mission_documents.agenda_pdfs`).
    """
    index: list[IndexEntry] = []
    people = list(agendas.people.values())
    with progress_bars(stderr_console(), "Writing agendas") as (report,):
        if agenda_format is AgendaFormat.PDF:
            files = agenda_pdfs(agendas, progress=report)
        else:
            report(0, len(people))
            files = ((p, a, _render(a, agenda_format)) for p in people for a in [agendas.of(p)])
        for done, (person, agenda, data) in enumerate(files, start=1):
            name = f"{file_stem(person.email)}.{agenda_format.extension}"
            write_atomically(output / name, data, "--output")
            index.append(index_entry(name, person, agenda))
            if agenda_format is not AgendaFormat.PDF:
                report(done, len(people))
    write_atomically(output / INDEX_FILE, index_csv(index).encode("utf-8"), "--output")
    stdout_console().print(
        f"Wrote {counted(len(people), 'agenda')} and {INDEX_FILE} to {output}", markup=False
    )


def _write_booklet(agendas: MissionAgendas, output: Path) -> None:
    """Everyone's PDF agenda in one file, a new page for each person."""
    everyone = agendas.everyone()
    if not everyone:
        raise fail(f"mission {agendas.snapshot.mission.key!r} has nobody with an agenda")
    with progress_bars(stderr_console(), "Laying out agendas") as (report,):
        pdf = render_agenda_booklet(everyone, progress=report)
    write_atomically(output, pdf, "--output")
    stdout_console().print(
        f"Wrote {counted(len(everyone), 'agenda')} in one booklet to {output}", markup=False
    )


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


def _render(agenda: Agenda, agenda_format: AgendaFormat) -> bytes:
    if agenda_format is AgendaFormat.ICS:
        return render_ics(agenda)
    if agenda_format is AgendaFormat.PDF:
        return render_agenda_pdf(agenda)
    if agenda_format is AgendaFormat.CSV:
        return render_csv(agenda).encode("utf-8")
    return render_text(agenda).encode("utf-8")


def register(app: typer.Typer) -> None:
    """Add `rencontre agenda` to the top-level app."""
    app.command("agenda", cls=Command)(agenda_command)
