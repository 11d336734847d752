from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from rencontre.matching import explain as explain_module
from rencontre.matching.combination import Combination
from rencontre.matching.explain import TEMPLATES, PairContext, explain, shorten
from rencontre.matching.lexical import LexicalEncoder
from rencontre.matching.profiles import OrgProfile
from rencontre.matching.recommend import build_population, recommend
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
            "son segment Packs batterie",
        ),
        ("nl", "Waardeketen: uw segment Batterijcellen levert aan zijn segment Batterijpakketten"),
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


def mixed_profiles(n: int) -> list[OrgProfile]:
    """Organisations with 0–3 texts, offers and needs, partners, segments and languages."""
    rng = np.random.default_rng(5)
    words = "cells packs recycling lithium cathode software sensors charging grid storage".split()

    def phrases(most: int) -> tuple[str, ...]:
        count = int(rng.integers(0, most + 1))
        return tuple(" ".join(rng.choice(words, 3)) + ". More." for _ in range(count))

    return [
        OrgProfile(
            f"o{i}",
            name=f"Org {i}",
            texts=phrases(3),
            country=str(rng.choice(["FR", "NL", "BE", ""])),
            kind=str(rng.choice(["HES", "PRC", "REC"])),
            offers=phrases(3),
            needs=phrases(2),
            segments=frozenset(rng.choice(["CELL", "PACK", "VEH"], int(rng.integers(0, 3)))),
            languages=frozenset(rng.choice(["en", "fr", "nl"], int(rng.integers(0, 2)))),
            partners=frozenset(f"o{j}" for j in rng.integers(0, n, int(rng.integers(0, 5)))),
        )
        for i in range(n)
    ]


@pytest.mark.parametrize("extra_ranks", [0, 3, 20])
def test_recommend_reasons_equal_those_of_the_pair_by_pair_implementation(
    tiny_chain: ValueChain, extra_ranks: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Recorded with the pair-by-pair explain() of commit d00cb4b (quotes of several phrases,
    # common partners, the value chain, interpreters; country names and singulars written out
    # since): block reasons must not change a word, whether pairs walk past the ranks
    # written in one pass (0 extra ranks: often) or not.
    monkeypatch.setattr(explain_module, "EXTRA_RANKS", extra_ranks)
    walks: list[int] = []
    deeper = explain_module.Explainer._deeper

    def counted(self: explain_module.Explainer, *args: Any) -> None:
        walks.append(1)
        deeper(self, *args)

    monkeypatch.setattr(explain_module.Explainer, "_deeper", counted)
    # Signals with negative weights were citable then, and every need–offer pair a match;
    # which signals and pairs may be cited is tested elsewhere, the sentences and their choice
    # here.
    monkeypatch.setattr(Combination, "citable", lambda self, name: True)
    monkeypatch.setattr(explain_module, "MATCH_MARGIN", -np.inf)
    data = Path(__file__).parent / "data"
    expected = json.loads((data / "reasons-d00cb4b.json").read_text())
    # The weights shipped when the reasons were recorded: retrained weights change the ranks.
    weights = json.loads((data / "partner-weights-golden.json").read_text())
    results = recommend(
        mixed_profiles(40),
        top_k=6,
        encoder=LexicalEncoder(),
        value_chain=tiny_chain,
        lang="fr",
        combination=Combination.from_document(weights),
    )
    found = {
        r.id: [[item.id, [[x.signal, x.text] for x in item.reasons]] for item in r.items]
        for r in results
    }
    # Contributions follow float32 products, whose last digits depend on the BLAS threads.
    assert found == {
        reader: [[other, [reason[:2] for reason in reasons]] for other, reasons in items]
        for reader, items in expected.items()
    }
    if extra_ranks == 0:
        assert walks  # the one-by-one continuation was exercised
    contributions = [x.contribution for r in results for item in r.items for x in item.reasons]
    recorded = [x[2] for items in expected.values() for _, reasons in items for x in reasons]
    assert contributions == pytest.approx(recorded, rel=1e-5, abs=1e-6)
