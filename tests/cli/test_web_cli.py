"""`rencontre serve`, `user add`, `link` and `token create` on SQLite and PostgreSQL."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
from sqlalchemy import Engine
from tests.conftest import make_sample_dataset
from typer.testing import CliRunner, Result

from rencontre.cli import web
from rencontre.cli.command import new_app
from rencontre.services import accounts
from rencontre.services.accounts import LinkState
from rencontre.store import accounts as store
from rencontre.store import repositories as repo
from rencontre.store.database import session_scope

RunCli = Callable[..., Result]
BASE_URL = "https://missions.example.org"
PASSWORD = "correct horse battery staple"
INES = "ines@voltaique.example"
OLIVIA = "olivia@agency.example"
MISSION = "hdf-nl-2025"
# The commands as `rencontre` runs them, in a process of their own.
RUN_COMMANDS = (
    "from rencontre.cli import web; from rencontre.cli.command import new_app; "
    "app = new_app(name='rencontre'); web.register(app); app()"
)


@pytest.fixture
def stored(engine: Engine) -> None:
    with session_scope(engine) as session:
        repo.save_dataset(session, make_sample_dataset())


@pytest.fixture
def run(database_url: str) -> RunCli:
    """Run the web commands on the test database, the way `rencontre` would."""
    app = new_app(name="rencontre")
    web.register(app)
    runner = CliRunner()

    def invoke(*args: str, input: str | None = None, base_url: str = BASE_URL) -> Result:
        env = {"RENCONTRE_DATABASE_URL": database_url, "RENCONTRE_BASE_URL": base_url}
        return runner.invoke(app, list(args), input=input, env=env)

    return invoke


def now() -> datetime:
    return datetime.now(UTC)


def token_of(url: str, base_url: str = BASE_URL) -> str:
    found = re.fullmatch(re.escape(base_url) + r"/l/([A-Za-z0-9_-]{43})", url)
    assert found is not None, url
    return found.group(1)


def test_user_add_reads_the_password_from_stdin(run: RunCli, stored: None, engine: Engine) -> None:
    result = run(
        "user", "add", "Olivia@Agency.example", "--role", "organiser", "--mission", MISSION,
        "--password-stdin", input=f"{PASSWORD}\nnot the password\n",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.stdout == f"Added organiser {OLIVIA}, who organises '{MISSION}'\n"
    with session_scope(engine) as session:
        signed_in = accounts.sign_in(
            session, email=OLIVIA, password=PASSWORD, address="192.0.2.1", now=now()
        )
        user = store.find_user(session, OLIVIA)
        assert user is not None
        assert [m.key for m in store.organised_missions(session, user.id)] == [MISSION]
    assert signed_in.started is not None


def test_user_add_asks_for_the_password_twice(run: RunCli, stored: None, engine: Engine) -> None:
    result = run("user", "add", OLIVIA, "--role", "organiser", input=f"{PASSWORD}\n{PASSWORD}\n")
    assert result.exit_code == 0, result.output
    assert (
        result.stdout.splitlines()[-1] == f"Added organiser {OLIVIA}, who organises no mission yet"
    )
    with session_scope(engine) as session:
        user = store.find_user(session, OLIVIA)
        assert user is not None
        assert store.organised_missions(session, user.id) == []


@pytest.mark.parametrize(
    ("args", "password", "error"),
    [
        (("--mission", "nowhere"), PASSWORD, "error: no mission 'nowhere'\n"),
        ((), "short", "error: the password must have at least 12 characters (it has 5)\n"),
        ((), "", "error: the password must have at least 12 characters (it has 0)\n"),
    ],
)
def test_user_add_refuses_bad_input_in_one_line(
    run: RunCli, stored: None, engine: Engine, args: tuple[str, ...], password: str, error: str
) -> None:
    result = run(
        "user", "add", OLIVIA, "--role", "organiser", *args, "--password-stdin",
        input=f"{password}\n",
    )  # fmt: skip
    assert (result.exit_code, result.stderr) == (1, error)
    with session_scope(engine) as session:
        assert store.find_user(session, OLIVIA) is None


def test_user_add_refuses_an_existing_user(run: RunCli, stored: None) -> None:
    args = ("user", "add", OLIVIA, "--role", "organiser", "--password-stdin")
    assert run(*args, input=PASSWORD).exit_code == 0
    again = run(*args, input=PASSWORD)
    assert (again.exit_code, again.stderr) == (1, f"error: a user {OLIVIA} exists already\n")


def test_user_add_knows_only_the_organiser_role(run: RunCli, stored: None) -> None:
    result = run("user", "add", OLIVIA, "--role", "admin", "--password-stdin", input=PASSWORD)
    assert result.exit_code == 2


def test_link_prints_the_url_alone_on_one_line(run: RunCli, stored: None, engine: Engine) -> None:
    result = run("link", INES, "--mission", MISSION)
    assert result.exit_code == 0, result.output
    (url,) = result.stdout.splitlines()
    assert result.stdout == url + "\n"
    token = token_of(url)
    assert result.stderr.startswith(
        f"Personal link of Inès Dubois <{INES}> in mission '{MISSION}', valid until "
    )
    assert result.stderr.endswith(" (Europe/Paris)\n")
    with session_scope(engine) as session:
        assert accounts.open_link(session, token=token, now=now()).state is LinkState.OPENED
        assert store.link_hashes(session, store.participant_id(session, INES) or 0) == [
            accounts.digest(token)
        ]


def test_a_long_link_is_never_wrapped(run: RunCli, stored: None) -> None:
    base = "https://missions.example.org/" + "a-long-path-segment/" * 6 + "end"
    result = run("link", INES, "--days", "3", base_url=base)
    assert result.exit_code == 0, result.output
    (url,) = result.stdout.splitlines()
    assert len(url) > 160
    token_of(url, base)


def test_link_revoke_revokes_every_link_of_the_participant(
    run: RunCli, stored: None, engine: Engine
) -> None:
    tokens = [token_of(run("link", INES).stdout.strip()) for _ in range(2)]
    result = run("link", INES, "--revoke")
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        f"Revoked 2 links of Inès Dubois <{INES}> in mission '{MISSION}'; "
        "their sessions there are ended\n"
    )
    with session_scope(engine) as session:
        states = [accounts.open_link(session, token=t, now=now()).state for t in tokens]
    assert states == [LinkState.REVOKED, LinkState.REVOKED]


@pytest.mark.parametrize(
    ("args", "error"),
    [
        (("nobody@x.example",),
         "error: no participant 'nobody@x.example' in mission 'hdf-nl-2025' "
         "(give an e-mail or a participant id)\n"),
        ((INES, "--mission", "nowhere"), "error: no mission 'nowhere'\n"),
        (("nobody@x.example", "--revoke"),
         "error: no participant 'nobody@x.example' in mission 'hdf-nl-2025' "
         "(give an e-mail or a participant id)\n"),
    ],
)  # fmt: skip
def test_link_for_nobody_fails_in_one_line(
    run: RunCli, stored: None, args: tuple[str, ...], error: str
) -> None:
    result = run("link", *args)
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", error)


def test_link_refuses_an_unusable_base_url(run: RunCli, stored: None) -> None:
    result = run("link", INES, base_url="missions.example.org")
    assert result.exit_code == 1
    assert result.stderr.startswith("error: RENCONTRE_BASE_URL must be an http:// or https://")


def test_link_revoke_takes_no_days(run: RunCli, stored: None) -> None:
    assert run("link", INES, "--revoke", "--days", "3").exit_code == 2


def test_token_create_prints_a_token_for_an_organiser(
    run: RunCli, stored: None, engine: Engine
) -> None:
    assert run("user", "add", OLIVIA, "--role", "organiser", "--password-stdin",
               input=PASSWORD).exit_code == 0  # fmt: skip
    result = run("token", "create", OLIVIA)
    assert result.exit_code == 0, result.output
    (token,) = result.stdout.splitlines()
    with session_scope(engine) as session:
        visitor = accounts.token_visitor(session, token=token)
    assert visitor is not None and visitor.is_organiser
    unknown = run("token", "create", "bram@agency.example")
    assert (unknown.exit_code, unknown.stderr) == (1, "error: no user bram@agency.example\n")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def test_serve_answers_on_a_loopback_port_until_stopped(
    database_url: str, stored: None, tmp_path: Path
) -> None:
    port = free_port()
    env = {**os.environ, "RENCONTRE_DATABASE_URL": database_url}
    env.pop("RENCONTRE_BASE_URL", None)
    log = (tmp_path / "server.log").open("w+")
    server = subprocess.Popen(
        [sys.executable, "-c", RUN_COMMANDS, "serve", "--port", str(port), "--workers", "2"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        document = None
        deadline = time.monotonic() + 60
        while document is None and time.monotonic() < deadline:
            assert server.poll() is None, Path(log.name).read_text()
            try:
                document = httpx.get(f"http://127.0.0.1:{port}/api/openapi.json", timeout=2)
            except httpx.TransportError:
                time.sleep(0.3)
        assert document is not None, Path(log.name).read_text()
        assert document.status_code == 200
        assert "/api/v1/participants/{participant_id}/agenda" in document.json()["paths"]
        assert document.headers["x-frame-options"] == "DENY"
        # Without a configured address, links lead to the address it serves.
        assert f"personal links start with http://127.0.0.1:{port}\n" in Path(log.name).read_text()
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()
    assert server.returncode == 0
