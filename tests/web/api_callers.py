"""API clients of the web tests: an organiser's (bearer token), a participant's (session)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
from tests.web.testclient import TestClient
from tests.web.world import World, form_token, open_link

from rencontre.web.errors import PROBLEM_MEDIA_TYPE

Make = Callable[[], TestClient]


def organiser(make: Make, world: World, email: str) -> TestClient:
    """An integration acting for organiser `email` with her API token."""
    client = make()
    client.headers["Authorization"] = f"Bearer {world.api_tokens[email]}"
    return client


def participant(make: Make, world: World, email: str, *, csrf: bool = True) -> TestClient:
    """Participant `email`'s browser after her link; with `csrf`, it sends the session's
    CSRF token in `X-CSRF-Token` (as a page of the site would)."""
    client = make()
    assert open_link(client, world.links[email]) == 303
    if csrf:
        client.headers["X-CSRF-Token"] = form_token(client.get("/me/").text)
    return client


def problem(response: httpx.Response, status: int) -> dict[str, Any]:
    """The problem document of `response`, checked to have `status` and a detail."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM_MEDIA_TYPE
    body: dict[str, Any] = response.json()
    assert body["status"] == status
    assert body["detail"]
    return body


def items(response: httpx.Response) -> list[dict[str, Any]]:
    """The items of a page, checked to be a 200."""
    assert response.status_code == 200, response.text
    found: list[dict[str, Any]] = response.json()["items"]
    return found
