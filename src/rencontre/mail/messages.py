"""One e-mail to one person, and how it is written as a standard message."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

from rencontre.core.enums import Language


@dataclass(frozen=True)
class Attachment:
    filename: str
    content: bytes
    media_type: str  # "application/pdf", "text/calendar"…


@dataclass(frozen=True)
class Mail:
    """What to say to `to` (an address), in `language`; `html` is an optional richer body."""

    to: str
    subject: str
    text: str
    language: Language
    html: str = ""
    attachments: tuple[Attachment, ...] = field(default=())


def email_message(mail: Mail, sender: str, *, now: datetime) -> EmailMessage:
    """`mail` as a MIME message from `sender`, dated `now` (aware)."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = mail.to
    message["Subject"] = mail.subject
    message["Date"] = format_datetime(now)
    message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2].strip("> ") or None)
    message.set_content(mail.text)
    if mail.html:
        message.add_alternative(mail.html, subtype="html")
    for attachment in mail.attachments:
        main, _, sub = attachment.media_type.partition("/")
        message.add_attachment(
            attachment.content, maintype=main, subtype=sub, filename=attachment.filename
        )
    # Last: setting the content drops the Content-* headers set before it.
    message["Content-Language"] = str(mail.language)
    return message
