"""HTML documents from the Jinja2 templates in `documents/templates/`, in the reader's language.

Templates get plain data (the view models of `agenda_page` and `grid`), never a database
session, so a web page can render the same `*_body.html` inside its own layout. Their texts go
through the same catalogs as the rest (`{{ _("Time") }}`).
"""

from __future__ import annotations

from functools import cache

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from rencontre.core.enums import Language
from rencontre.documents.i18n import words_for


@cache
def environment(language: Language) -> Environment:
    """The templates, translated into `language`; HTML is escaped."""
    env = Environment(
        loader=PackageLoader("rencontre.documents", "templates"),
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


def render_html(template: str, language: Language, **context: object) -> str:
    """The template `template` rendered in `language` with `context`."""
    return environment(language).get_template(template).render(**context)
