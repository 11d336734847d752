"""Searching the demo mission's organisations by words and by meaning, across languages.

The demo organisations describe themselves in French, Dutch and English; the tests also
keep only the description in an organisation's own language, as most real profiles are, so
that a match across languages has to come from meaning. A part of the demo mission is
searched (its charging companies and a few others): scores do not depend on which other
organisations are indexed, and encoding the whole mission takes too long for a test.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from rencontre.core.enums import Language
from rencontre.core.organisation import Organisation
from rencontre.demo.loader import load_demo
from rencontre.services.meaning_search import (
    MeaningSearch,
    folded,
    organisation_texts,
    sentences,
    words_match,
)

pytestmark = pytest.mark.slow

OWN_LANGUAGE = {"FR": Language.FR, "NL": Language.NL, "BE": Language.FR, "DE": Language.EN}
OTHERS = {
    "Nederlands Batterijcluster",
    "Régénère Batteries",
    "Rijnmond Logistics",
    "Kathodix",
    "Transports Lefebvre Logistique",
    "Codéo Embarqué",
    "Implanto Conseil",
}


def _searched(organisation: Organisation) -> bool:
    french = folded(organisation.description(Language.FR))
    return "recharge" in french or "borne" in french or organisation.name in OTHERS


@pytest.fixture(scope="module")
def demo() -> tuple[Organisation, ...]:
    return tuple(o for o in load_demo().organisations if _searched(o))


@pytest.fixture(scope="module")
def own_language(demo: tuple[Organisation, ...]) -> tuple[Organisation, ...]:
    return tuple(
        replace(
            o,
            descriptions=tuple(t for t in o.descriptions if t.language is OWN_LANGUAGE[o.country]),
        )
        for o in demo
    )


@pytest.fixture(scope="module")
def searcher(
    demo: tuple[Organisation, ...], own_language: tuple[Organisation, ...]
) -> MeaningSearch:
    searcher = MeaningSearch()
    searcher.prepare(demo, mission="demo")
    searcher.prepare(own_language, mission="demo-own-language")
    return searcher


def found_by_meaning(
    searcher: MeaningSearch, query: str, organisations: tuple[Organisation, ...], mission: str
) -> list[str]:
    result = searcher.search(query, organisations, mission=mission)
    assert result.ready
    return [hit.organisation for hit in result.hits]


def found_by_words(query: str, organisations: tuple[Organisation, ...]) -> list[str]:
    return [o.name for o in organisations if words_match(query, organisation_texts(o))]


def test_laadpalen_finds_the_french_companies_that_say_bornes_de_recharge(
    searcher: MeaningSearch, demo: tuple[Organisation, ...]
) -> None:
    saying = {
        o.name
        for o in demo
        if o.country == "FR" and "bornes de recharge" in o.description(Language.FR)
    }
    by_words = found_by_words("laadpalen", demo)
    by_meaning = found_by_meaning(searcher, "laadpalen", demo, "demo")
    assert saying == {
        "Borne & Co Installations",
        "Homologa Nord",
        "Carrosserie de l'Escaut",
        "Électronique du Hainaut",
    }
    assert saying <= set(by_words) | set(by_meaning)
    # Meaning finds a charge-point operator whose texts never write the word ("points de
    # recharge", "laadpunten").
    assert set(by_meaning) - set(by_words) == {"Recharge Opale"}


def test_an_english_query_finds_companies_described_in_dutch_only(
    searcher: MeaningSearch, own_language: tuple[Organisation, ...]
) -> None:
    found = found_by_meaning(searcher, "battery recycling", own_language, "demo-own-language")
    assert found_by_words("battery recycling", own_language) == []
    assert found[0] == "Régénère Batteries"  # French: "recyclage de batteries"
    described_in_dutch = {o.name for o in own_language if o.country == "NL"}
    assert {"Nederlands Batterijcluster", "Rijnmond Logistics"} <= set(found) & described_in_dutch


def test_a_dutch_word_finds_the_dutch_and_french_fast_chargers_by_meaning(
    searcher: MeaningSearch, own_language: tuple[Organisation, ...]
) -> None:
    found = found_by_meaning(searcher, "snelladers", own_language, "demo-own-language")
    assert found[0] == "Dijkstra Laadsystemen"


@pytest.mark.parametrize("query", ["boulangerie artisanale", "bakkerij", "football club", "xyzzy"])
def test_an_unrelated_query_finds_nothing_by_meaning(
    searcher: MeaningSearch,
    demo: tuple[Organisation, ...],
    own_language: tuple[Organisation, ...],
    query: str,
) -> None:
    assert found_by_meaning(searcher, query, demo, "demo") == []
    assert found_by_meaning(searcher, query, own_language, "demo-own-language") == []


def test_an_empty_query_searches_nothing(
    searcher: MeaningSearch, demo: tuple[Organisation, ...]
) -> None:
    assert searcher.search("   ", demo, mission="demo").hits == ()


def test_a_changed_description_is_searched_at_once(
    searcher: MeaningSearch, own_language: tuple[Organisation, ...]
) -> None:
    bakery = replace(
        own_language[0],
        descriptions=(replace(own_language[0].descriptions[0], text="Boulangerie artisanale."),),
    )
    changed = (bakery, *own_language[1:])
    assert found_by_meaning(searcher, "boulangerie", changed, "demo-own-language")[0] == bakery.name


class TestWords:
    """Word search, without the model."""

    def test_accents_and_case_do_not_matter(self) -> None:
        texts = ("Électronique du Hainaut", "Cartes pour les bornes de recharge.")
        assert words_match("electronique", texts)
        assert words_match("ÉLECTRONIQUE hainaut", texts)
        assert words_match("Bornes Recharge", texts)

    def test_every_word_must_occur(self) -> None:
        texts = ("Électronique du Hainaut",)
        assert not words_match("electronique flandres", texts)
        assert not words_match("", texts)

    def test_an_organisation_is_searched_in_every_language(
        self, demo: tuple[Organisation, ...]
    ) -> None:
        assert "Chargeo" in found_by_words("laadpalen", demo)  # its Dutch description

    def test_descriptions_are_cut_into_sentences(self) -> None:
        assert sentences("Bornes de recharge rapide; cherche distributeurs.  Lille.") == [
            "Bornes de recharge rapide;",
            "cherche distributeurs.",
            "Lille.",
        ]
