"""`rencontre grid`: the organiser's master grid of a mission's meetings.

Per venue, the B2B slots down and the tables across, each cell the two people who meet there
(name and organisation) and their language, or that they need an interpreter. Cancelled
meetings are not shown: their table is free.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from rencontre.cli.command import Command
from rencontre.cli.common import MissionOption, database_session, load_mission, stdout_console
from rencontre.cli.files import CannotWrite, check_file, write_atomically
from rencontre.cli.messages import fail
from rencontre.core.enums import Language
from rencontre.core.wording import counted
from rencontre.documents.grid_files import grid_csv, grid_pdf, grid_xlsx
from rencontre.documents.i18n import words_for
from rencontre.services.mission_documents import mission_master_grid


class GridFormat(StrEnum):
    CSV = "csv"
    XLSX = "xlsx"
    PDF = "pdf"


def grid_command(
    grid_format: Annotated[
        GridFormat,
        typer.Option(
            "--format",
            "-f",
            help="csv: one row per slot and table; xlsx: a sheet per venue; pdf: landscape "
            "A4, a section per venue and day.",
        ),
    ] = GridFormat.CSV,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help="File to write; default: stdout for CSV (needed for XLSX, PDF)."
        ),
    ] = None,
    language: Annotated[
        Language | None,
        typer.Option(
            "--lang",
            help="Language of the XLSX and PDF texts (default: the mission's first working "
            "language); CSV is the same in every language.",
        ),
    ] = None,
    mission: MissionOption = None,
) -> None:
    """Write the master grid: per venue, slots down, tables across, both people in each cell."""
    if output is None and grid_format is not GridFormat.CSV:
        raise typer.BadParameter(f"--format {grid_format.value} writes a file: give --output FILE")
    try:
        if output is not None:
            check_file(output, "--output")
        with database_session() as session:
            key = load_mission(session, mission).mission.key
            the_mission, grids = mission_master_grid(session, key)
        words = words_for(language or the_mission.language_for(()))
        if grid_format is GridFormat.CSV:
            text = grid_csv(grids)
            if output is None:
                typer.echo(text, nl=False)
                return
            data = text.encode("utf-8")
        elif grid_format is GridFormat.XLSX:
            data = grid_xlsx(grids, words)
        else:
            data = grid_pdf(the_mission, grids, words)
        assert output is not None
        write_atomically(output, data, "--output")
    except CannotWrite as error:
        raise fail(str(error)) from None
    meetings = sum(grid.meetings for grid in grids)
    stdout_console().print(
        f"Wrote the grid of {counted(len(grids), 'venue')} and {counted(meetings, 'meeting')} "
        f"to {output}",
        markup=False,
    )


def register(app: typer.Typer) -> None:
    """Add `rencontre grid` to the top-level app."""
    app.command("grid", cls=Command)(grid_command)
