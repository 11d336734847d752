"""Invitations: a personal link each, e-mailed in the person's language through a real SMTP
server on loopback; the link in the e-mail opens a session; refusals are not recorded."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine
from tests.mail.smtp_server import REFUSED_DOMAIN, SmtpServer, running_smtp_server

from rencontre.core.dataset import Dataset
from rencontre.core.enums import Language
from rencontre.mail.postman import MailError
from rencontre.mail.settings import MailSettings, parse_smtp_url
from rencontre.mail.settings import SmtpServer as SmtpSettings
from rencontre.services import accounts, audit_log, invitations
from rencontre.store import repositories as repo
from rencontre.store.database import session_scope
from rencontre.store.updates import store_records

MISSION = "hdf-nl-2025"
INES, JOOST, ANNE = "ines@voltaique.example", "joost@batterijlab.example", "anne@wallonie.example"
OLIVIA = "olivia@agency.example"
NOW = datetime(2025, 5, 1, 9, tzinfo=UTC)


def link_url(token: str) -> str:
    return f"https://missions.example/l/{token}"


@pytest.fixture
def smtp_server() -> Iterator[SmtpServer]:
    with running_smtp_server() as server:
        yield server


@pytest.fixture
def stored(engine: Engine, sample_dataset: Dataset) -> None:
    with session_scope(engine) as session:
        repo.save_dataset(session, sample_dataset)


def invite(
    engine: Engine, server: SmtpServer, people: list[str] | None
) -> invitations.InvitationReport:
    mail = MailSettings(smtp=parse_smtp_url(server.url))
    with session_scope(engine) as session:
        return invitations.invite(session, mission=MISSION, people=people, by=OLIVIA, now=NOW,
                                  link_url=link_url, mail=mail)  # fmt: skip


def test_each_person_gets_their_link_in_their_language(
    engine: Engine, stored: None, smtp_server: SmtpServer
) -> None:
    report = invite(engine, smtp_server, None)
    assert [(o.email, o.language, o.delivery.sent) for o in report.outcomes] == [
        (INES, Language.FR, True),
        (JOOST, Language.NL, True),
        (ANNE, Language.FR, True),
    ]
    by_address = {m["To"]: m for m in smtp_server.mailbox.messages}
    joost = by_address[JOOST]
    assert joost["Content-Language"] == "nl"
    assert joost["Subject"] == "Uw persoonlijke link voor Mission néerlandaise en Hauts-de-France"
    body = joost.get_content()
    assert body.splitlines()[0].endswith("Joost van Dijk,")
    assert "U neemt deel aan" in body
    ines_body = by_address[INES].get_content()
    assert "Vous participez à" in ines_body
    found = re.search(r"^https://missions\.example/l/([\w-]+)\s*$", ines_body, re.M)
    assert found is not None
    with session_scope(engine) as session:
        opened = accounts.open_link(session, token=found.group(1), now=NOW + timedelta(hours=1))
        people = {p.email: p for p in invitations.people_of(session, mission=MISSION, now=NOW)}
        log = audit_log.read_log(session, mission=MISSION, language=Language.EN)
    assert opened.state is accounts.LinkState.OPENED and opened.started is not None
    assert people[INES].first_opened_at == NOW + timedelta(hours=1)
    assert people[JOOST].invited_at == NOW and not people[JOOST].opened
    assert len(log) == 3 and log[0].text.startswith("Personal link sent to ")
    assert invite(engine, smtp_server, None).outcomes == ()  # everyone is invited now


def test_a_refused_address_is_reported_and_not_recorded(
    engine: Engine, stored: None, smtp_server: SmtpServer, sample_dataset: Dataset
) -> None:
    refused = f"max@{REFUSED_DOMAIN}"
    person = sample_dataset.participants[0]
    with session_scope(engine) as session:
        max_refused = replace(person, email=refused, full_name="Max Refusé")
        repo.save_dataset(session, Dataset(participants=(max_refused,)))
        mission = repo.get_mission(session, MISSION)
        joined = replace(mission, participants=(*mission.participants, refused))
        store_records(session, Dataset(missions=(joined,)))
    report = invite(engine, smtp_server, [refused, INES])
    assert [(o.email, o.delivery.sent) for o in report.outcomes] == [(refused, False), (INES, True)]
    assert report.failed[0].delivery.reason.startswith("550")
    with session_scope(engine) as session:
        people = {p.email: p for p in invitations.people_of(session, mission=MISSION, now=NOW)}
    assert people[refused].invited_at is None and people[INES].invited_at == NOW


def test_an_unreachable_server_leaves_no_link_and_no_invitation(
    engine: Engine, stored: None
) -> None:
    mail = MailSettings(smtp=SmtpSettings("127.0.0.1", 9))  # the discard port: nobody there
    with pytest.raises(MailError), session_scope(engine) as session:
        invitations.invite(session, mission=MISSION, people=[INES], by=OLIVIA, now=NOW,
                           link_url=link_url, mail=mail)  # fmt: skip
    with session_scope(engine) as session:
        people = invitations.people_of(session, mission=MISSION, now=NOW)
    assert [(p.invited_at, p.live_links) for p in people] == [(None, 0)] * 3


def test_revoking_ends_the_links_and_is_logged(
    engine: Engine, stored: None, smtp_server: SmtpServer
) -> None:
    invite(engine, smtp_server, [ANNE])
    with session_scope(engine) as session:
        revoked = invitations.revoke(session, mission=MISSION, participant=ANNE, by=OLIVIA,
                                     now=NOW)  # fmt: skip
        people = {p.email: p for p in invitations.people_of(session, mission=MISSION, now=NOW)}
        [line] = audit_log.read_log(session, mission=MISSION, language=Language.FR, limit=1)
    assert revoked.count == 1 and people[ANNE].live_links == 0
    assert line.text == "Liens personnels de Anne Peeters révoqués (1)"
