"""`rencontre repair` and `rencontre participant …`: changes to a scheduled mission."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add this module's commands to the top-level `rencontre` app."""
