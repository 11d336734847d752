"""`rencontre invite`: the desk's invitations from the command line, through a real SMTP
server on loopback, one line per person sent."""

from __future__ import annotations

from sqlalchemy import Engine
from tests.mail.smtp_server import running_smtp_server
from typer.testing import CliRunner, Result

from rencontre.cli import app
from rencontre.core.dataset import Dataset
from rencontre.core.enums import Language
from rencontre.services import audit_log
from rencontre.store import repositories as repo
from rencontre.store.database import session_scope

MISSION = "hdf-nl-2025"
INES, JOOST = "ines@voltaique.example", "joost@batterijlab.example"


def run(database_url: str, smtp_url: str, *args: str) -> Result:
    env = {"RENCONTRE_DATABASE_URL": database_url, "RENCONTRE_SMTP_URL": smtp_url,
           "RENCONTRE_BASE_URL": "https://missions.example"}  # fmt: skip
    return CliRunner().invoke(app, ["invite", *args], env=env)


def test_invite_sends_each_chosen_person_a_link_then_everyone_left(
    database_url: str, engine: Engine, sample_dataset: Dataset
) -> None:
    with session_scope(engine) as session:
        repo.save_dataset(session, sample_dataset)
    with running_smtp_server() as server:
        first = run(database_url, server.url, "--mission", MISSION, JOOST)
        rest = run(database_url, server.url, "--all")
        again = run(database_url, server.url, "--all")
        messages = list(server.mailbox.messages)
    assert first.exit_code == 0, first.output
    assert first.stdout == f"Sent to Joost van Dijk <{JOOST}> (nl): {server.url}\n"
    assert rest.exit_code == 0 and rest.stdout.count("Sent to ") == 2 and INES in rest.stdout
    assert again.stdout == f"Everyone of mission {MISSION!r} is invited already\n"
    assert [m["To"] for m in messages] == [JOOST, INES, "anne@wallonie.example"]
    assert "https://missions.example/l/" in messages[0].get_content()
    with session_scope(engine) as session:
        log = audit_log.read_log(session, mission=MISSION, language=Language.EN)
    assert {line.actor for line in log} == {audit_log.COMMAND_LINE} and len(log) == 3


def test_invite_refuses_unknown_people_and_a_missing_choice(
    database_url: str, engine: Engine, sample_dataset: Dataset
) -> None:
    with session_scope(engine) as session:
        repo.save_dataset(session, sample_dataset)
    with running_smtp_server() as server:
        unknown = run(database_url, server.url, "nobody@example.org")
        neither = run(database_url, server.url)
        assert server.mailbox.messages == []
    assert unknown.exit_code == 1
    assert unknown.stderr.startswith("error: no participant 'nobody@example.org' in mission")
    assert neither.exit_code == 2
