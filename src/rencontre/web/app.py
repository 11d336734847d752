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

from rencontre.services.jobs import JobOptions
from rencontre.settings import Settings
from rencontre.store import accounts as store
from rencontre.store.database import open_database, session_scope
from rencontre.web import home
from rencontre.web.api import docs as api_docs
from rencontre.web.api import jobs as api_jobs
from rencontre.web.api import meetings as api_meetings
from rencontre.web.api import missions as api_missions
from rencontre.web.api import organisations as api_organisations
from rencontre.web.api import outcomes as api_outcomes
from rencontre.web.api import participants as api_participants
from rencontre.web.api import requests as api_requests
from rencontre.web.api import routes as api_routes
from rencontre.web.auth import routes as auth_routes
from rencontre.web.context import Clock, WebContext, utc_now
from rencontre.web.errors import install_error_handlers
from rencontre.web.job_thread import JobThread
from rencontre.web.organiser import day_changes as organiser_day_changes
from rencontre.web.organiser import documents as organiser_documents
from rencontre.web.organiser import matches as organiser_matches
from rencontre.web.organiser import meeting_moves as organiser_meeting_moves
from rencontre.web.organiser import mission_requests as organiser_requests
from rencontre.web.organiser import missions as organiser_missions
from rencontre.web.organiser import participants as organiser_participants
from rencontre.web.organiser import routes as organiser_routes
from rencontre.web.organiser import schedule as organiser_schedule
from rencontre.web.participant import calendar_feed as participant_calendar_feed
from rencontre.web.participant import directory as participant_directory
from rencontre.web.participant import outcomes as participant_outcomes
from rencontre.web.participant import profile as participant_profile
from rencontre.web.participant import routes as participant_routes
from rencontre.web.security import STATIC_PREFIX, SecurityHeaders
from rencontre.web.settings import WebSettings

STATIC_DIRECTORY = Path(__file__).with_name("static")
#: Every router of the application, by audience; each route declares the visitor it needs.
ROUTERS: tuple[APIRouter, ...] = (
    home.router,
    auth_routes.router,
    participant_routes.router,
    participant_directory.router,
    participant_profile.router,
    participant_outcomes.router,
    participant_calendar_feed.router,
    organiser_routes.router,
    organiser_documents.router,
    organiser_schedule.router,
    organiser_meeting_moves.router,
    organiser_day_changes.router,
    organiser_missions.router,
    organiser_participants.router,
    organiser_matches.router,
    organiser_requests.router,
    api_routes.router,
    api_jobs.router,
    api_outcomes.router,
    api_missions.router,
    api_organisations.router,
    api_participants.router,
    api_requests.router,
    api_meetings.router,
    api_docs.router,
)
SIGN_IN_SECRET = "sign-in-form"


def create_app(
    settings: Settings | None = None,
    web: WebSettings | None = None,
    *,
    clock: Clock = utc_now,
    job_options: JobOptions | None = None,
) -> FastAPI:
    """The application on `settings.database_url` (created or upgraded first).

    `web` defaults to the environment's (`WebSettings.from_environ`); `clock` gives the
    current time (aware), for tests that move it; `job_options` how the SQLite job thread
    runs jobs (tests choose a lighter encoder).
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

    # SQLite has no job queue: this server runs the jobs (PostgreSQL: `rencontre worker`).
    on_sqlite = engine.dialect.name == "sqlite"
    jobs = JobThread(engine, options=job_options, clock=clock) if on_sqlite else None

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        if jobs is not None:
            jobs.start()
        yield
        if jobs is not None:
            jobs.stop()
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
