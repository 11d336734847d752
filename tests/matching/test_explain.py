from __future__ import annotations

import pytest

from rencontre.matching.explain import TEMPLATES, PairContext, explain, shorten
from rencontre.matching.lexical import LexicalEncoder
from rencontre.matching.profiles import OrgProfile
from rencontre.matching.recommend import build_population
from rencontre.matching.value_chain import ValueChain


def context(contributions: dict[str, float], lang: str, chain: ValueChain) -> PairContext:
    profiles = [
        OrgProfile("a", texts=("Cellules",), country="FR", segments=frozenset({"CELL"})),
        OrgProfile("b", texts=("Pakketten",), country="NL", segments=frozenset({"PACK"})),
    ]
    population = build_population(profiles, encoder=LexicalEncoder(), value_chain=chain)
    return PairContext(population, 0, 1, contributions, 0.5, lang)


def test_every_template_exists_in_the_three_languages() -> None:
    assert all(set(by_lang) == {"en", "fr", "nl"} for by_lang in TEMPLATES.values())


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", "Value chain: your segment Battery cells supplies their segment Battery packs"),
        (
            "fr",
            "Chaîne de valeur : votre segment Cellules de batterie fournit "
            "leur segment Packs batterie",
        ),
        ("nl", "Waardeketen: uw segment Batterijcellen levert aan hun segment Batterijpakketten"),
    ],
)
def test_value_chain_reason_in_reader_language(
    lang: str, expected: str, tiny_chain: ValueChain
) -> None:
    reasons = explain(context({"value_chain": 1.0, "cross_border": 0.5}, lang, tiny_chain))
    assert reasons[0].text == expected
    assert reasons[0].signal == "value_chain"
    assert reasons[1].signal == "cross_border"


def test_no_positive_signal_still_gives_one_reason(tiny_chain: ValueChain) -> None:
    reasons = explain(context({"text": -1.0}, "nl", tiny_chain))
    assert [r.text for r in reasons] == [
        "Gerangschikt op het hele profiel: geen enkel signaal springt eruit",
        "Geen gemeenschappelijke taal: een tolk is nodig",
    ]


def test_unknown_language_is_refused(tiny_chain: ValueChain) -> None:
    with pytest.raises(ValueError, match="'de'"):
        explain(context({}, "de", tiny_chain))


def test_shorten_keeps_first_sentence_and_cuts_on_a_word() -> None:
    assert shorten("Fast chargers. And more.") == "Fast chargers"
    assert shorten("word " * 40, limit=12) == "word word…"
