from __future__ import annotations

from pathlib import Path

import pytest

from rencontre.mail.settings import MailSettingError, MailSettings, SmtpServer, parse_smtp_url


def test_without_a_server_mail_goes_to_the_outbox_folder() -> None:
    settings = MailSettings.from_environ({})
    assert settings.smtp is None
    assert settings.outbox == Path("outbox")
    assert settings.sender_address.addr_spec == "rencontre@localhost"


def test_the_environment_names_server_sender_and_outbox() -> None:
    settings = MailSettings.from_environ(
        {
            "RENCONTRE_SMTP_URL": "smtp://desk%40agency.example:p%2Fss@mail.example:2525",
            "RENCONTRE_MAIL_FROM": "Mission desk <missions@agency.example>",
            "RENCONTRE_OUTBOX": "mails",
        }
    )
    assert settings.smtp == SmtpServer(
        "mail.example", 2525, user="desk@agency.example", password="p/ss"
    )
    assert settings.sender_address.display_name == "Mission desk"
    assert settings.outbox == Path("mails")


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("smtp://mail.example", SmtpServer("mail.example", 25)),
        ("smtp://mail.example?starttls=1", SmtpServer("mail.example", 587, starttls=True)),
        ("smtps://mail.example", SmtpServer("mail.example", 465, tls=True)),
    ],
)
def test_default_ports_follow_the_kind_of_connection(url: str, expected: SmtpServer) -> None:
    assert parse_smtp_url(url) == expected


@pytest.mark.parametrize(
    ("environ", "reason"),
    [
        ({"RENCONTRE_SMTP_URL": "http://mail.example"}, "expected smtp://host"),
        ({"RENCONTRE_SMTP_URL": "smtp://u:secret@mail.example:x"}, "port is not a number"),
        ({"RENCONTRE_MAIL_FROM": "nobody"}, "RENCONTRE_MAIL_FROM: 'nobody' is not an e-mail"),
    ],
)
def test_a_bad_setting_names_the_variable(environ: dict[str, str], reason: str) -> None:
    with pytest.raises(MailSettingError, match=reason) as raised:
        MailSettings.from_environ(environ)
    assert "secret" not in str(raised.value)
