from __future__ import annotations

import email
import email.policy
import socket
from datetime import UTC, datetime
from pathlib import Path

import pytest
from tests.mail.smtp_server import REFUSED_DOMAIN, SmtpServer

from rencontre.core.enums import Language
from rencontre.mail.messages import Attachment, Mail
from rencontre.mail.postman import MailError, send_mail
from rencontre.mail.settings import MailSettings, parse_smtp_url

NOW = datetime(2026, 10, 14, 9, 30, tzinfo=UTC)
SENDER = "Mission desk <missions@agency.example>"
AGENDA = Mail(
    to="ines@voltaique.example",
    subject="Votre agenda",
    text="Bonjour Inès, voici votre agenda.",
    language=Language.FR,
    attachments=(
        Attachment("agenda.pdf", b"%PDF-1.7 fake", "application/pdf"),
        Attachment("agenda.ics", b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "text/calendar"),
    ),
)


def test_mail_reaches_a_real_smtp_server_with_language_and_attachments(
    smtp_server: SmtpServer,
) -> None:
    settings = MailSettings(SENDER, parse_smtp_url(smtp_server.url))
    report = send_mail(settings, [AGENDA], now=lambda: NOW)
    assert [(d.to, d.sent) for d in report.deliveries] == [("ines@voltaique.example", True)]
    [message] = smtp_server.mailbox.messages
    assert smtp_server.mailbox.recipients == [["ines@voltaique.example"]]
    assert message["Subject"] == "Votre agenda"
    assert message["Content-Language"] == "fr"
    assert message["From"] == SENDER
    body = message.get_body(("plain",))
    assert body is not None and "Inès" in body.get_content()
    files = {part.get_filename(): part.get_content() for part in message.iter_attachments()}
    assert files["agenda.pdf"] == b"%PDF-1.7 fake"
    assert "BEGIN:VCALENDAR" in str(files["agenda.ics"])


def test_a_refused_address_does_not_stop_the_others(smtp_server: SmtpServer) -> None:
    settings = MailSettings(SENDER, parse_smtp_url(smtp_server.url))
    refused = Mail(f"joost@{REFUSED_DOMAIN}", "Uw agenda", "Hallo Joost", Language.NL)
    report = send_mail(settings, [refused, AGENDA], now=lambda: NOW)
    assert [(d.to, d.sent) for d in report.deliveries] == [
        (f"joost@{REFUSED_DOMAIN}", False),
        ("ines@voltaique.example", True),
    ]
    assert "550" in report.failed[0].reason
    assert len(smtp_server.mailbox.messages) == 1


def test_an_unreachable_server_is_one_clear_error() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings = MailSettings(SENDER, parse_smtp_url(f"smtp://127.0.0.1:{port}"))
    with pytest.raises(MailError, match=f"cannot send e-mail through smtp://127.0.0.1:{port}"):
        send_mail(settings, [AGENDA], now=lambda: NOW)


def test_without_a_server_each_message_is_an_eml_file(tmp_path: Path) -> None:
    outbox = tmp_path / "outbox"
    settings = MailSettings(SENDER, None, outbox)
    report = send_mail(settings, [AGENDA, AGENDA], now=lambda: NOW)
    paths = [Path(d.where) for d in report.deliveries]
    assert len(set(paths)) == 2 and all(p.parent == outbox for p in paths)
    assert sorted(p.name for p in outbox.iterdir()) == sorted(p.name for p in paths)
    message = email.message_from_bytes(paths[0].read_bytes(), policy=email.policy.default)
    assert message["To"] == "ines@voltaique.example"
    assert message["Content-Language"] == "fr"
