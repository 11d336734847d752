"""The Settings object: database URL from the environment, PostgreSQL routed to psycopg 3."""

from __future__ import annotations

from rencontre.settings import DEFAULT_DATABASE_URL, Settings, mask_password


def test_settings_default_to_sqlite_in_the_current_directory() -> None:
    assert Settings.from_environ({}).database_url == "sqlite:///rencontre.db"
    assert DEFAULT_DATABASE_URL == "sqlite:///rencontre.db"


def test_settings_read_the_database_url_from_the_environment() -> None:
    environ = {"RENCONTRE_DATABASE_URL": "sqlite:////srv/data/r.db"}
    assert Settings.from_environ(environ).database_url == "sqlite:////srv/data/r.db"


def test_settings_ignore_an_empty_database_url() -> None:
    assert (
        Settings.from_environ({"RENCONTRE_DATABASE_URL": " "}).database_url == DEFAULT_DATABASE_URL
    )


def test_postgresql_urls_use_psycopg_3() -> None:
    url = "postgresql://app:secret@db.example:5432/rencontre"
    assert Settings(url).database_url == "postgresql+psycopg://app:secret@db.example:5432/rencontre"
    assert Settings("postgres://u@h/d").database_url == "postgresql+psycopg://u@h/d"
    assert Settings("postgresql+psycopg://u@h/d").database_url == "postgresql+psycopg://u@h/d"


def test_masked_database_url_hides_the_password() -> None:
    settings = Settings("postgresql://app:secret@db.example/rencontre")
    assert settings.masked_database_url == "postgresql+psycopg://app:***@db.example/rencontre"
    assert mask_password("sqlite:///rencontre.db") == "sqlite:///rencontre.db"
