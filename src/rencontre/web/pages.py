"""Server-rendered pages: the Jinja2 templates of `web/templates/`, in the page's language.

The documents' templates are reachable too, so a page can include the very agenda body that
the printed agenda uses (`agenda_body.html`). Every text goes through the shared catalogs
(`{{ _("…") }}`); every value is escaped (autoescape), so a name holding markup shows as
text.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse, Response
from jinja2 import ChoiceLoader, Environment, PackageLoader, StrictUndefined, select_autoescape

from rencontre.core.enums import Language
from rencontre.documents.i18n import words_for
from rencontre.web.context import web_context
from rencontre.web.i18n import LANGUAGE_PARAMETER, remember_language

#: Each language named in itself, as a language switch shows it.
ENDONYMS = {Language.FR: "Français", Language.NL: "Nederlands", Language.EN: "English"}


@dataclass(frozen=True)
class LanguageLink:
    code: str
    name: str
    url: str
    current: bool


@cache
def environment(language: Language) -> Environment:
    """The web templates (and the documents'), translated into `language`; HTML escaped."""
    env = Environment(
        loader=ChoiceLoader(
            [PackageLoader("rencontre.web", "templates"), PackageLoader("rencontre.documents")]
        ),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.install_gettext_translations(  # type: ignore[attr-defined]  # added by the extension
        words_for(language).translations, newstyle=True
    )
    return env


def language_links(request: Request, language: Language) -> list[LanguageLink]:
    """This page in each language (`?lang=`), other query parameters kept."""
    links = []
    for code in Language:
        query = {k: v for k, v in request.query_params.items() if k != LANGUAGE_PARAMETER}
        query[LANGUAGE_PARAMETER] = str(code)
        url = f"{request.url.path}?{urlencode(query)}"
        links.append(LanguageLink(str(code), ENDONYMS[code], url, code is language))
    return links


def render(
    request: Request,
    template: str,
    language: Language,
    *,
    status: int = 200,
    headers: dict[str, str] | None = None,
    **values: object,
) -> HTMLResponse:
    """The page `template` in `language`; a `?lang=` choice is remembered on the way."""
    visitor = getattr(request.state, "visitor", None)
    html = (
        environment(language)
        .get_template(template)
        .render(
            lang=str(language),
            words=words_for(language),
            visitor=visitor,
            csrf_token=visitor.csrf_token if visitor is not None else None,
            language_links=language_links(request, language),
            **values,
        )
    )
    response = HTMLResponse(html, status_code=status, headers=headers)
    remember_language(request, response, secure=web_context(request).web.secure_cookies)
    return response


def file_response(
    body: bytes, media_type: str, name: str, *, disposition: str = "attachment"
) -> Response:
    """A downloaded file named `name` (letters, digits and `._@+-` only: see `file_stem`)."""
    return Response(
        body,
        media_type=media_type,
        headers={"Content-Disposition": f'{disposition}; filename="{name}"'},
    )
