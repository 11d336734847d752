"""The `rencontre` command line: one Typer app with a sub-app per area."""

from __future__ import annotations

import typer

from rencontre.cli import b2b, data, match, match_mission, mission

app = typer.Typer(
    name="rencontre",
    help="Cross-border B2B missions: import, match partners, schedule meetings, publish agendas.",
    no_args_is_help=True,
    add_completion=False,
)
app.add_typer(b2b.app, name="b2b")
app.add_typer(match.app, name="match")
data.register(app)
mission.register(app)
match.app.command("mission")(match_mission.mission_command)


def main() -> None:
    """Entry point of the `rencontre` script."""
    app()
