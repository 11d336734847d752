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
        return client.post(url, data=data)


ANYONE = (200,) * 8
PARTICIPANTS = (403, 200, 200, 200, 403, 403, 403, 403)
AGENDA_API = "/api/v1/participants/{participant_id}/agenda"
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
    Row("sign-out without the CSRF token", "POST", "/signout",
        (303, 403, 403, 403, 403, 403, 303, 303)),
    Row("sign-out from the page's button", "POST", "/signout", (303,) * 8, with_page_token=True),
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
