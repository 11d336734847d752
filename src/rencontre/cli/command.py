"""Commands whose help shows a flag as a flag, with no value after it.

Typer 0.29 puts the option's type in the help panel for every option, flags included, so
`--help`, `--quiet` and `--cross-border` read as if they took a `<bool>`. An empty metavar is
the one place that column comes from; flags get one when the help is built.
"""

from __future__ import annotations

from typing import Any

import typer
from typer.core import TyperCommand, TyperGroup, TyperOption


def _flags_without_value(params: list[Any]) -> list[Any]:
    for param in params:
        if isinstance(param, TyperOption) and param.is_flag and param.metavar is None:
            param.metavar = ""
    return params


class Command(TyperCommand):
    """A Typer command whose flags show no value type in its help."""

    def get_params(self, ctx: Any) -> list[Any]:
        return _flags_without_value(super().get_params(ctx))


class Group(TyperGroup):
    """A Typer group whose flags (`--help`) show no value type in its help."""

    def get_params(self, ctx: Any) -> list[Any]:
        return _flags_without_value(super().get_params(ctx))


def new_app(**settings: Any) -> typer.Typer:
    """A Typer app (group) built with `Group`; give its commands `cls=Command`."""
    return typer.Typer(cls=Group, **settings)
