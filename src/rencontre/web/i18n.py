"""The language of a page: chosen, else the person's, else the browser's, else English.

`?lang=fr|nl|en` on any page chooses, and the choice is kept in a cookie so that the next
pages follow it. Without a choice, a participant's pages are in the language the mission
writes to them (as their printed agenda), and other pages follow the browser's
`Accept-Language`. Texts come from the same catalogs as the documents
(`rencontre.documents.i18n`).
"""

from __future__ import annotations

from fastapi import Request, Response

from rencontre.core.enums import Language

LANGUAGE_PARAMETER = "lang"
LANGUAGE_COOKIE = "rencontre_lang"
DEFAULT_LANGUAGE = Language.EN
LANGUAGE_COOKIE_SECONDS = 365 * 24 * 3600


def _language(value: str | None) -> Language | None:
    try:
        return Language((value or "").strip().lower())
    except ValueError:
        return None


def requested_language(request: Request) -> Language | None:
    """The language `?lang=` asks for on this request, if it is one we write."""
    return _language(request.query_params.get(LANGUAGE_PARAMETER))


def chosen_language(request: Request) -> Language | None:
    """The visitor's explicit choice: `?lang=` now, or the one kept from before."""
    return requested_language(request) or _language(request.cookies.get(LANGUAGE_COOKIE))


def accepted_language(header: str) -> Language | None:
    """The language of ours the browser prefers most (`Accept-Language`), if any."""
    ranked: list[tuple[float, int, Language]] = []
    for position, part in enumerate(header.split(",")):
        tag, _, parameters = part.strip().partition(";")
        quality = 1.0
        for parameter in parameters.split(";"):
            name, _, value = parameter.strip().partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        language = _language(tag.split("-")[0])
        if language is not None and quality > 0:
            ranked.append((-quality, position, language))
    return min(ranked)[2] if ranked else None


def page_language(request: Request, person: Language | None = None) -> Language:
    """The language to write this page in; `person` is the visitor's own, when known."""
    return (
        chosen_language(request)
        or person
        or accepted_language(request.headers.get("accept-language", ""))
        or DEFAULT_LANGUAGE
    )


def remember_language(request: Request, response: Response, *, secure: bool) -> None:
    """Keep a `?lang=` choice for the next pages."""
    language = requested_language(request)
    if language is not None:
        response.set_cookie(
            LANGUAGE_COOKIE,
            str(language),
            max_age=LANGUAGE_COOKIE_SECONDS,
            httponly=True,
            samesite="lax",
            secure=secure,
        )
