"""Every route answered for every kind of visitor, as declared in one table.

A new route adds a row (a test fails until it does): what each visitor gets from it.
Visitors: nobody; Inès (a participant of `hdf-nl-2025`); Joost (same mission, and Inès's
meeting partner); Piet (a participant of `be-2026`); Bram (organiser of `be-2026` only);
Olivia (organiser of `hdf-nl-2025`); and the two organisers' API tokens (bearer), which
count on the API only.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import httpx
import pytest
from tests.web.testclient import TestClient
from tests.web.world import BRAM, INES, JOOST, OLIVIA, PIET, World, form_token, open_link, sign_in

from rencontre.web.api.docs import OPENAPI_URL
from rencontre.web.app import ROUTERS

ROLES = (
    "anonymous",
    "participant",
    "partner",
    "other_participant",
    "other_organiser",
    "organiser",
    "organiser_token",
    "other_organiser_token",
)
Call = Callable[[TestClient, World], httpx.Response]


@dataclass(frozen=True)
class Row:
    """One way of calling a route (`method`, `route` as the app declares it)."""

    name: str
    method: str
    route: str
    expected: tuple[int, ...]  # one status per visitor, in ROLES order
    #: The URL called; `{ines}` and `{piet}` stand for those participants' ids.
    url: str = ""
    #: Send the CSRF token of the page's sign-out form (when the visitor has one).
    with_page_token: bool = False

    def __post_init__(self) -> None:
        assert len(self.expected) == len(ROLES), self.name

    def call(self, client: TestClient, world: World) -> httpx.Response:
        url = (self.url or self.route).format(ines=world.ids[INES], piet=world.ids[PIET])
        if self.method == "GET":
            return client.get(url)
        data = {}
        if self.with_page_token:
            page = client.get("/").text
            if 'action="/signout"' in page:
                data["csrf_token"] = form_token(page)
        return client.request(self.method, url, data=data)


ANYONE = (200,) * 8
PARTICIPANTS = (403, 200, 200, 200, 403, 403, 403, 403)
AGENDA_API = "/api/v1/participants/{participant_id}/agenda"
#: What is of `hdf-nl-2025` (Inès, Joost, Olivia) or of `be-2026` (Piet, Bram) on the API.
HDF_API = (401, 200, 200, 404, 404, 200, 200, 404)
BE_API = (401, 404, 404, 200, 200, 404, 404, 200)
NOBODY_API = (401,) + (404,) * 7
#: A write with the session cookie but no X-CSRF-Token header is refused before anything.
NOBODY_API_WRITE = (401, 403, 403, 403, 403, 403, 404, 404)
OUTCOME_PAGE = "/me/meetings/{meeting_id}/outcome"
#: A page of the desk of `hdf-nl-2025`: its organiser only; another organiser gets 404.
DESK = (303, 303, 303, 303, 404, 200, 303, 303)
#: A form of that desk posted without its CSRF token: the mission first (404), then the token.
DESK_POST = (303, 303, 303, 303, 404, 403, 303, 303)
#: A desk page of no mission in particular: any organiser.
ANY_ORGANISER = (303, 303, 303, 303, 200, 200, 303, 303)
HDF_DESK = "/organiser/missions/hdf-nl-2025"
OUTCOME_API = "/api/v1/meetings/{meeting_id}/outcome"
ROWS = (
    Row("home", "GET", "/", ANYONE),
    Row("sign-in form", "GET", "/signin", ANYONE),
    Row("sign-in without its CSRF field", "POST", "/signin", (403,) * 8),
    Row("organiser's home", "GET", "/organiser/", (303, 303, 303, 303, 200, 200, 303, 303)),
    Row("participant's space", "GET", "/me/", PARTICIPANTS),
    Row("agenda page", "GET", "/me/agenda", PARTICIPANTS),
    Row("agenda iCalendar", "GET", "/me/agenda.ics", PARTICIPANTS),
    Row("agenda PDF", "GET", "/me/agenda.pdf", PARTICIPANTS),
    Row("my meeting requests", "GET", "/me/requests", PARTICIPANTS),
    Row("recommended partners", "GET", "/me/partners", PARTICIPANTS),
    Row("participants' directory", "GET", "/me/directory", PARTICIPANTS),
    Row("send a request without the CSRF token", "POST", "/me/requests",
        (403,) * 8),
    Row("send a request without its fields", "POST", "/me/requests",
        (403, 400, 400, 400, 403, 403, 403, 403), with_page_token=True),
    Row("accept nobody's request", "POST", "/me/requests/{request_id}/accept",
        (403, 404, 404, 404, 403, 403, 403, 403), url="/me/requests/999999/accept",
        with_page_token=True),
    Row("decline nobody's request", "POST", "/me/requests/{request_id}/decline",
        (403, 404, 404, 404, 403, 403, 403, 403), url="/me/requests/999999/decline",
        with_page_token=True),
    Row("withdraw nobody's request", "POST", "/me/requests/{request_id}/withdraw",
        (403, 404, 404, 404, 403, 403, 403, 403), url="/me/requests/999999/withdraw",
        with_page_token=True),
    Row("accept without the CSRF token", "POST", "/me/requests/{request_id}/accept",
        (403,) * 8, url="/me/requests/999999/accept"),
    Row("unknown personal link", "GET", "/l/{token}", (404,) * 8, url="/l/not-a-token"),
    Row("Inès's agenda (API)", "GET", AGENDA_API, (401, 200, 404, 404, 404, 200, 200, 404),
        url="/api/v1/participants/{ines}/agenda"),
    Row("Piet's agenda (API)", "GET", AGENDA_API, (401, 404, 404, 200, 200, 404, 404, 200),
        url="/api/v1/participants/{piet}/agenda"),
    Row("nobody's agenda (API)", "GET", AGENDA_API, (401, 404, 404, 404, 404, 404, 404, 404),
        url="/api/v1/participants/999999/agenda"),
    Row("OpenAPI document", "GET", OPENAPI_URL, ANYONE),
    Row("API documentation page", "GET", "/api/docs", ANYONE),
    Row("missions (API)", "GET", "/api/v1/missions", (401,) + (200,) * 7),
    Row("hdf mission (API)", "GET", "/api/v1/missions/{key}", HDF_API,
        url="/api/v1/missions/hdf-nl-2025"),
    Row("hdf organisations (API)", "GET", "/api/v1/missions/{key}/organisations", HDF_API,
        url="/api/v1/missions/hdf-nl-2025/organisations"),
    Row("nobody's organisation (API)", "GET", "/api/v1/organisations/{organisation_id}",
        NOBODY_API, url="/api/v1/organisations/999999"),
    Row("hdf participants (API)", "GET", "/api/v1/missions/{key}/participants", HDF_API,
        url="/api/v1/missions/hdf-nl-2025/participants"),
    Row("Inès (API)", "GET", "/api/v1/participants/{participant_id}", HDF_API,
        url="/api/v1/participants/{ines}"),
    Row("Piet (API)", "GET", "/api/v1/participants/{participant_id}", BE_API,
        url="/api/v1/participants/{piet}"),
    Row("Inès's calendar (API)", "GET", "/api/v1/participants/{participant_id}/agenda.ics",
        (401, 200, 404, 404, 404, 200, 200, 404), url="/api/v1/participants/{ines}/agenda.ics"),
    Row("Piet's calendar (API)", "GET", "/api/v1/participants/{participant_id}/agenda.ics",
        BE_API, url="/api/v1/participants/{piet}/agenda.ics"),
    Row("hdf requests (API)", "GET", "/api/v1/missions/{key}/requests", HDF_API,
        url="/api/v1/missions/hdf-nl-2025/requests"),
    Row("send a request without a body (API)", "POST", "/api/v1/missions/{key}/requests",
        (401, 403, 403, 403, 403, 403, 422, 422), url="/api/v1/missions/hdf-nl-2025/requests"),
    Row("accept nobody's request (API)", "POST", "/api/v1/requests/{request_id}/accept",
        NOBODY_API_WRITE, url="/api/v1/requests/999999/accept"),
    Row("decline nobody's request (API)", "POST", "/api/v1/requests/{request_id}/decline",
        NOBODY_API_WRITE, url="/api/v1/requests/999999/decline"),
    Row("withdraw nobody's request (API)", "POST", "/api/v1/requests/{request_id}/withdraw",
        NOBODY_API_WRITE, url="/api/v1/requests/999999/withdraw"),
    Row("hdf meetings (API)", "GET", "/api/v1/missions/{key}/meetings", HDF_API,
        url="/api/v1/missions/hdf-nl-2025/meetings"),
    Row("nobody's meeting (API)", "GET", "/api/v1/meetings/{meeting_id}", NOBODY_API,
        url="/api/v1/meetings/999999"),
    Row("sign-out without the CSRF token", "POST", "/signout",
        (303, 403, 403, 403, 403, 403, 303, 303)),
    Row("sign-out from the page's button", "POST", "/signout", (303,) * 8, with_page_token=True),
    Row("my meetings' outcomes", "GET", "/me/outcomes", PARTICIPANTS),
    Row("record an outcome without the CSRF token", "POST", OUTCOME_PAGE, (403,) * 8,
        url="/me/meetings/999999/outcome"),
    Row("record an outcome of nobody's meeting", "POST", OUTCOME_PAGE,
        (403, 404, 404, 404, 403, 403, 403, 403), url="/me/meetings/999999/outcome",
        with_page_token=True),
    Row("a mission's outcomes (API)", "GET", "/api/v1/missions/{key}/outcomes",
        (401, 404, 404, 404, 404, 200, 200, 404), url="/api/v1/missions/hdf-nl-2025/outcomes"),
    Row("my outcomes (API)", "GET", "/api/v1/me/outcomes",
        (401, 200, 200, 200, 403, 403, 403, 403)),
    Row("record an outcome without the CSRF header (API)", "PUT", OUTCOME_API,
        (401, 403, 403, 403, 403, 403, 403, 403), url="/api/v1/meetings/999999/outcome"),
    Row("my profile", "GET", "/me/profile", PARTICIPANTS),
    Row("save my profile without the CSRF token", "POST", "/me/profile", (403,) * 8),
    Row("save my profile without its fields", "POST", "/me/profile",
        (403, 400, 400, 400, 403, 403, 403, 403), with_page_token=True),
    Row("a mission's jobs (API)", "GET", "/api/v1/missions/{key}/jobs",
        (401, 404, 404, 404, 404, 200, 200, 404), url="/api/v1/missions/hdf-nl-2025/jobs"),
    Row("start a job without the CSRF header (API)", "POST", "/api/v1/missions/{key}/jobs",
        (401, 403, 403, 403, 403, 403, 422, 422), url="/api/v1/missions/hdf-nl-2025/jobs"),
    Row("nobody's job (API)", "GET", "/api/v1/jobs/{job_id}", NOBODY_API,
        url="/api/v1/jobs/999999"),
    Row("unknown calendar feed", "GET", "/calendar/{token}.ics", (404,) * 8,
        url="/calendar/not-a-token.ics"),
    Row("make my calendar link without the CSRF token", "POST", "/me/calendar", (403,) * 8),
    Row("make my calendar link", "POST", "/me/calendar", PARTICIPANTS, with_page_token=True),
    Row("stop my calendar link without the CSRF token", "POST", "/me/calendar/stop",
        (403,) * 8),
    Row("stop my calendar link", "POST", "/me/calendar/stop",
        (403, 303, 303, 303, 403, 403, 403, 403), with_page_token=True),
    Row("the master grid", "GET", "/organiser/missions/{key}/grid", DESK,
        url="/organiser/missions/hdf-nl-2025/grid"),
    Row("the master grid (XLSX)", "GET", "/organiser/missions/{key}/grid.xlsx", DESK,
        url="/organiser/missions/hdf-nl-2025/grid.xlsx"),
    Row("the master grid (CSV)", "GET", "/organiser/missions/{key}/grid.csv", DESK,
        url="/organiser/missions/hdf-nl-2025/grid.csv"),
    Row("the master grid (PDF)", "GET", "/organiser/missions/{key}/grid.pdf", DESK,
        url="/organiser/missions/hdf-nl-2025/grid.pdf"),
    Row("every agenda (ZIP)", "GET", "/organiser/missions/{key}/agendas.zip", DESK,
        url="/organiser/missions/hdf-nl-2025/agendas.zip"),
    Row("every agenda (booklet)", "GET", "/organiser/missions/{key}/agendas.pdf", DESK,
        url="/organiser/missions/hdf-nl-2025/agendas.pdf"),
    Row("the matching's proposals", "GET", "/organiser/missions/{key}/matches", DESK,
        url="/organiser/missions/hdf-nl-2025/matches"),
    Row("run the matching without the CSRF token", "POST",
        "/organiser/missions/{key}/matches/run", (303, 303, 303, 303, 404, 403, 303, 303),
        url="/organiser/missions/hdf-nl-2025/matches/run"),
    Row("approve no proposal", "POST", "/organiser/missions/{key}/matches/approve",
        (303, 303, 303, 303, 404, 400, 303, 303),
        url="/organiser/missions/hdf-nl-2025/matches/approve", with_page_token=True),
    Row("reject without the CSRF token", "POST", "/organiser/missions/{key}/matches/reject",
        (303, 303, 303, 303, 404, 403, 303, 303),
        url="/organiser/missions/hdf-nl-2025/matches/reject"),
    Row("the mission's requests", "GET", "/organiser/missions/{key}/requests", DESK,
        url="/organiser/missions/hdf-nl-2025/requests"),
    Row("close requests without the CSRF token", "POST",
        "/organiser/missions/{key}/requests/close", (303, 303, 303, 303, 404, 403, 303, 303),
        url="/organiser/missions/hdf-nl-2025/requests/close"),
    Row("reopen requests without the CSRF token", "POST",
        "/organiser/missions/{key}/requests/reopen", (303, 303, 303, 303, 404, 403, 303, 303),
        url="/organiser/missions/hdf-nl-2025/requests/reopen"),
    Row("the schedule", "GET", "/organiser/missions/{key}/schedule", DESK,
        url="/organiser/missions/hdf-nl-2025/schedule"),
    Row("run the scheduler without the CSRF token", "POST",
        "/organiser/missions/{key}/schedule/run", (303, 303, 303, 303, 404, 403, 303, 303),
        url="/organiser/missions/hdf-nl-2025/schedule/run"),
    Row("publish without the CSRF token", "POST",
        "/organiser/missions/{key}/schedule/publish", (303, 303, 303, 303, 404, 403, 303, 303),
        url="/organiser/missions/hdf-nl-2025/schedule/publish"),
    Row("the published versions", "GET", "/organiser/missions/{key}/schedule/versions", DESK,
        url="/organiser/missions/hdf-nl-2025/schedule/versions"),
    Row("a meeting's move", "GET", "/organiser/missions/{key}/meetings/{meeting_id}/move", DESK,
        url="/organiser/missions/hdf-nl-2025/meetings/1/move"),
    Row("move without the CSRF token", "POST",
        "/organiser/missions/{key}/meetings/{meeting_id}/move",
        (303, 303, 303, 303, 404, 403, 303, 303),
        url="/organiser/missions/hdf-nl-2025/meetings/1/move"),
    Row("lock without the CSRF token", "POST",
        "/organiser/missions/{key}/meetings/{meeting_id}/lock",
        (303, 303, 303, 303, 404, 403, 303, 303),
        url="/organiser/missions/hdf-nl-2025/meetings/1/lock"),
    Row("unlock without the CSRF token", "POST",
        "/organiser/missions/{key}/meetings/{meeting_id}/unlock",
        (303, 303, 303, 303, 404, 403, 303, 303),
        url="/organiser/missions/hdf-nl-2025/meetings/1/unlock"),
    Row("changes on the day", "GET", "/organiser/missions/{key}/changes", DESK,
        url="/organiser/missions/hdf-nl-2025/changes"),
    Row("preview a change without the CSRF token", "POST",
        "/organiser/missions/{key}/changes", (303, 303, 303, 303, 404, 403, 303, 303),
        url="/organiser/missions/hdf-nl-2025/changes"),
    Row("apply a change without the CSRF token", "POST",
        "/organiser/missions/{key}/changes/apply", (303, 303, 303, 303, 404, 403, 303, 303),
        url="/organiser/missions/hdf-nl-2025/changes/apply"),
    Row("new mission form", "GET", "/organiser/missions/new", ANY_ORGANISER),
    Row("create a mission without the CSRF token", "POST", "/organiser/missions/new",
        (303, 303, 303, 303, 403, 403, 303, 303)),
    Row("mission settings", "GET", "/organiser/missions/{key}/edit", DESK,
        url=f"{HDF_DESK}/edit"),
    Row("save mission settings without the CSRF token", "POST",
        "/organiser/missions/{key}/edit", DESK_POST, url=f"{HDF_DESK}/edit"),
    Row("duplicate a mission without the CSRF token", "POST",
        "/organiser/missions/{key}/duplicate", DESK_POST, url=f"{HDF_DESK}/duplicate"),
    Row("the audit log", "GET", "/organiser/missions/{key}/log", DESK, url=f"{HDF_DESK}/log"),
    Row("the participants", "GET", "/organiser/missions/{key}/participants", DESK,
        url=f"{HDF_DESK}/participants"),
    Row("upload participants without the CSRF token", "POST",
        "/organiser/missions/{key}/participants/upload", DESK_POST,
        url=f"{HDF_DESK}/participants/upload"),
    Row("new participant form", "GET", "/organiser/missions/{key}/participants/new", DESK,
        url=f"{HDF_DESK}/participants/new"),
    Row("add a participant without the CSRF token", "POST",
        "/organiser/missions/{key}/participants/new", DESK_POST,
        url=f"{HDF_DESK}/participants/new"),
    Row("a participant's form", "GET",
        "/organiser/missions/{key}/participants/{participant_id}/edit", DESK,
        url=HDF_DESK + "/participants/{ines}/edit"),
    Row("save a participant without the CSRF token", "POST",
        "/organiser/missions/{key}/participants/{participant_id}/edit", DESK_POST,
        url=HDF_DESK + "/participants/{ines}/edit"),
    Row("invite without the CSRF token", "POST",
        "/organiser/missions/{key}/participants/invite", DESK_POST,
        url=f"{HDF_DESK}/participants/invite"),
    Row("resend a link without the CSRF token", "POST",
        "/organiser/missions/{key}/participants/{participant_id}/resend", DESK_POST,
        url=HDF_DESK + "/participants/{ines}/resend"),
    Row("revoke links without the CSRF token", "POST",
        "/organiser/missions/{key}/participants/{participant_id}/revoke", DESK_POST,
        url=HDF_DESK + "/participants/{ines}/revoke"),
    Row("unknown page", "GET", "/nowhere", (404,) * 8),
)  # fmt: skip


def visitor(role: str, make: Callable[[], TestClient], world: World) -> TestClient:
    """A new browser (or API client) acting as `role`."""
    client = make()
    links = {"participant": INES, "partner": JOOST, "other_participant": PIET}
    organisers = {"organiser": OLIVIA, "other_organiser": BRAM}
    tokens = {"organiser_token": OLIVIA, "other_organiser_token": BRAM}
    if role in links:
        assert open_link(client, world.links[links[role]]) == 303
    elif role in organisers:
        assert sign_in(client, organisers[role]) == 303
    elif role in tokens:
        client.headers["Authorization"] = f"Bearer {world.api_tokens[tokens[role]]}"
    return client


@pytest.mark.parametrize("row", ROWS, ids=lambda row: row.name)
def test_route_answers_each_visitor_as_declared(
    row: Row, world: World, new_client: Callable[[], TestClient]
) -> None:
    observed = {role: row.call(visitor(role, new_client, world), world).status_code
                for role in ROLES}  # fmt: skip
    assert observed == dict(zip(ROLES, row.expected, strict=True))


def test_every_route_of_the_app_has_a_row() -> None:
    declared = {
        (method, route.path)
        for router in ROUTERS
        for route in router.routes
        for method in getattr(route, "methods", None) or ()
    } | {("GET", OPENAPI_URL)}
    tabled = {(row.method, row.route) for row in ROWS if row.route != "/nowhere"}
    assert tabled == declared
