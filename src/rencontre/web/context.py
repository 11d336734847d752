"""What every request handler reaches through the application: database, settings, clock."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime

from fastapi import Request
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from rencontre.settings import Settings
from rencontre.store.database import session_scope
from rencontre.web.settings import WebSettings

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class WebContext:
    """One per application: built by `create_app`, kept in `app.state.context`."""

    settings: Settings
    web: WebSettings
    engine: Engine
    #: Signs the sign-in form's CSRF cookie; shared by every server process (in the database).
    secret: bytes
    clock: Clock = utc_now

    def now(self) -> datetime:
        return self.clock()

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One transaction, committed when the block ends (rolled back on error).

        Handlers commit before they answer, so the next request, to any server process,
        sees what this one did.
        """
        with session_scope(self.engine) as session:
            yield session


def web_context(request: Request) -> WebContext:
    context: WebContext = request.app.state.context
    return context
