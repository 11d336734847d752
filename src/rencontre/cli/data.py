"""`rencontre init | import | export | demo`: the database and the files that feed it."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import Progress
from rich.table import Table

from rencontre.cli.command import Command
from rencontre.cli.common import (
    DATABASE_ERRORS,
    database,
    stderr_console,
    stdout_console,
    unreachable,
)
from rencontre.cli.files import CannotWrite, check_directory
from rencontre.cli.input_limit_options import MaxFileMbOption, MaxRowsOption, input_limits
from rencontre.cli.messages import EXIT_FAILED, fail
from rencontre.core.dataset import Dataset
from rencontre.core.errors import InvalidInput
from rencontre.core.input_limits import DEFAULT_MAX_FILE_MB, DEFAULT_MAX_ROWS
from rencontre.core.wording import counted
from rencontre.exchange import FileFormat, write_files
from rencontre.services.mission_checks import travel_warning_lines
from rencontre.services.records import RECORD_KINDS, ImportSummary, import_files
from rencontre.settings import Settings
from rencontre.store import repositories as repo
from rencontre.store.database import (
    create_database_engine,
    session_scope,
    upgrade_schema,
)


def _refuse(what: str, refused: InvalidInput) -> typer.Exit:
    """Print a one-line reason, then every problem, on stderr."""
    err = stderr_console()
    err.print(f"{what} refused: {refused}", markup=False)
    if len(refused.problems) > 1:  # the first line already says it all for one problem
        for problem in refused.problems:
            err.print(f"  {problem}", markup=False)
    return typer.Exit(EXIT_FAILED)


def init_command() -> None:
    """Create the database, or upgrade it to the latest schema (safe to run again)."""
    settings = Settings.from_environ()
    try:
        engine = create_database_engine(settings)
        try:
            upgrade = upgrade_schema(engine)
        finally:
            engine.dispose()
    except DATABASE_ERRORS as error:
        raise unreachable(settings, error) from None
    if upgrade.before is None:
        state = "created"
    elif upgrade.changed:
        state = f"upgraded from {upgrade.before}"
    else:
        state = "already up to date"
    stdout_console().print(
        f"Database {settings.masked_database_url}: schema revision {upgrade.after} ({state})",
        markup=False,
    )


def import_command(
    files: Annotated[
        list[Path],
        typer.Argument(
            help="organisations, participants, opportunities, meeting_requests, meetings or "
            "outcomes files (.csv, .xlsx, .json; a name may go on, as in participants_v2.xlsx), "
            "workbooks with one sheet per kind, and missions.json, in any order.",
            exists=True,
            dir_okay=False,
            readable=True,
        ),
    ],
    update: Annotated[
        bool,
        typer.Option(
            "--update",
            help="Update stored records by their key (organisation name, participant e-mail, "
            "opportunity reference, mission key, request pair) and add new ones; columns a "
            "file leaves out keep their stored values. Without it, a stored key is refused.",
        ),
    ] = False,
    max_file_mb: MaxFileMbOption = DEFAULT_MAX_FILE_MB,
    max_rows: MaxRowsOption = DEFAULT_MAX_ROWS,
) -> None:
    """Import files as one transaction: everything is stored, or nothing is.

    A request from B to A when A to B is stored (or both in the files) becomes one request
    for the pair; the summary lists the pairs merged. Country names are read as their codes,
    times without a UTC offset in their mission's time zone, and a CSV file that is not UTF-8
    as Windows-1252 (as Excel saves it on Windows); the summary says so.
    """
    limits = input_limits(max_file_mb, max_rows)
    settings = Settings.from_environ()
    err = stderr_console()
    # Progress goes to stderr, and only to a terminal: piped output stays clean.
    progress = Progress(console=err, transient=True, disable=not err.is_terminal)
    with database(settings) as engine, progress:
        task = progress.add_task("Reading files", total=len(files) + 1)
        try:
            with session_scope(engine) as session:
                summary = import_files(
                    session,
                    files,
                    update=update,
                    on_file=lambda _: progress.advance(task),
                    limits=limits,
                )
                progress.advance(task)
                # A programme that leaves no time to travel is worth a warning, not a refusal:
                # the organiser may know that a shuttle runs or that the times will change.
                travel = [
                    line
                    for key in summary.missions
                    for line in travel_warning_lines(repo.load_mission(session, key))
                ]
        except InvalidInput as refused:
            raise _refuse("Import", refused) from None
    out = stdout_console()
    out.print(_summary_table(summary))
    if summary.merged:
        out.print(f"Merged {counted(len(summary.merged), 'pair')} of mutual requests:")
        for pair in summary.merged:
            out.print(f"  {pair}", markup=False)
    for note in summary.notes:
        out.print(note, markup=False)
    if not summary.changed_anything:
        out.print("Nothing changed: every record is already stored as given.")
    for line in travel:
        out.print(line, markup=False)


def _summary_table(summary: ImportSummary) -> Table:
    title = "Imported with --update" if summary.update else "Imported"
    table = Table(title=title)
    table.add_column("kind")
    for heading in ("added", "changed", "unchanged"):
        table.add_column(heading, justify="right")
    for kind in RECORD_KINDS:
        counts = summary.counts[kind]
        table.add_row(
            kind.replace("_", " "), str(counts.added), str(counts.changed), str(counts.unchanged)
        )
    return table


def export_command(
    output: Annotated[Path, typer.Option("--output", "-o", help="Directory to write into.")],
    file_format: Annotated[
        FileFormat, typer.Option("--format", "-f", help="File format.")
    ] = FileFormat.CSV,
    excel: Annotated[
        bool,
        typer.Option(
            "--excel",
            help="With --format csv: semicolon-separated UTF-8 with a byte-order mark and "
            "decimal commas, as French and Dutch Excel open it without garbling accents.",
        ),
    ] = False,
) -> None:
    """Write everything stored, one file per kind (missions always as missions.json)."""
    if excel and file_format is not FileFormat.CSV:
        raise typer.BadParameter("--excel applies to --format csv only", param_hint="--excel")
    try:
        check_directory(output, "--output")
    except CannotWrite as error:
        raise fail(str(error)) from None
    settings = Settings.from_environ()
    with database(settings) as engine, session_scope(engine) as session:
        dataset = repo.load_dataset(session)
    paths = write_files(dataset, output, file_format, excel=excel)
    out = stdout_console()
    out.print(_counts_table("Exported", dataset))
    out.print(f"Wrote {', '.join(p.name for p in paths)} in {output}", markup=False)


def demo_command() -> None:
    """Load the demo mission into the database and summarise it.

    Idempotent: when the demo mission is already stored, nothing is changed.
    """
    from rencontre import demo  # the demo data is big: load it only for this command

    dataset: Dataset = demo.load_demo()
    settings = Settings.from_environ()
    out = stdout_console()
    with database(settings) as engine:
        try:
            with session_scope(engine) as session:
                stored = set(repo.mission_keys(session))
                keys = [m.key for m in dataset.missions]
                if keys and all(key in stored for key in keys):
                    out.print(
                        f"The demo mission ({', '.join(keys)}) is already loaded in "
                        f"{settings.masked_database_url}; nothing to do.",
                        markup=False,
                    )
                else:
                    repo.save_dataset(session, dataset)
                    out.print(f"Loaded the demo into {settings.masked_database_url}", markup=False)
        except InvalidInput as refused:
            raise _refuse("Demo", refused) from None
    for table in _demo_summary(dataset):
        out.print(table)


def _counts_table(title: str, dataset: Dataset) -> Table:
    table = Table(title=title, show_header=False)
    table.add_column("kind")
    table.add_column("count", justify="right")
    for kind in ("organisations", "participants", "opportunities", "missions",
                 "meeting_requests", "meetings", "outcomes", "meeting_outcomes"):  # fmt: skip
        table.add_row(kind.replace("_", " "), str(len(getattr(dataset, kind))))
    return table


def _counter_table(title: str, heading: str, counts: Counter[str]) -> Table:
    table = Table(title=title)
    table.add_column(heading)
    table.add_column("count", justify="right")
    for key, count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        table.add_row(key, str(count))
    return table


def _demo_summary(dataset: Dataset) -> list[Table]:
    overview = Table(title="Demo mission", show_header=False)
    overview.add_column("what")
    overview.add_column("count", justify="right")
    for mission in dataset.missions:
        overview.add_row(f"{mission.key}: {mission.title}", "")
        overview.add_row("  programme items", str(len(mission.programme)))
        overview.add_row("  venues", str(len(mission.venues)))
        overview.add_row("  participants", str(len(mission.participants)))
    overview.add_row("organisations", str(len(dataset.organisations)))
    overview.add_row("participants", str(len(dataset.participants)))
    overview.add_row("meeting requests", str(len(dataset.meeting_requests)))
    return [
        overview,
        _counter_table("Organisations by country", "country",
                       Counter(o.country for o in dataset.organisations)),
        _counter_table("Organisations by kind", "kind",
                       Counter(o.kind.value for o in dataset.organisations)),
        _counter_table("Meeting requests by status", "status",
                       Counter(r.status.value for r in dataset.meeting_requests)),
    ]  # fmt: skip


def register(app: typer.Typer) -> None:
    """Add the data commands to the top-level `rencontre` app."""
    app.command("init", cls=Command)(init_command)
    app.command("import", cls=Command)(import_command)
    app.command("export", cls=Command)(export_command)
    app.command("demo", cls=Command)(demo_command)
