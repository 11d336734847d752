"""`rencontre match …`: the matching engine on plain files and on the stored mission."""

from __future__ import annotations

import typer

app = typer.Typer(help="Cross-lingual retrieval and partner recommendations.", no_args_is_help=True)
