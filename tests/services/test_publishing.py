"""Publishing a schedule: only a valid one, as a numbered version with what changed, and
every participant e-mailed their agenda (PDF and .ics) in their language, through a real SMTP
server on loopback."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from email.message import EmailMessage

import pytest
from sqlalchemy import Engine
from tests.conftest import at, make_sample_dataset
from tests.mail.smtp_server import SmtpServer, running_smtp_server

from rencontre.core.enums import Language
from rencontre.mail.settings import MailSettings, parse_smtp_url
from rencontre.services import accounts, audit_log
from rencontre.services.hand_moves import move_meeting
from rencontre.services.schedule_publishing import (
    PublishRefused,
    publish_schedule,
    schedule_state,
    send_letters,
    versions,
)
from rencontre.store import repositories as repo
from rencontre.store.database import session_scope
from rencontre.store.models import MeetingRow

MISSION = "hdf-nl-2025"
INES, JOOST, ANNE = "ines@voltaique.example", "joost@batterijlab.example", "anne@wallonie.example"
OLIVIA = "olivia@agency.example"
NOW = datetime(2025, 6, 1, 8, tzinfo=UTC)


def link_url(token: str) -> str:
    return f"https://missions.example/l/{token}"


@pytest.fixture
def smtp_server() -> Iterator[SmtpServer]:
    with running_smtp_server() as server:
        yield server


@pytest.fixture
def stored(engine: Engine) -> None:
    with session_scope(engine) as session:
        repo.save_dataset(session, replace(make_sample_dataset(), outcomes=()))


def test_publishing_mails_every_participant_their_agenda_in_their_language(
    engine: Engine, stored: None, smtp_server: SmtpServer
) -> None:
    with session_scope(engine) as session:
        publication = publish_schedule(session, MISSION, by=OLIVIA, now=NOW, link_url=link_url)
    settings = MailSettings(smtp=parse_smtp_url(smtp_server.url))
    report = send_letters(settings, publication.letters, now=lambda: NOW)
    assert [d.sent for d in report.deliveries] == [True, True, True]
    received = {str(m["To"]): m for m in smtp_server.mailbox.messages}
    assert sorted(received) == sorted([INES, JOOST, ANNE])
    ines, joost = received[INES], received[JOOST]
    assert (ines["Content-Language"], joost["Content-Language"]) == ("fr", "nl")
    assert ines["Subject"] == "Mission néerlandaise en Hauts-de-France : votre agenda"
    assert joost["Subject"] == "Mission néerlandaise en Hauts-de-France: uw agenda"
    pdf, ics = attachments(ines)
    assert pdf.startswith(b"%PDF")
    assert b"BEGIN:VCALENDAR" in ics and b"Joost van Dijk" in ics
    text = body(ines)
    assert "Vous avez 1 rendez-vous." in text
    assert "https://missions.example/l/" in text
    # The link in the e-mail opens her space: it is a personal link that is stored.
    token = text.split("https://missions.example/l/")[1].split()[0]
    with session_scope(engine) as session:
        opened = accounts.open_link(session, token=token, now=NOW)
    assert opened.state.value == "opened"


def test_each_publication_is_a_version_with_what_changed_and_an_audit_entry(
    engine: Engine, stored: None
) -> None:
    with session_scope(engine) as session:
        first = publish_schedule(session, MISSION, by=OLIVIA, now=NOW, link_url=link_url)
        meeting_id = session.query(MeetingRow.id).scalar()
        assert move_meeting(session, MISSION, meeting_id, slot=2, table=1, by=OLIVIA, now=NOW)
        second = publish_schedule(session, MISSION, by=OLIVIA, now=NOW, link_url=link_url)
    assert (first.version.number, second.version.number) == (1, 2)
    assert first.version.summary == {"added": 1, "moved": 0, "cancelled": 0}
    assert second.version.summary == {"added": 0, "moved": 1, "cancelled": 0}
    with session_scope(engine) as session:
        found = versions(session, MISSION)
        log = audit_log.read_log(session, mission=MISSION, language=Language.EN)
    assert [v.number for v in found] == [2, 1]
    assert found[0].meetings[0]["start"] == at(10, 11).astimezone(UTC).isoformat()
    assert [e.text for e in log if e.action == "schedule.published"] == [
        "Published version 2 of the schedule",
        "Published version 1 of the schedule",
    ]


def test_a_schedule_the_validator_refuses_is_not_published(engine: Engine) -> None:
    sample = make_sample_dataset()
    # Table 13 of a venue with twelve: a rule broken, so nothing may be published.
    broken = (replace(sample.meetings[0], table=13),)
    with session_scope(engine) as session:
        repo.save_dataset(session, replace(sample, meetings=broken, outcomes=()))
    with pytest.raises(PublishRefused) as refused, session_scope(engine) as session:
        publish_schedule(session, MISSION, by=OLIVIA, now=NOW, link_url=link_url)
    assert "has 12 tables then" in refused.value.reasons[0]
    with session_scope(engine) as session:
        assert versions(session, MISSION) == ()
        assert not schedule_state(session, MISSION).publishable


def attachments(message: EmailMessage) -> tuple[bytes, bytes]:
    found = {part.get_content_type(): part.get_payload(decode=True) for part in
             message.iter_attachments()}  # fmt: skip
    return found["application/pdf"], found["text/calendar"]


def body(message: EmailMessage) -> str:
    part = message.get_body(("plain",))
    assert part is not None
    return str(part.get_content())
