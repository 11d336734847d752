"""Fixtures of the web tests: the two-mission world, the app on it, a browser-like client."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from fastapi import FastAPI
from sqlalchemy import Engine
from tests.web.testclient import TestClient
from tests.web.world import MovableClock, World, store_world

from rencontre.settings import Settings
from rencontre.web.app import create_app
from rencontre.web.settings import WebSettings

WEB = WebSettings(base_url="http://testserver")


@pytest.fixture
def world(engine: Engine) -> World:
    return store_world(engine)


@pytest.fixture
def clock() -> MovableClock:
    return MovableClock()


@pytest.fixture
def app(settings: Settings, world: World, clock: MovableClock) -> FastAPI:
    return create_app(settings, WEB, clock=clock)


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    """A client that keeps cookies and does not follow redirections (tests look at them)."""
    with TestClient(app, follow_redirects=False) as client:
        yield client


@pytest.fixture
def new_client(app: FastAPI, client: TestClient) -> Iterator[Callable[[], TestClient]]:
    """Make more clients of the same app (other browsers), closed at the end (the app's
    database is closed with the first client's)."""
    clients: list[TestClient] = []

    def make() -> TestClient:
        client = TestClient(app, follow_redirects=False)
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.close()
