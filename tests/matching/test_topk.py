from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from rencontre.matching.topk import blocked_top_k, top_k_rows


def test_top_k_rows_best_first_with_ties_by_lower_index() -> None:
    scores = np.array([[0.1, 0.9, 0.5, 0.9], [3.0, 2.0, 1.0, 0.0]], dtype=np.float32)
    assert top_k_rows(scores, 3).tolist() == [[1, 3, 2], [0, 1, 2]]


def test_top_k_larger_than_candidates_returns_all() -> None:
    scores = np.array([[0.2, 0.1]], dtype=np.float32)
    assert top_k_rows(scores, 5).tolist() == [[0, 1]]


def test_blocked_equals_unblocked() -> None:
    rng = np.random.default_rng(0)
    queries = rng.normal(size=(37, 8)).astype(np.float32)
    candidates = rng.normal(size=(50, 8)).astype(np.float32)
    full = top_k_rows(queries @ candidates.T, 5)
    np.testing.assert_array_equal(blocked_top_k(queries, candidates, 5, block_rows=8), full)


def test_adjust_hook_sees_block_offsets() -> None:
    queries = np.eye(3, dtype=np.float32)
    seen: list[int] = []

    def forbid_self(scores: np.ndarray, start: int) -> None:  # type: ignore[type-arg]
        seen.append(start)
        for r in range(scores.shape[0]):
            scores[r, start + r] = -np.inf

    best = blocked_top_k(queries, queries, 1, block_rows=2, adjust=forbid_self)
    assert seen == [0, 2]
    assert best[:, 0].tolist() == [1, 0, 0]


def test_wide_rows_take_the_shortlist_path_and_agree_with_a_full_sort() -> None:
    rng = np.random.default_rng(3)
    scores = rng.normal(size=(7, 128 * 90 + 17)).astype(np.float32)
    scores[0, :] = 0.0  # ties everywhere: lowest indices win
    scores[1, 5:] = -np.inf  # fewer finite scores than k
    expected = np.argsort(-scores, axis=1, kind="stable")[:, :20]
    np.testing.assert_array_equal(top_k_rows(scores, 20), expected)


@settings(max_examples=50, deadline=None)
@given(
    rows=st.integers(1, 4),
    cols=st.integers(1, 1400),
    k=st.integers(1, 25),
    seed=st.integers(0, 10_000),
    levels=st.integers(2, 50),
)
def test_top_k_matches_a_stable_sort(rows: int, cols: int, k: int, seed: int, levels: int) -> None:
    # Few distinct values force ties, where "lowest index first" must still hold.
    scores = np.random.default_rng(seed).integers(0, levels, size=(rows, cols)).astype(np.float32)
    expected = np.argsort(-scores, axis=1, kind="stable")[:, :k]
    np.testing.assert_array_equal(top_k_rows(scores, k), expected)
