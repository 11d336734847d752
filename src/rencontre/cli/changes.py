"""`rencontre repair` and `rencontre participant …`: changes to a scheduled mission.

The commands only parse and print: the use cases live in `services.mission_repair` and
`services.mission_changes`. Every time is printed in the mission's time zone.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated

import typer
from rich.console import Console

from rencontre.cli.b2b import Mode
from rencontre.cli.command import Command, new_app
from rencontre.cli.common import MissionOption, database_session, stderr_console, stdout_console
from rencontre.cli.messages import fail
from rencontre.cli.mission import stored_line
from rencontre.cli.progress import status_line
from rencontre.core.meeting import Meeting
from rencontre.core.mission import Mission
from rencontre.core.participant import Participant
from rencontre.core.wording import counted
from rencontre.scheduling.repair import RepairProgress
from rencontre.services.mission_changes import (
    DEFAULT_PRIORITY,
    AddMeeting,
    CancelMeeting,
    ChangeRefused,
    DropParticipant,
    MissionChange,
    Removal,
    SetTables,
    remove_participant,
)
from rencontre.services.mission_repair import (
    MeetingChange,
    MeetingChangeKind,
    RepairRefused,
    RepairReport,
    repair_mission,
)
from rencontre.services.mission_schedule import MissionNotSchedulable
from rencontre.services.mission_wording import mission_zone, moment_text, pair_text, person_text
from rencontre.store import repositories as repo

participant_app = new_app(help="Change a mission's participants.", no_args_is_help=True)


@dataclass(frozen=True)
class GivenChange:
    """A change and the option text it came from, to name it in an error."""

    change: MissionChange
    option: str
    value: str


def repair_command(
    mission: MissionOption = None,
    cancel: Annotated[
        list[str] | None,
        typer.Option(
            "--cancel",
            metavar="EMAIL_A,EMAIL_B",
            help="Cancel the scheduled meeting of these two people (repeatable).",
        ),
    ] = None,
    drop_participant: Annotated[
        list[str] | None,
        typer.Option(
            "--drop-participant",
            metavar="EMAIL",
            help="This person leaves the mission: programme, requests and meetings (repeatable).",
        ),
    ] = None,
    tables: Annotated[
        list[str] | None,
        typer.Option(
            "--tables",
            metavar="VENUE=N[@START]",
            help="The venue has N tables from START on (ISO 8601; without an offset, in the "
            "mission's time zone), or for the whole mission without @START (repeatable).",
        ),
    ] = None,
    add: Annotated[
        list[str] | None,
        typer.Option(
            "--add",
            metavar="EMAIL_A,EMAIL_B[:PRIORITY]",
            help="These two people are to meet: their request is accepted with PRIORITY "
            f"1-3 (default {DEFAULT_PRIORITY}), added if they have none (repeatable).",
        ),
    ] = None,
    mode: Annotated[
        Mode,
        typer.Option(
            help="max: place as much requested priority as possible (a meeting that no "
            "longer fits is cancelled); all: every accepted meeting must be placed, or "
            "nothing changes."
        ),
    ] = Mode.MAX,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show what would change; store nothing.")
    ] = False,
    time_limit: Annotated[
        float, typer.Option("--time-limit", min=0.1, help="Solver time limit in seconds.")
    ] = 30.0,
    workers: Annotated[
        int | None, typer.Option(min=1, help="Solver threads (default: all cores).")
    ] = None,
) -> None:
    """Apply changes to a scheduled mission and move as few other meetings as possible.

    Without any change, places what the stored requests now ask for (newly accepted
    meetings, for instance) the same way. The result is stored only when it passes every
    check; otherwise nothing changes.
    """
    given = [
        *(_parse_cancel(v) for v in cancel or ()),
        *(GivenChange(DropParticipant(v.strip()), "--drop-participant", v)
          for v in drop_participant or ()),
        *(_parse_tables(v) for v in tables or ()),
        *(_parse_add(v) for v in add or ()),
    ]  # fmt: skip
    out = stdout_console()
    with database_session() as session, ExitStack() as progress_shown:
        show = _LazyProgress(progress_shown)
        try:
            report = repair_mission(
                session,
                mission,
                [g.change for g in given],
                dry_run=dry_run,
                time_limit=time_limit,
                mode=mode.value,
                workers=workers,
                progress=show,
            )
        except ChangeRefused as refused:
            source = next((g for g in given if g.change == refused.change), None)
            where = f"{source.option} {source.value}: " if source is not None else ""
            raise fail(f"{where}{refused.reason}") from None
        except (repo.MissionNotFound, MissionNotSchedulable) as error:
            raise fail(str(error)) from None
        except RepairRefused as refused:
            for reason in refused.reasons[1:]:
                out.print(f"  - {reason}", markup=False)
            raise fail(f"{refused.reasons[0]}; nothing was changed") from None
    _print_report(out, report)


class _LazyProgress:
    """The solver's progress on stderr, from its first repair on.

    Changes are checked before the solver starts: a refused option prints its one error
    line and nothing else.
    """

    def __init__(self, stack: ExitStack) -> None:
        self._stack = stack
        self._update: Callable[[str], None] | None = None

    def __call__(self, progress: RepairProgress) -> None:
        text = (
            f"Repairing: {counted(progress.moved_count, 'meeting')} moved, "
            f"breaks {progress.total_breaks}, {progress.elapsed_s:.1f} s"
        )
        if self._update is None:
            self._update = self._stack.enter_context(status_line(stderr_console(), text))
        else:
            self._update(text)


def _parse_cancel(value: str) -> GivenChange:
    first, second = _two_emails("--cancel", value, value)
    return GivenChange(CancelMeeting(first, second), "--cancel", value)


def _parse_add(value: str) -> GivenChange:
    emails, colon, priority_text = value.partition(":")
    first, second = _two_emails("--add", value, emails)
    priority = DEFAULT_PRIORITY
    if colon:
        try:
            priority = int(priority_text)
        except ValueError:
            raise fail(f"--add {value}: priority must be 1, 2 or 3") from None
    return GivenChange(AddMeeting(first, second, priority), "--add", value)


def _two_emails(option: str, value: str, text: str) -> tuple[str, str]:
    parts = [part.strip() for part in text.split(",")]
    if len(parts) != 2 or not all(parts):
        raise fail(f"{option} {value}: expected two e-mails separated by a comma")
    return parts[0], parts[1]


def _parse_tables(value: str) -> GivenChange:
    venue, equals, rest = value.partition("=")
    count_text, at, start_text = rest.partition("@")
    if not equals or not venue.strip():
        raise fail(f"--tables {value}: expected VENUE=N or VENUE=N@START")
    try:
        count = int(count_text)
    except ValueError:
        raise fail(f"--tables {value}: N must be a whole number of tables") from None
    if count < 0:
        raise fail(f"--tables {value}: N must be 0 or more")
    start = None
    if at:
        try:
            start = datetime.fromisoformat(start_text.strip())
        except ValueError:
            reason = "START must be an ISO 8601 date and time, e.g. 2027-04-07T14:00"
            raise fail(f"--tables {value}: {reason}") from None
    return GivenChange(SetTables(venue.strip(), count, start), "--tables", value)


def _print_report(out: Console, report: RepairReport) -> None:
    mission = report.mission
    title = f"Mission {mission.key}: repair" + (" (dry run)" if report.dry_run else "")
    out.print(title, markup=False)
    for line in _applied_lines(report):
        out.print(f"  {line}", markup=False)
    affected = report.affected_people()
    out.print("", markup=False)
    if not affected:
        out.print("No meeting changes.", markup=False)
    else:
        who = "1 person" if len(affected) == 1 else f"{len(affected)} people"
        out.print(f"{who} affected:", markup=False)
    for email in affected:
        out.print(f"  {person_text(email, report.people)}", markup=False)
        for change in report.changes_of(email):
            out.print(f"    {_change_line(report, email, change)}", markup=False)
    out.print("", markup=False)
    out.print(_summary(report), markup=False)
    if report.stored is None:
        out.print("Dry run: nothing was stored.", markup=False)
    else:
        out.print(stored_line(report.stored), markup=False)


def _applied_lines(report: RepairReport) -> list[str]:
    applied, people = report.applied, report.people
    lines = [f"{person_text(email, people)} leaves the mission" for email in applied.left]
    lines += [
        f"{report.mission.venue(t.venue).name} has {counted(t.tables, 'table')} from "
        f"{moment_text(t.start, mission_zone(report.mission))} on"
        for t in applied.table_changes
        if t.start is not None
    ]
    if applied.cancelled_requests:
        lines.append(f"{counted(len(applied.cancelled_requests), 'request')} cancelled")
    for pair in applied.added_requests:
        lines.append(f"new accepted request: {_pair_text(people, pair)}")
    for pair in applied.accepted_requests:
        lines.append(f"request of {_pair_text(people, pair)}: accepted, with the given priority")
    return lines


def _pair_text(people: Mapping[str, Participant], pair: frozenset[str]) -> str:
    first, second = sorted(pair)
    return pair_text(first, second, people)


def _place(mission: Mission, meeting: Meeting) -> str:
    return f"{mission.venue(meeting.venue).name} table {meeting.table}"


def _change_line(report: RepairReport, email: str, change: MeetingChange) -> str:
    mission = report.mission
    partner = person_text(change.partner_of(email), report.people)
    before, after = change.before, change.after
    if change.kind is MeetingChangeKind.MOVED and before is not None and after is not None:
        when = moment_text(before.start, mission_zone(mission))
        if before.start != after.start:
            when += f" → {moment_text(after.start, mission_zone(mission))}"
        where = _place(mission, before)
        if (before.venue, before.table) != (after.venue, after.table):
            where += f" → {_place(mission, after)}"
        return f"moved: {when}, with {partner}, {where}"
    if change.kind is MeetingChangeKind.ADDED and after is not None:
        when = moment_text(after.start, mission_zone(mission))
        return f"added: {when}, with {partner}, {_place(mission, after)}"
    if before is not None:
        label = "cancelled" if change.kind is MeetingChangeKind.CANCELLED else "could not be placed"
        why = f" ({change.reason})" if change.reason and change.reason != "cancelled" else ""
        if change.leaver:
            who = person_text(change.leaver, report.people)
            why = "" if change.leaver == email else f" ({who} left the mission)"
        return (
            f"{label}: {moment_text(before.start, mission_zone(mission))}, with {partner}, "
            f"{_place(mission, before)}{why}"
        )
    return f"could not be placed: with {partner} ({change.reason})"


def _summary(report: RepairReport) -> str:
    cancelled = len(report.of(MeetingChangeKind.CANCELLED))
    moved = len(report.of(MeetingChangeKind.MOVED))
    added = len(report.of(MeetingChangeKind.ADDED))
    unplaced = len(report.of(MeetingChangeKind.NOT_PLACED))
    return (
        f"{counted(cancelled, 'meeting')} cancelled, {counted(moved, 'meeting')} moved "
        f"({report.moved_count} to another time), {counted(added, 'meeting')} added, "
        f"{counted(unplaced, 'meeting')} not placed; "
        f"{report.placed_count} of {counted(report.meeting_count, 'accepted meeting')} placed, "
        f"{counted(report.total_breaks, 'break')} ({report.status.value}, "
        f"{report.solve_s:.1f} s)"
    )


def remove_command(
    email: Annotated[str, typer.Argument(help="The participant's e-mail.")],
    mission: MissionOption = None,
) -> None:
    """Take a participant out of a mission: their meetings and requests are cancelled.

    Nobody else moves; `rencontre repair` can use the freed time afterwards.
    """
    out = stdout_console()
    with database_session() as session:
        try:
            removal = remove_participant(session, mission, email.strip())
        except ChangeRefused as refused:
            raise fail(refused.reason) from None
        except repo.MissionNotFound as error:
            raise fail(str(error)) from None
        people = {p.email: p for p in repo.participants(session)}
    _print_removal(out, removal, people)


def _print_removal(out: Console, removal: Removal, people: Mapping[str, Participant]) -> None:
    mission = removal.mission
    out.print(f"{person_text(removal.email, people)} left mission {mission.key}.", markup=False)
    meetings = removal.cancelled_meetings
    out.print(f"  {counted(len(meetings), 'meeting')} cancelled:", markup=False)
    for meeting in sorted(meetings, key=lambda m: m.start):
        partner = person_text(meeting.partner_of(removal.email), people)
        out.print(
            f"    {moment_text(meeting.start, mission_zone(mission))}, with {partner}, "
            f"{_place(mission, meeting)}",
            markup=False,
        )
    out.print(f"  {counted(len(removal.cancelled_requests), 'request')} cancelled", markup=False)
    titles = {item.key: item.title for item in mission.programme}
    if removal.audiences_left:
        names = ", ".join(titles[k] for k in removal.audiences_left)
        out.print(f"  no longer in the audience of: {names}", markup=False)
    if removal.audiences_kept:
        names = ", ".join(titles[k] for k in removal.audiences_kept)
        out.print(
            f"  still the only one in the audience of: {names} (an empty audience "
            "would mean everyone)",
            markup=False,
        )
    out.print(
        "Other meetings keep their slots; run `rencontre repair` to use the freed time.",
        markup=False,
    )


def register(app: typer.Typer) -> None:
    """Add this module's commands to the top-level `rencontre` app."""
    app.command("repair", cls=Command)(repair_command)
    participant_app.command("remove", cls=Command)(remove_command)
    app.add_typer(participant_app, name="participant")
