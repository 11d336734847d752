"""How every command says it failed: one `error: …` line on stderr, then its exit code.

Light on purpose (no database, Rich or engine import): `rencontre b2b` uses it too.
"""

from __future__ import annotations

import typer

EXIT_FAILED = 1  # usage errors exit with 2, as Typer does


def fail(message: str, *, code: int = EXIT_FAILED) -> typer.Exit:
    """Print `error: message` on stderr and return the exit to raise."""
    # Plain echo, not Rich: a console would wrap a long path over several lines.
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(code=code)
