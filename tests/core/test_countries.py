from __future__ import annotations

import pytest

from rencontre.core.countries import (
    COUNTRY_NAMES,
    code_of_name,
    coming_from,
    located_in,
    normalise_country,
    read_country,
)

EU = "AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK".split()


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


@pytest.mark.parametrize(
    "name", ["Pays-Bas", "Nederland", "Netherlands", "les Pays-Bas", "the Netherlands", "NLD"]
)
def test_a_name_given_for_a_code_suggests_the_code(name: str) -> None:
    with pytest.raises(ValueError) as refused:
        normalise_country(name)
    assert str(refused.value) == (
        f"unknown country code {name!r} (expected ISO 3166-1 alpha-2; did you mean NL?)"
    )


@pytest.mark.parametrize(
    ("written", "code"),
    [("Belgique", "BE"), ("Duitsland", "DE"), ("PAYS BAS", "NL"), ("Zwitserland", "CH"),
     ("Norvège", "NO"), ("norvege", "NO"), ("Royaume-Uni", "GB"), ("Tsjechië", "CZ"),
     ("Tchéquie", "CZ"), ("Griekenland", "GR"), ("nl", None), ("Atlantis", None)],
)  # fmt: skip
def test_names_are_known_without_case_accents_or_hyphens(written: str, code: str | None) -> None:
    assert code_of_name(written) == code


def test_every_european_country_has_a_name_in_english_french_and_dutch() -> None:
    for code in [*EU, "GB", "NO", "CH"]:
        names = COUNTRY_NAMES[code]
        assert len(names) >= 2 and all(code_of_name(name) == code for name in names), code
    assert {code_of_name(n) for n in ("Belgium", "Belgique", "België")} == {"BE"}
    assert {code_of_name(n) for n in ("Finland", "Finlande")} == {"FI"}


def test_read_country_tells_a_name_from_a_code_and_suggests_for_a_typo() -> None:
    assert read_country("uk") == ("GB", False)
    assert read_country("Pays-Bas") == ("NL", True)
    with pytest.raises(ValueError) as refused:
        read_country("Nederlnd")
    assert str(refused.value) == (
        "unknown country 'Nederlnd' (expected an ISO 3166-1 alpha-2 code or a country's name; "
        "did you mean NL (Nederland)?)"
    )
