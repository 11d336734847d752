from __future__ import annotations

import numpy as np

from rencontre.matching.combination import PRIOR_WEIGHTS, Combination, FeatureWeight
from rencontre.matching.pair_features import FEATURES


def test_score_is_the_sum_of_standardised_weighted_signals() -> None:
    combination = Combination(
        {"text": FeatureWeight(2.0, mean=0.5, scale=0.25), "popularity": FeatureWeight(1.0)}
    )
    features = {
        "text": np.array([[0.75, 0.5]], dtype=np.float32),
        "popularity": np.array([[0.0, 3.0]], dtype=np.float32),
        "unweighted": np.array([[9.0, 9.0]], dtype=np.float32),
    }
    np.testing.assert_allclose(combination.score(features), [[2.0, 3.0]])


def test_shipped_combination_weighs_every_feature() -> None:
    assert set(Combination.shipped().weights) == set(FEATURES) == set(PRIOR_WEIGHTS)


def test_cross_border_preference_replaces_the_learned_country_weight() -> None:
    learned = Combination.shipped()
    mission = learned.preferring_cross_border(0.4)
    features = {"cross_border": np.array([[1.0, 0.0]], dtype=np.float32)}
    np.testing.assert_allclose(mission.contributions(features)["cross_border"], [[0.4, 0.0]])
    assert learned.weights["cross_border"].coefficient < 0  # EU consortia: same country first
    assert {k: v for k, v in mission.weights.items() if k != "cross_border"} == {
        k: v for k, v in learned.weights.items() if k != "cross_border"
    }


def test_only_signals_with_a_positive_weight_are_citable() -> None:
    combination = Combination(
        {
            "text": FeatureWeight(1.0),
            "popularity": FeatureWeight(-0.5),
            "activity": FeatureWeight(0),
        }
    )
    assert combination.citable("text")
    assert not combination.citable("popularity")
    assert not combination.citable("activity")
    assert not combination.citable("value_chain")
