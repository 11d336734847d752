"""`rencontre check` and `rencontre gaps`: what is wrong with a mission, and who is left out.

`check` prints every finding, errors first, one per line (`error [code] message` or
`warning [code] message`), then a one-line summary, and exits 1 when there is an error and
0 otherwise: scripts rely on that contract.
"""

from __future__ import annotations

import typer

from rencontre.cli.command import Command
from rencontre.cli.common import MissionOption, database_session, load_mission, stdout_console
from rencontre.cli.messages import EXIT_FAILED
from rencontre.services.findings import format_findings, summary_line
from rencontre.services.mission_checks import check_mission
from rencontre.services.mission_gaps import find_gaps, format_gaps

# Help texts as whole paragraphs: the help panel keeps a docstring's line breaks.
CHECK_HELP = (
    "Check a mission's programme, requests and stored meetings.\n\n"
    "Errors (exit code 1): overlapping B2B sessions, a session at a venue without tables, "
    "programme items one person must attend at the same time, accepted requests with someone "
    "outside the mission, stored meetings that break a rule. Warnings (exit code 0): too "
    "little travel time between items, items outside the mission's dates, accepted meetings "
    "that cannot all be placed. Prints one line per finding, errors first, then a summary."
)
GAPS_HELP = (
    "Show who is left out of a mission.\n\n"
    "Participants without a meeting or with fewer than they asked for, pending and accepted "
    "requests without a meeting, organisations nobody asked to meet, and meetings whose two "
    "people share no language (an interpreter is needed), by slot."
)


def check_command(mission: MissionOption = None) -> None:
    """Check a mission's programme, requests and stored meetings (see `CHECK_HELP`)."""
    with database_session() as session:
        snapshot = load_mission(session, mission)
    findings = check_mission(snapshot)
    out = stdout_console()
    for line in format_findings(findings):
        out.print(line, markup=False)
    out.print(summary_line(snapshot.mission.key, findings), markup=False)
    if any(f.is_error for f in findings):
        raise typer.Exit(code=EXIT_FAILED)


def gaps_command(mission: MissionOption = None) -> None:
    """Show who is left out of a mission (see `GAPS_HELP`)."""
    with database_session() as session:
        snapshot = load_mission(session, mission)
    out = stdout_console()
    for line in format_gaps(find_gaps(snapshot)):
        out.print(line, markup=False)


def register(app: typer.Typer) -> None:
    """Add this module's commands to the top-level `rencontre` app."""
    app.command("check", cls=Command, help=CHECK_HELP)(check_command)
    app.command("gaps", cls=Command, help=GAPS_HELP)(gaps_command)
