from __future__ import annotations

import numpy as np

from rencontre.matching.encoders import normalise_rows
from rencontre.matching.pair_features import (
    PhraseSet,
    best_pair_scores,
    language_bitmasks,
    spoken_languages,
    supply_matrix,
)
from rencontre.matching.profiles import OrgProfile
from rencontre.matching.value_chain import ValueChain


def test_best_pair_scores_take_the_best_phrase_pair_per_organisation() -> None:
    vectors = normalise_rows(np.array([[1, 0], [0, 1], [1, 1], [1, 0]], dtype=np.float32))
    needs = PhraseSet(vectors[:2], np.array([0, 0]), ("n1", "n2"))
    offers = PhraseSet(vectors[2:], np.array([1, 2]), ("o1", "o2"))
    scores = best_pair_scores(needs, offers, range(0, 1), 3)
    np.testing.assert_allclose(scores, [[0.0, 2**-0.5, 1.0]], rtol=1e-6)


def test_supply_matrix_is_symmetric_and_ignores_competitors(tiny_chain: ValueChain) -> None:
    profiles = [
        OrgProfile("cells", segments=frozenset({"CELL"})),
        OrgProfile("packs", segments=frozenset({"PACK"})),
        OrgProfile("cells-2", segments=frozenset({"CELL"})),
    ]
    matrix = supply_matrix(profiles, tiny_chain)
    assert matrix.tolist() == [[0, 1, 0], [1, 0, 1], [0, 1, 0]]


def test_spoken_languages_prefer_declared_then_country_and_texts() -> None:
    assert spoken_languages(OrgProfile("a", languages=frozenset({"EN"})), frozenset({"fr"})) == {
        "en"
    }
    assert spoken_languages(OrgProfile("b", country="BE"), frozenset({"en"})) == {"fr", "nl", "en"}


def test_language_bitmasks_share_a_bit_when_a_language_is_shared() -> None:
    masks = language_bitmasks([frozenset({"fr"}), frozenset({"nl", "fr"}), frozenset({"nl"})])
    shared = (masks[:, None] & masks[None, :]) != 0
    assert shared.tolist() == [[True, True, False], [True, True, True], [False, True, True]]
