"""`rencontre serve`, `user add`, `link` and `token create`: the web server and who may use it.

Organisers get an account (`user add`), participants a personal link (`link`) that opens
their space without a password, integrations an API token (`token create`). Links and
tokens are printed once and stored only as hashes: print a new one if it is lost.
"""

from __future__ import annotations

import os
import sys
from collections.abc import MutableMapping
from datetime import UTC, datetime
from typing import Annotated
from zoneinfo import ZoneInfo

import typer

from rencontre.cli.command import Command, new_app
from rencontre.cli.common import MissionOption, database, database_session, stderr_console
from rencontre.cli.messages import fail
from rencontre.core.wording import counted
from rencontre.services import accounts
from rencontre.services.accounts import MIN_PASSWORD_LENGTH, AccountError, Role
from rencontre.services.mission_wording import person_label
from rencontre.settings import Settings
from rencontre.web.settings import BASE_URL_VARIABLE, SettingError, WebSettings

#: What uvicorn imports in each worker process: a factory reading the environment.
APP_FACTORY = "rencontre.web.app:app_from_environ"
#: Threads of the numeric libraries (OpenMP, OpenBLAS, MKL), one per server process unless
#: the environment says otherwise: the directory's search by meaning encodes one short query
#: per request, and split over every core of a busy machine its threads wait for each other
#: (seconds instead of tens of milliseconds); concurrent requests use the other cores.
NUMERIC_THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")

user_app = new_app(help="Accounts of the people who sign in (organisers).", no_args_is_help=True)
token_app = new_app(help="API tokens for integrations.", no_args_is_help=True)


def _web_settings() -> WebSettings:
    try:
        return WebSettings.from_environ()
    except SettingError as error:
        raise fail(str(error)) from None


def _now() -> datetime:
    return datetime.now(UTC)


def one_numeric_thread(environ: MutableMapping[str, str]) -> None:
    """Set each of `NUMERIC_THREAD_VARIABLES` that `environ` leaves unset (or empty) to 1."""
    for variable in NUMERIC_THREAD_VARIABLES:
        if not environ.get(variable, "").strip():
            environ[variable] = "1"


def serve_command(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.", min=1, max=65535)] = 8000,
    workers: Annotated[
        int,
        typer.Option(
            help="Server processes; they share sessions and counters through the database.",
            min=1,
        ),
    ] = 1,
    demo: Annotated[
        bool,
        typer.Option(
            "--demo",
            help="Before serving, give the demo mission an organiser (organiser@demo.example, "
            "a new password each time) and print her password and the personal links of a "
            "French-only and a Dutch-only participant.",
        ),
    ] = False,
) -> None:
    """Serve the web pages and the API (uvicorn), on the configured database."""
    # Before anything loads numpy: the libraries read these once, when they are loaded, and
    # the server processes inherit them.
    one_numeric_thread(os.environ)
    import uvicorn

    from rencontre.web.access_log import log_config

    # Without a configured public address, the links the server shows and prints lead to the
    # address it serves (the server processes read it from the environment they inherit).
    if not os.environ.get(BASE_URL_VARIABLE, "").strip():
        shown_host = "127.0.0.1" if host in ("0.0.0.0", "::", "") else host
        os.environ[BASE_URL_VARIABLE] = f"http://{shown_host}:{port}"
    web = _web_settings()
    settings = Settings.from_environ()
    # Create or upgrade the database once, before any worker process opens it.
    with database(settings):
        pass
    if demo:
        _print_demo_access(web, f"http://{host}:{port}")
    stderr_console().print(
        f"Serving {settings.masked_database_url} on http://{host}:{port}; personal links "
        f"start with {web.base_url}",
        markup=False,
    )
    uvicorn.run(
        APP_FACTORY,
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_config=log_config(),
        server_header=False,
    )


