"""The catalogs hold every text the documents and the web pages say, and dates read as each
language writes them."""

from __future__ import annotations

import io
import re
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po

import rencontre
from rencontre.core.enums import Language
from rencontre.documents.i18n import catalog_text, words_for

SOURCE = Path(rencontre.__file__).parent
# Every module and template whose texts a reader sees.
PYTHON = [
    *sorted((SOURCE / "documents").glob("*.py")),
    SOURCE / "cli" / "agenda.py",
    # The audit log's sentences and the e-mails the services write are marked there.
    *sorted((SOURCE / "services").glob("*.py")),
    *sorted((SOURCE / "web").rglob("*.py")),
]
TEMPLATES = [
    *sorted((SOURCE / "documents" / "templates").glob("*.html")),
    *sorted((SOURCE / "web" / "templates").rglob("*.html")),
]
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


def used_messages() -> set[str | tuple[str, str]]:
    """The message ids of every translated text in the documents' and pages' code and
    templates."""
    found: set[str | tuple[str, str]] = set()
    for path in PYTHON:
        found.update(message for _, message, _, _ in extract_from_file("python", path))
    for path in TEMPLATES:
        found.update(
            message for _, message, _, _ in extract_from_file("jinja2.ext:babel_extract", path)
        )
    return found


def test_the_documents_translate_texts_at_all() -> None:
    messages = used_messages()
    assert "Interpreter needed" in messages
    assert ("Language: %(languages)s", "Languages: %(languages)s") in messages
    assert "Time" in messages  # from a template
    assert "Wrong e-mail address or password." in messages  # from the web's code
    assert "Organisers: sign in" in messages  # from a web template


@pytest.mark.parametrize("language", list(Language))
def test_every_catalog_holds_exactly_the_texts_used(language: Language) -> None:
    catalog = read_po(io.StringIO(catalog_text(language)))
    held = {message.id for message in catalog if message.id}
    assert held == used_messages()


@pytest.mark.parametrize("language", [Language.FR, Language.NL])
def test_french_and_dutch_translate_everything_and_keep_placeholders(language: Language) -> None:
    catalog = read_po(io.StringIO(catalog_text(language)))
    for message in catalog:
        if not message.id:
            continue
        ids, texts = texts_of(message.id), texts_of(message.string)
        assert all(texts), message.id
        assert not message.fuzzy, message.id
        wanted = set(PLACEHOLDER.findall(ids[0]))
        assert all(set(PLACEHOLDER.findall(text)) == wanted for text in texts), message.id


def test_english_catalog_leaves_the_english_ids_as_they_are() -> None:
    catalog = read_po(io.StringIO(catalog_text(Language.EN)))
    translated = [m.id for m in catalog if m.id and any(texts_of(m.string))]
    assert translated == []


def texts_of(string: str | tuple[str, ...]) -> tuple[str, ...]:
    return string if isinstance(string, tuple) else (string,)


MOMENT = datetime(2026, 10, 13, 14, 20, tzinfo=ZoneInfo("Europe/Paris"))


@pytest.mark.parametrize(
    ("language", "day", "short", "zone"),
    [
        (Language.FR, "Mardi 13 octobre 2026", "13 octobre 2026", "Paris"),
        (Language.NL, "Dinsdag 13 oktober 2026", "13 oktober 2026", "Parijs"),
        (Language.EN, "Tuesday, 13 October 2026", "13 October 2026", "Paris"),
    ],
)
def test_dates_are_written_in_the_reader_language(
    language: Language, day: str, short: str, zone: str
) -> None:
    words = words_for(language)
    assert words.day(MOMENT) == day
    assert words.day(date(2026, 10, 13)) == day
    assert words.short_day(MOMENT) == short
    assert words.zone("Europe/Paris") == zone
    assert words.span(MOMENT, MOMENT.replace(minute=40)) == "14:20–14:40"


def test_times_stay_in_the_zone_they_are_given_in() -> None:
    utc = MOMENT.astimezone(ZoneInfo("UTC"))
    assert words_for(Language.FR).time(utc) == "12:20"
    assert words_for(Language.FR).time(utc.astimezone(ZoneInfo("Europe/Paris"))) == "14:20"


@pytest.mark.parametrize(
    ("language", "one", "two", "plural"),
    [
        (Language.FR, "néerlandais", "français et anglais", "Langues : français et anglais"),
        (Language.NL, "Nederlands", "Frans en Engels", "Talen: Frans en Engels"),
        (Language.EN, "Dutch", "French and English", "Languages: French and English"),
    ],
)
def test_languages_are_named_in_the_reader_language(
    language: Language, one: str, two: str, plural: str
) -> None:
    words = words_for(language)
    assert words.language_name("nl") == one
    assert words.language_names(["fr", "en"]) == two
    named = words.ngettext("Language: %(languages)s", "Languages: %(languages)s", 2, languages=two)
    assert named == plural
    assert words.language_name("xx") == "xx"


def test_messages_are_translated_with_their_placeholders_filled() -> None:
    fr, nl = words_for(Language.FR), words_for(Language.NL)
    assert fr.gettext("%(venue)s, table %(table)s", venue="Hall", table=3) == "Hall, table 3"
    assert nl.gettext("%(venue)s, table %(table)s", venue="Hall", table=3) == "Hall, tafel 3"
    assert fr.gettext("Interpreter needed") == "Interprète nécessaire"
    assert words_for("en").gettext("Interpreter needed") == "Interpreter needed"
