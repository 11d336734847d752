"""`rencontre grid`: the organiser's master grid of a mission's meetings."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add this module's commands to the top-level `rencontre` app."""
