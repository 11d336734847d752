"""`rencontre request …`: change meeting requests one by one or from a file."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add this module's commands to the top-level `rencontre` app."""
