"""`rencontre invite`: e-mail participants their personal link, in their language.

The same service as the desk's invitations (`rencontre.services.invitations`): a new link
each, sent through the configured mail server (`RENCONTRE_SMTP_URL`) or written to the
outbox folder, each sent invitation recorded and logged. Prints one line per person: to whom,
in which language, and where it went (or why not).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

import typer

from rencontre.cli.command import Command
from rencontre.cli.common import MissionOption, database_session, load_mission
from rencontre.cli.messages import fail
from rencontre.mail.postman import MailError
from rencontre.mail.settings import MailSettingError, MailSettings
from rencontre.services import invitations
from rencontre.services.accounts import AccountError
from rencontre.services.audit_log import COMMAND_LINE
from rencontre.web.settings import SettingError, WebSettings


def invite_command(
    people: Annotated[
        list[str] | None,
        typer.Argument(help="E-mails or ids of the participants to invite.", show_default=False),
    ] = None,
    mission: MissionOption = None,
    everyone: Annotated[
        bool,
        typer.Option("--all", help="Invite everyone of the mission not invited yet."),
    ] = False,
) -> None:
    """E-mail a new personal link to participants of a mission, each in their language."""
    if everyone == bool(people):
        raise typer.BadParameter("give either --all or the participants' e-mails or ids")
    try:
        web = WebSettings.from_environ()
        mail = MailSettings.from_environ()
    except (SettingError, MailSettingError) as error:
        raise fail(str(error)) from None
    now = datetime.now(UTC)
    with database_session() as session:
        key = load_mission(session, mission).mission.key
        try:
            report = invitations.invite(
                session,
                mission=key,
                people=None if everyone else people,
                by=COMMAND_LINE,
                now=now,
                link_url=web.link_url,
                mail=mail,
            )
        except (AccountError, MailError) as error:
            raise fail(str(error)) from None
    if not report.outcomes:
        typer.echo(f"Everyone of mission {key!r} is invited already")
    for outcome in report.outcomes:
        person = f"{outcome.full_name} <{outcome.email}> ({outcome.language.value})"
        if outcome.delivery.sent:
            typer.echo(f"Sent to {person}: {outcome.delivery.where}")
        else:
            typer.echo(f"Not sent to {person}: {outcome.delivery.reason}", err=True)
    if report.failed:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    app.command("invite", cls=Command)(invite_command)
