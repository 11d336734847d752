from __future__ import annotations

import pytest

from rencontre.core.countries import coming_from, located_in, normalise_country


@pytest.mark.parametrize(
    ("code", "lang", "expected"),
    [
        ("NL", "en", "in the Netherlands"),
        ("NL", "fr", "aux Pays-Bas"),
        ("NL", "nl", "in Nederland"),
        ("fr", "fr", "en France"),
        ("LU", "fr", "au Luxembourg"),
        ("EL", "nl", "in Griekenland"),  # the EU's code for Greece
        ("UK", "en", "in the United Kingdom"),
        ("XK", "fr", "en XK"),  # no name here: the code
    ],
)
def test_located_in_names_the_country_with_its_preposition(
    code: str, lang: str, expected: str
) -> None:
    assert located_in(code, lang) == expected


def test_eu_codes_normalise_to_iso() -> None:
    assert normalise_country(" el ") == "GR"
    with pytest.raises(ValueError, match="'ZZ'"):
        normalise_country("ZZ")


@pytest.mark.parametrize(
    ("code", "lang", "expected"),
    [
        ("NL", "en", "from the Netherlands"),
        ("NL", "fr", "des Pays-Bas"),
        ("NL", "nl", "uit Nederland"),
        ("FR", "fr", "de France"),
        ("DE", "fr", "d'Allemagne"),
        ("IT", "fr", "d'Italie"),
        ("LU", "fr", "du Luxembourg"),
        ("CY", "fr", "de Chypre"),
        ("US", "fr", "des États-Unis"),
        ("XK", "fr", "de XK"),
        ("XK", "nl", "uit XK"),
    ],
)
def test_coming_from_names_where_an_organisation_is_from(
    code: str, lang: str, expected: str
) -> None:
    assert coming_from(code, lang) == expected
