"""Where e-mail goes: an SMTP server when one is configured, otherwise an outbox folder.

- `RENCONTRE_SMTP_URL`: `smtp://[user:password@]host[:port]` (plain, port 25 by default),
  `smtp://…?starttls=1` (upgraded to TLS, port 587 by default) or `smtps://…` (TLS from the
  start, port 465 by default). User and password are URL-encoded.
- `RENCONTRE_MAIL_FROM`: the sender, e.g. `Mission desk <missions@agency.example>`.
- `RENCONTRE_OUTBOX`: the folder where each message is written as an `.eml` file when no SMTP
  server is configured (default `outbox`, relative to the current directory), so that an
  organiser without a mail server can still read or forward what would have been sent.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from email.headerregistry import Address
from email.utils import parseaddr
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

SMTP_URL_VARIABLE = "RENCONTRE_SMTP_URL"
SENDER_VARIABLE = "RENCONTRE_MAIL_FROM"
OUTBOX_VARIABLE = "RENCONTRE_OUTBOX"
DEFAULT_SENDER = "rencontre <rencontre@localhost>"
DEFAULT_OUTBOX = Path("outbox")
_TRUE = {"1", "true", "yes", "on"}


class MailSettingError(ValueError):
    """A mail setting that cannot be used; the message names the variable and the reason."""


@dataclass(frozen=True)
class SmtpServer:
    host: str
    port: int
    tls: bool = False  # TLS from the first byte (smtps)
    starttls: bool = False
    user: str = ""
    password: str = ""


@dataclass(frozen=True)
class MailSettings:
    """How this process sends e-mail: `smtp` when set, else files in `outbox`."""

    sender: str = DEFAULT_SENDER
    smtp: SmtpServer | None = None
    outbox: Path = DEFAULT_OUTBOX

    @classmethod
    def from_environ(cls, environ: Mapping[str, str] | None = None) -> MailSettings:
        env = os.environ if environ is None else environ
        sender = env.get(SENDER_VARIABLE, "").strip() or DEFAULT_SENDER
        if "@" not in parseaddr(sender)[1]:
            raise MailSettingError(f"{SENDER_VARIABLE}: {sender!r} is not an e-mail address")
        url = env.get(SMTP_URL_VARIABLE, "").strip()
        outbox = Path(env.get(OUTBOX_VARIABLE, "").strip() or DEFAULT_OUTBOX)
        return cls(sender, parse_smtp_url(url) if url else None, outbox)

    @property
    def sender_address(self) -> Address:
        name, address = parseaddr(self.sender)
        user, _, domain = address.partition("@")
        return Address(display_name=name, username=user, domain=domain)


def parse_smtp_url(url: str) -> SmtpServer:
    """The server an `smtp://` or `smtps://` URL names (see the module's documentation)."""
    parts = urlsplit(url)
    if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
        raise MailSettingError(
            f"{SMTP_URL_VARIABLE}: expected smtp://host[:port] or smtps://host[:port], got "
            f"{_masked(url)!r}"
        )
    options = {key: values[-1] for key, values in parse_qs(parts.query).items()}
    starttls = options.get("starttls", "").lower() in _TRUE
    tls = parts.scheme == "smtps"
    try:
        port = parts.port or (465 if tls else 587 if starttls else 25)
    except ValueError:
        raise MailSettingError(f"{SMTP_URL_VARIABLE}: the port is not a number") from None
    return SmtpServer(
        host=parts.hostname,
        port=port,
        tls=tls,
        starttls=starttls,
        user=unquote(parts.username or ""),
        password=unquote(parts.password or ""),
    )


def _masked(url: str) -> str:
    parts = urlsplit(url)
    if parts.password is None:
        return url
    return url.replace(f":{parts.password}@", ":***@", 1)
