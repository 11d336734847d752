from __future__ import annotations

import numpy as np

from rencontre.matching.ann import CellIndex, approximate_top_k, approximate_top_k_all
from rencontre.matching.encoders import normalise_rows


def clustered(n_per: int, centres: int, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    middle = normalise_rows(rng.normal(size=(centres, 16)).astype(np.float32))
    points = np.repeat(middle, n_per, axis=0) + 0.05 * rng.normal(size=(centres * n_per, 16))
    return normalise_rows(points.astype(np.float32))


def test_cells_recover_well_separated_clusters() -> None:
    vectors = clustered(20, 4)
    index = CellIndex.build(vectors, cells=4)
    groups = index.assignment.reshape(4, 20)
    assert all(len(set(group.tolist())) == 1 for group in groups)
    assert len(set(groups[:, 0].tolist())) == 4


def test_approximate_neighbours_are_from_the_same_cluster_and_never_itself() -> None:
    vectors = clustered(10, 5)
    best = approximate_top_k_all(vectors, 5, cells=5, probes=2)
    assert best.shape == (50, 5)
    for i, row in enumerate(best):
        assert i not in row.tolist()
        assert {j // 10 for j in row.tolist()} == {i // 10}


def test_approximate_top_k_probing_every_cell_is_exact_search() -> None:
    candidates = clustered(10, 5)
    queries = normalise_rows(np.random.default_rng(3).normal(size=(7, 16)).astype(np.float32))
    index = CellIndex.build(candidates, cells=5)
    best = approximate_top_k(queries, candidates, 4, index=index, probes=5)
    expected = np.argsort(-(queries @ candidates.T), axis=1, kind="stable")[:, :4]
    np.testing.assert_array_equal(best, expected)