def _print_demo_access(web: WebSettings, address: str) -> None:
    from rencontre.demo import DEMO_MISSION_KEY
    from rencontre.services.demo_access import demo_access

    with database_session() as session:
        try:
            access = demo_access(session, DEMO_MISSION_KEY, now=_now())
        except LookupError:
            raise fail("the demo mission is not loaded: run `rencontre demo` first") from None
    typer.echo(f"Open {address}/")
    typer.echo(f"Organiser: sign in at {address}/signin as {access.organiser}")
    typer.echo(f"  password: {access.password}")
    for link in access.links:
        languages = ", ".join(str(language) for language in link.person.languages)
        typer.echo(f"Participant {person_label(link.person)} (speaks {languages}):")
        typer.echo(f"  {web.link_url(link.token)}")


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().removesuffix("\n").removesuffix("\r")
    password: str = typer.prompt(
        f"Password (at least {MIN_PASSWORD_LENGTH} characters)",
        hide_input=True,
        confirmation_prompt=True,
    )
    return password


@user_app.command("add", cls=Command)
def user_add_command(
    email: Annotated[str, typer.Argument(help="The user's e-mail address: her sign-in name.")],
    role: Annotated[Role, typer.Option("--role", help="What the user does.")],
    missions: Annotated[
        list[str] | None,
        typer.Option(
            "--mission",
            help="Key of a mission she organises (repeat for several). Without it she "
            "organises no mission yet.",
        ),
    ] = None,
    password_stdin: Annotated[
        bool,
        typer.Option(
            "--password-stdin",
            help="Read the password from the first line of standard input instead of "
            "asking for it twice.",
        ),
    ] = False,
) -> None:
    """Add a user who signs in with her e-mail and a password."""
    password = _read_password(password_stdin)
    keys = list(dict.fromkeys(missions or []))
    with database_session() as session:
        try:
            user = accounts.add_organiser(
                session, email=email, password=password, missions=keys, now=_now()
            )
        except AccountError as error:
            raise fail(str(error)) from None
    organises = ", ".join(repr(k) for k in keys) if keys else "no mission yet"
    typer.echo(f"Added {role} {user.email}, who organises {organises}")


def link_command(
    participant: Annotated[str, typer.Argument(help="The participant's e-mail or id.")],
    mission: MissionOption = None,
    days: Annotated[
        int | None,
        typer.Option(
            help="Days the link works, from now. Default: until 30 days after the mission's "
            "last day, and at least 30 days.",
            min=1,
        ),
    ] = None,
    revoke: Annotated[
        bool,
        typer.Option(
            "--revoke",
            help="Revoke the participant's links in the mission instead, and end the sessions "
            "they opened.",
        ),
    ] = False,
) -> None:
    """Print a participant's personal link (alone on one line), or revoke their links."""
    if revoke and days is not None:
        raise typer.BadParameter("--days makes no sense with --revoke")
    web = _web_settings()
    with database_session() as session:
        try:
            if revoke:
                revoked = accounts.revoke_links(
                    session, participant=participant, mission=mission, now=_now()
                )
            else:
                issued = accounts.issue_link(
                    session, participant=participant, mission=mission, days=days, now=_now()
                )
        except AccountError as error:
            raise fail(str(error)) from None
    if revoke:
        typer.echo(
            f"Revoked {counted(revoked.count, 'link')} of {person_label(revoked.person)} in "
            f"mission {revoked.mission.key!r}; their sessions there are ended"
        )
        return
    zone = issued.mission.timezone
    until = issued.expires_at.astimezone(ZoneInfo(zone)).strftime("%Y-%m-%d %H:%M")
    # Plain echo: the URL must come out whole, on one line, whatever the terminal's width.
    typer.echo(web.link_url(issued.token))
    typer.echo(
        f"Personal link of {person_label(issued.person)} in mission {issued.mission.key!r}, "
        f"valid until {until} ({zone})",
        err=True,
    )


@token_app.command("create", cls=Command)
def token_create_command(
    email: Annotated[str, typer.Argument(help="The organiser the token acts for.")],
) -> None:
    """Print a new API token acting for an organiser (one line; it is not shown again)."""
    with database_session() as session:
        try:
            issued = accounts.issue_api_token(session, email=email, now=_now())
        except AccountError as error:
            raise fail(str(error)) from None
    typer.echo(issued.token)


def register(app: typer.Typer) -> None:
    """Add `serve`, `user`, `link` and `token` to the top-level app."""
    app.command("serve", cls=Command)(serve_command)
    app.command("link", cls=Command)(link_command)
    app.add_typer(user_app, name="user")
    app.add_typer(token_app, name="token")
