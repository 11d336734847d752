"""The words of documents in the reader's language: message catalogs, dates, language names.

Texts are translated through the gettext catalogs `rencontre/locale/<lang>/LC_MESSAGES/
rencontre.po` (English message ids; the English catalog translates nothing). They are read and
compiled in memory when first needed, so there is no build step and no compiled `.mo` file to
keep in step with the `.po` beside it. Dates, times and language names come from Babel's CLDR
data for the reader's locale (`fr_FR`, `nl_NL`, `en_GB`), in the mission's time zone.

Placeholders are named, `%(name)s`, the same in Python and in the Jinja2 templates.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from importlib import resources
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date, format_time, get_timezone_location
from babel.lists import format_list
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

from rencontre.core.enums import Language

DOMAIN = "rencontre"
#: The locale whose date formats and names a reader of each language gets.
LOCALES: dict[Language, str] = {
    Language.FR: "fr_FR",
    Language.NL: "nl_NL",
    Language.EN: "en_GB",
}


def N_(message: str) -> str:  # noqa: N802  (the name gettext tools look for)
    """Mark `message` for translation where it is defined; it is translated where shown."""
    return message


def catalog_text(language: Language) -> str:
    """The `.po` catalog of `language`, as shipped in the package."""
    path = resources.files("rencontre").joinpath(
        "locale", str(language), "LC_MESSAGES", f"{DOMAIN}.po"
    )
    return path.read_text("utf-8")


@cache
def translations(language: Language) -> Translations:
    """The catalog of `language`, compiled in memory (fuzzy entries left out)."""
    catalog = read_po(io.StringIO(catalog_text(language)), locale=LOCALES[language])
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return Translations(fp=compiled, domain=DOMAIN)


@dataclass(frozen=True)
class Words:
    """Everything a document says in one language, and how it writes times and languages."""

    language: Language
    translations: Translations
    locale: Locale

    def gettext(self, message: str, **values: object) -> str:
        """`message` in the reader's language, its `%(name)s` placeholders filled."""
        text = self.translations.gettext(message)
        return text % values if values else text

    def ngettext(self, singular: str, plural: str, count: int, **values: object) -> str:
        """The singular or plural of a message for `count`; `%(count)d` is filled too."""
        text = self.translations.ngettext(singular, plural, count)
        return text % {"count": count, **values}

    def day(self, moment: date) -> str:
        """The full date as a heading: "Mardi 13 octobre 2026", "Tuesday, 13 October 2026"."""
        text = format_date(moment, "full", locale=self.locale)
        # French and Dutch write weekdays in lower case; a heading starts with a capital.
        return text[:1].upper() + text[1:]

    def short_day(self, moment: date) -> str:
        """The date without weekday: "13 octobre 2026"."""
        return format_date(moment, "long", locale=self.locale)

    def time(self, moment: datetime) -> str:
        """The time of day in the moment's own zone: "14:20"."""
        return format_time(moment, "short", tzinfo=moment.tzinfo, locale=self.locale)

    def span(self, start: datetime, end: datetime) -> str:
        """From–to times: "14:20–14:40"."""
        return f"{self.time(start)}–{self.time(end)}"

    def zone(self, timezone: str) -> str:
        """Where the times are local to, as a reader says it: "Paris", "Parijs"."""
        return get_timezone_location(ZoneInfo(timezone), locale=self.locale, return_city=True)

    def language_name(self, code: str) -> str:
        """The name of language `code` in the reader's language ("néerlandais"); else the code."""
        name: str | None = self.locale.languages.get(code)
        return name or code

    def language_names(self, codes: Sequence[str]) -> str:
        """Several languages as a reader lists them: "français et anglais"."""
        return format_list([self.language_name(c) for c in codes], locale=self.locale)


@cache
def words_for(language: Language | str) -> Words:
    """The words of documents written in `language` (fr, nl or en)."""
    chosen = Language(language)
    return Words(chosen, translations(chosen), Locale.parse(LOCALES[chosen]))
