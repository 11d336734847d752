"""The web application: `create_app(settings)` builds it, `app_from_environ` for servers.

One application serves the pages of each audience and the API over one database. It keeps
no state of its own between requests (sessions, rate-limit counters and the shared secret
are in the database), so any number of server processes can serve the same database.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import APIRouter, FastAPI
from fastapi.staticfiles import StaticFiles

from rencontre.settings import Settings
from rencontre.store import accounts as store
from rencontre.store.database import open_database, session_scope
from rencontre.web import home
from rencontre.web.api import docs as api_docs
from rencontre.web.api import routes as api_routes
from rencontre.web.auth import routes as auth_routes
from rencontre.web.context import Clock, WebContext, utc_now
from rencontre.web.errors import install_error_handlers
from rencontre.web.organiser import routes as organiser_routes
from rencontre.web.participant import routes as participant_routes
from rencontre.web.security import STATIC_PREFIX, SecurityHeaders
from rencontre.web.settings import WebSettings

STATIC_DIRECTORY = Path(__file__).with_name("static")
#: Every router of the application, by audience; each route declares the visitor it needs.
ROUTERS: tuple[APIRouter, ...] = (
    home.router,
    auth_routes.router,
    participant_routes.router,
    organiser_routes.router,
    api_routes.router,
    api_docs.router,
)
SIGN_IN_SECRET = "sign-in-form"


def create_app(
    settings: Settings | None = None,
    web: WebSettings | None = None,
    *,
    clock: Clock = utc_now,
) -> FastAPI:
    """The application on `settings.database_url` (created or upgraded first).

    `web` defaults to the environment's (`WebSettings.from_environ`); `clock` gives the
    current time (aware), for tests that move it.
    """
    settings = settings or Settings.from_environ()
    web = web or WebSettings.from_environ()
    engine = open_database(settings)
    try:
        with session_scope(engine) as session:
            secret = store.server_secret(session, SIGN_IN_SECRET)
    except BaseException:
        engine.dispose()
        raise

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        engine.dispose()

    app = FastAPI(
        title="rencontre",
        summary="Trade missions: participants, agendas, meetings.",
        version="1",
        openapi_url=api_docs.OPENAPI_URL,
        docs_url=None,
        redoc_url=None,
        swagger_ui_oauth2_redirect_url=None,
        lifespan=lifespan,
    )
    app.state.context = WebContext(settings, web, engine, secret, clock)
    app.add_middleware(SecurityHeaders)
    install_error_handlers(app)
    app.mount(STATIC_PREFIX.rstrip("/"), StaticFiles(directory=STATIC_DIRECTORY), name="static")
    for router in ROUTERS:
        app.include_router(router)
    describe = app.openapi
    app.openapi = lambda: api_docs.with_problem_documents(describe())  # type: ignore[method-assign]
    return app


def app_from_environ() -> FastAPI:
    """The application as the environment configures it (`rencontre serve` workers)."""
    return create_app(Settings.from_environ(), WebSettings.from_environ())
