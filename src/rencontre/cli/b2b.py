"""`rencontre b2b …`: the scheduling engine on benchmark files."""

from __future__ import annotations

import typer

app = typer.Typer(help="Solve B2B meeting-scheduling instances (.dzn files).", no_args_is_help=True)
