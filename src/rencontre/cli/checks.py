"""`rencontre check` and `rencontre gaps`: what is wrong with a mission, and who is left out."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add this module's commands to the top-level `rencontre` app."""
