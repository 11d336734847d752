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
