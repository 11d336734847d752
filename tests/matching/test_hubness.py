from __future__ import annotations

import numpy as np

from rencontre.matching.hubness import HubnessCorrection


def test_penalty_is_mean_similarity_to_nearest_reference_vectors() -> None:
    reference = np.array([[1, 0], [0, 1], [-1, 0]], dtype=np.float32)
    candidates = np.array([[1, 0], [0, -1]], dtype=np.float32)
    penalty = HubnessCorrection(reference, neighbours=2).candidate_penalty(candidates)
    # [1,0]: sims 1, 0, -1 → mean of best two 0.5; [0,-1]: sims 0, -1, 0 → 0.
    np.testing.assert_allclose(penalty, [0.5, 0.0])


def test_penalty_does_not_depend_on_block_size() -> None:
    rng = np.random.default_rng(1)
    reference = rng.normal(size=(20, 4)).astype(np.float32)
    candidates = rng.normal(size=(9, 4)).astype(np.float32)
    correction = HubnessCorrection(reference, neighbours=3)
    np.testing.assert_allclose(
        correction.candidate_penalty(candidates, block_rows=2),
        correction.candidate_penalty(candidates),
        rtol=1e-6,
    )
