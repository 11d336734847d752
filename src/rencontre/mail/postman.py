"""Sending: over SMTP when a server is configured, otherwise into the outbox folder.

Every message of a batch is tried; one address the server refuses does not stop the others,
and the report says which were sent and why any was not. A server that cannot be reached
at all raises `MailError`, since nothing of the batch could be sent.
"""

from __future__ import annotations

import re
import smtplib
import ssl
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from pathlib import Path

from rencontre.core.atomic_files import write_bytes_atomically
from rencontre.mail.messages import Mail, email_message
from rencontre.mail.settings import MailSettings, SmtpServer

SMTP_TIMEOUT_SECONDS = 30


class MailError(RuntimeError):
    """Nothing could be sent: the server is unreachable or refused us."""


@dataclass(frozen=True)
class Delivery:
    to: str
    sent: bool
    where: str  # "smtp://host:port", or the path of the .eml file
    reason: str = ""


@dataclass(frozen=True)
class DeliveryReport:
    deliveries: tuple[Delivery, ...]

    @property
    def failed(self) -> tuple[Delivery, ...]:
        return tuple(d for d in self.deliveries if not d.sent)


def send_mail(
    settings: MailSettings, mails: Sequence[Mail], *, now: Callable[[], datetime]
) -> DeliveryReport:
    """Send each of `mails` the way `settings` say; see the module's documentation."""
    messages = [(mail, email_message(mail, settings.sender, now=now())) for mail in mails]
    if settings.smtp is None:
        return _to_outbox(settings.outbox, messages, now())
    return _over_smtp(settings.smtp, messages)


def _over_smtp(server: SmtpServer, messages: list[tuple[Mail, EmailMessage]]) -> DeliveryReport:
    where = f"smtp://{server.host}:{server.port}"
    deliveries = []
    try:
        with _connect(server) as smtp:
            for mail, message in messages:
                try:
                    smtp.send_message(message)
                except (smtplib.SMTPRecipientsRefused, smtplib.SMTPDataError) as refused:
                    deliveries.append(Delivery(mail.to, False, where, _reason(refused)))
                else:
                    deliveries.append(Delivery(mail.to, True, where))
    except (OSError, smtplib.SMTPException) as error:
        if not deliveries:
            raise MailError(f"cannot send e-mail through {where}: {_reason(error)}") from error
        sent = {d.to for d in deliveries}
        deliveries += [
            Delivery(m.to, False, where, _reason(error)) for m, _ in messages if m.to not in sent
        ]
    return DeliveryReport(tuple(deliveries))


def _connect(server: SmtpServer) -> smtplib.SMTP:
    smtp: smtplib.SMTP
    if server.tls:
        context = ssl.create_default_context()
        smtp = smtplib.SMTP_SSL(
            server.host, server.port, timeout=SMTP_TIMEOUT_SECONDS, context=context
        )
    else:
        smtp = smtplib.SMTP(server.host, server.port, timeout=SMTP_TIMEOUT_SECONDS)
        if server.starttls:
            smtp.starttls(context=ssl.create_default_context())
    if server.user:
        smtp.login(server.user, server.password)
    return smtp


def _reason(error: BaseException) -> str:
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [
            f"{code} {text.decode(errors='replace')}" for code, text in error.recipients.values()
        ]
        return "; ".join(codes)
    if isinstance(error, smtplib.SMTPResponseException):
        text = error.smtp_error
        said = text.decode(errors="replace") if isinstance(text, bytes) else text
        return f"{error.smtp_code} {said}"
    return str(error) or type(error).__name__


def _to_outbox(
    outbox: Path, messages: list[tuple[Mail, EmailMessage]], now: datetime
) -> DeliveryReport:
    outbox.mkdir(parents=True, exist_ok=True)
    stamp = now.strftime("%Y%m%dT%H%M%S")
    deliveries = []
    for number, (mail, message) in enumerate(messages, start=1):
        path = _free_name(outbox, f"{stamp}-{number:04d}-{_safe(mail.to)}")
        write_bytes_atomically(path, message.as_bytes())
        deliveries.append(Delivery(mail.to, True, str(path)))
    return DeliveryReport(tuple(deliveries))


def _safe(address: str) -> str:
    return re.sub(r"[^A-Za-z0-9.@_-]+", "_", address)[:80]


def _free_name(folder: Path, stem: str) -> Path:
    path = folder / f"{stem}.eml"
    counter = 1
    while path.exists():
        counter += 1
        path = folder / f"{stem}-{counter}.eml"
    return path
