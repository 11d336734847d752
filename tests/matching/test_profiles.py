from __future__ import annotations

import gc

from rencontre.matching.lexical import LexicalEncoder
from rencontre.matching.profiles import OrgProfile, Reason, Recommendation, Recommendations
from rencontre.matching.recommend import recommend
from rencontre.matching.value_chain import ValueChain

TWO = (
    Recommendation("packs", 0.75, (Reason("value_chain", "Supplies your cells", 0.5),)),
    Recommendation("labs", 0.25, ()),
)


def test_recommendations_items_read_back_as_given() -> None:
    results = Recommendations("cells", TWO)
    assert results.items == TWO
    assert results.packed == (
        ("packs", 0.75, (("value_chain", "Supplies your cells", 0.5),)),
        ("labs", 0.25, ()),
    )


def test_recommendations_from_packed_equal_the_same_items() -> None:
    packed = Recommendations("cells", TWO).packed
    assert Recommendations.from_packed("cells", packed) == Recommendations("cells", TWO)
    assert Recommendations("cells", TWO) != Recommendations("cells", TWO[:1])
    assert hash(Recommendations.from_packed("cells", packed)) == hash(Recommendations("cells", TWO))


def test_recommendations_repr_shows_the_items() -> None:
    assert repr(Recommendations("cells", TWO[1:])) == (
        "Recommendations(id='cells', items=(Recommendation(id='labs', score=0.25, reasons=()),))"
    )


def test_recommend_leaves_results_the_collector_no_longer_tracks(tiny_chain: ValueChain) -> None:
    profiles = [
        OrgProfile("cells", texts=("Battery cells",), country="FR", segments=frozenset({"CELL"})),
        OrgProfile("packs", texts=("Battery packs",), country="NL", segments=frozenset({"PACK"})),
        OrgProfile("labs", texts=("Battery tests",), country="BE"),
    ]
    enabled = gc.isenabled()
    results = recommend(profiles, top_k=2, encoder=LexicalEncoder(), value_chain=tiny_chain)
    assert gc.isenabled() == enabled
    # A pass stops tracking at least the innermost level still tracked: reason, reasons, item
    # and items make four.
    for _ in range(4):
        gc.collect()
    assert [len(r.packed) for r in results] == [2, 2, 2]
    assert [r.items[0].reasons != () for r in results] == [True, True, True]
    # Only the Recommendations themselves stay tracked; their items are plain values.
    assert [gc.is_tracked(r.packed) for r in results] == [False, False, False]
