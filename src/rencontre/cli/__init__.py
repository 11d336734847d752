"""The `rencontre` command line: one Typer app with a sub-app per area.

`rencontre b2b …` is called once per benchmark case and its `seconds` include start-up, so
it is dispatched before the database, file-format and matching modules are imported; the
full app (`app`) is built on first use.
"""

from __future__ import annotations

import sys
from functools import cache
from typing import Any

import typer


@cache
def build_app() -> typer.Typer:
    """The whole `rencontre` app with every sub-command registered."""
    from rencontre.cli import (
        agenda,
        b2b,
        changes,
        checks,
        data,
        grid,
        invite,
        match,
        match_mission,
        mission,
        records,
        web,
        worker,
    )
    from rencontre.cli.command import Command, new_app

    app = new_app(
        name="rencontre",
        help="Cross-border B2B missions: import, match partners, schedule meetings, "
        "publish agendas.",
        no_args_is_help=True,
        add_completion=False,
    )
    app.add_typer(b2b.app, name="b2b")
    app.add_typer(match.app, name="match")
    data.register(app)
    mission.register(app)
    agenda.register(app)
    grid.register(app)
    records.register(app)
    checks.register(app)
    changes.register(app)
    web.register(app)
    invite.register(app)
    worker.register(app)
    match.app.command("mission", cls=Command)(match_mission.mission_command)
    return app


def __getattr__(name: str) -> Any:
    if name == "app":
        return build_app()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def main() -> None:
    """Entry point of the `rencontre` script."""
    if sys.argv[1:2] == ["b2b"]:
        from rencontre.cli import b2b
        from rencontre.cli.command import new_app

        only_b2b = new_app(name="rencontre", add_completion=False)
        only_b2b.add_typer(b2b.app, name="b2b")
        only_b2b(prog_name="rencontre")
        return
    build_app()()
