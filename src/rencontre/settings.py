"""The one `Settings` object of a rencontre process, read from the environment at start-up."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

#: Environment variable naming the database; any SQLAlchemy URL, `postgresql://` included.
DATABASE_URL_VARIABLE = "RENCONTRE_DATABASE_URL"
#: A SQLite file in the current directory, so that `rencontre demo` works with no set-up.
DEFAULT_DATABASE_URL = "sqlite:///rencontre.db"


@dataclass(frozen=True)
class Settings:
    """Every setting of rencontre; build it with `Settings.from_environ()`.

    `database_url`: where everything is stored (`RENCONTRE_DATABASE_URL`, default
    `sqlite:///rencontre.db` in the current directory). `postgresql://` and `postgres://`
    URLs are served by psycopg 3 (`postgresql+psycopg://`).
    """

    database_url: str = DEFAULT_DATABASE_URL

    def __post_init__(self) -> None:
        object.__setattr__(self, "database_url", normalise_database_url(self.database_url))

    @classmethod
    def from_environ(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Settings from `environ` (the process environment by default)."""
        env = os.environ if environ is None else environ
        return cls(database_url=env.get(DATABASE_URL_VARIABLE, "").strip() or DEFAULT_DATABASE_URL)

    @property
    def masked_database_url(self) -> str:
        """The database URL with its password hidden, fit to print."""
        return mask_password(self.database_url)


def normalise_database_url(url: str) -> str:
    """Route plain PostgreSQL URLs to the psycopg 3 driver; leave every other URL as it is."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def mask_password(url: str) -> str:
    """`url` with any password replaced by `***` (an unparsable URL is shown as written)."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        return url
    if parsed.password is None:
        return url
    return parsed.render_as_string(hide_password=True)
