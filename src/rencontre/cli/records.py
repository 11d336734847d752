"""`rencontre request accept|decline|cancel`: change meeting requests one by one or from a file."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Annotated
from zoneinfo import ZoneInfo

import typer

from rencontre.cli.command import Command, new_app
from rencontre.cli.common import MissionOption, database_session, stderr_console, stdout_console
from rencontre.cli.messages import EXIT_FAILED, fail
from rencontre.core.enums import RequestStatus
from rencontre.core.errors import InvalidInput
from rencontre.core.wording import counted
from rencontre.services.requests import (
    RequestNotFound,
    StatusChange,
    change_status,
    change_statuses_from_file,
)
from rencontre.store.repositories import MissionNotFound

app = new_app(
    name="request",
    help="Accept, decline or cancel meeting requests (a pair's request, in either direction).",
    no_args_is_help=True,
)

#: The past participle each command prints ("Accepted: …").
_DONE = {
    RequestStatus.ACCEPTED: "Accepted",
    RequestStatus.DECLINED: "Declined",
    RequestStatus.CANCELLED: "Cancelled",
}

RequesterArgument = Annotated[
    str | None,
    typer.Argument(
        metavar="REQUESTER", help="E-mail of one person of the pair.", show_default=False
    ),
]
RequestedArgument = Annotated[
    str | None,
    typer.Argument(metavar="REQUESTED", help="E-mail of the other person.", show_default=False),
]
FromFileOption = Annotated[
    Path | None,
    typer.Option(
        "--from-file",
        help="CSV or XLSX file with columns requester, requested and optionally mission "
        "(default: --mission or the latest mission): every pair or none.",
        exists=True,
        dir_okay=False,
        readable=True,
    ),
]


def _command(status: RequestStatus, summary: str) -> Callable[..., None]:
    def command(
        requester: RequesterArgument = None,
        requested: RequestedArgument = None,
        mission: MissionOption = None,
        from_file: FromFileOption = None,
    ) -> None:
        named = [e for e in (requester, requested) if e is not None]
        if len(named) != (0 if from_file is not None else 2):
            raise typer.BadParameter("give REQUESTER and REQUESTED, or --from-file FILE (not both)")
        try:
            with database_session() as session:
                if from_file is not None:
                    changes = change_statuses_from_file(session, from_file, status, mission=mission)
                else:
                    assert requester is not None and requested is not None
                    changes = (
                        change_status(session, requester, requested, status, mission=mission),
                    )
        except InvalidInput as refused:
            raise _refuse(refused) from None
        except (MissionNotFound, RequestNotFound, ValueError) as error:
            raise fail(str(error)) from None
        _print_changes(changes, status)

    command.__doc__ = summary
    return command


def _refuse(refused: InvalidInput) -> typer.Exit:
    err = stderr_console()
    err.print(f"Nothing changed: {refused}", markup=False)
    if len(refused.problems) > 1:
        for problem in refused.problems:
            err.print(f"  {problem}", markup=False)
    return typer.Exit(EXIT_FAILED)


def _print_changes(changes: Sequence[StatusChange], status: RequestStatus) -> None:
    out = stdout_console()
    done = _DONE[status]
    for change in changes:
        where = f"(mission {change.mission.key})"
        if change.changed:
            line = f"{done}: {change.people} {where}, was {change.before.value}"
        else:
            line = f"Already {status.value}: {change.people} {where}"
        out.print(line, markup=False)
        if change.meeting is not None and status is not RequestStatus.ACCEPTED:
            out.print(f"  {_meeting_note(change)}", markup=False)
    if len(changes) > 1:
        changed = sum(c.changed for c in changes)
        out.print(
            f"{counted(changed, 'request')} {status.value}, "
            f"{counted(len(changes) - changed, 'request')} already {status.value}.",
            markup=False,
        )
    if any(c.changed for c in changes):
        out.print(
            "Run `rencontre repair` for the schedule to follow, keeping every other meeting "
            "in place (or `rencontre schedule` to schedule anew).",
            markup=False,
        )


def _meeting_note(change: StatusChange) -> str:
    meeting = change.meeting
    assert meeting is not None
    zone = ZoneInfo(change.mission.timezone)
    start, end = meeting.start.astimezone(zone), meeting.end.astimezone(zone)
    venue = change.mission.venue(meeting.venue).name
    return (
        f"Their meeting on {start:%Y-%m-%d %H:%M}–{end:%H:%M} ({venue}, table {meeting.table}) "
        "stays until the schedule is repaired or run again."
    )


app.command("accept", cls=Command)(
    _command(
        RequestStatus.ACCEPTED,
        "Accept the request between two people (overrides a decline).",
    )
)
app.command("decline", cls=Command)(
    _command(RequestStatus.DECLINED, "Decline the request between two people.")
)
app.command("cancel", cls=Command)(
    _command(RequestStatus.CANCELLED, "Cancel the request between two people.")
)


def register(main: typer.Typer) -> None:
    """Add `rencontre request …` to the top-level `rencontre` app."""
    main.add_typer(app, name="request")
