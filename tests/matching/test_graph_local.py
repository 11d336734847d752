from __future__ import annotations

import numpy as np
import pytest

from rencontre.matching import graph_local
from rencontre.matching.graph import PartnerGraph
from rencontre.matching.graph_local import local_graph_features, neighbourhood_candidates

from .graph_reference import graph_features


def random_graph(n: int = 80, seed: int = 0) -> PartnerGraph:
    rng = np.random.default_rng(seed)
    ids = [str(i) for i in range(n)]
    partners = {str(i): {str(j) for j in rng.integers(0, n, rng.integers(0, 6))} for i in range(n)}
    return PartnerGraph.from_partners(ids, partners)


def test_local_graph_features_equal_graph_features_at_the_columns() -> None:
    g = random_graph()
    rows = np.array([3, 0, 41, 79], dtype=np.int64)
    columns = np.array([1, 2, 3, 10, 41, 50, 77], dtype=np.int64)
    local = local_graph_features(g, rows, columns)
    for r, i in enumerate(rows):
        full = graph_features(g, int(i))
        for name, values in full.items():
            np.testing.assert_allclose(local[name][r], values[columns], rtol=1e-6, err_msg=name)


def test_local_pagerank_on_large_graphs_is_exact_over_three_steps_then_stationary(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Two triangles: a walk from node 0 never reaches the other triangle.
    g = PartnerGraph.from_partners(
        [str(i) for i in range(6)], {"0": {"1", "2"}, "1": {"2"}, "3": {"4", "5"}, "4": {"5"}}
    )
    monkeypatch.setattr(graph_local, "EXACT_WALK_MAX_EDGES", 0)
    rows = np.array([0], dtype=np.int64)
    columns = np.arange(6, dtype=np.int64)
    rank = np.expm1(local_graph_features(g, rows, columns)["pagerank"][0]) / 6
    # Steps on a triangle: home, then halves on the other two, then back and forth.
    walks = [[1, 0, 0], [0, 0.5, 0.5], [0.5, 0.25, 0.25], [0.25, 0.375, 0.375]]
    expected = sum(0.3 * 0.7**s * np.array(w) for s, w in enumerate(walks)) + 0.7**4 / 3
    np.testing.assert_allclose(rank[:3], expected, rtol=1e-5)
    assert rank[3:].tolist() == [0.0, 0.0, 0.0]


def test_components_label_each_node_by_its_smallest_member() -> None:
    g = PartnerGraph.from_partners(list("abcde"), {"a": {"c"}, "c": {"e"}, "b": set()})
    assert g.components.tolist() == [0, 1, 0, 3, 0]


def test_neighbourhood_candidates_are_partners_and_best_partners_of_partners() -> None:
    # 0 – 1, 0 – 2; 1 and 2 both know 3; only 1 knows 4.
    g = PartnerGraph.from_partners(
        [str(i) for i in range(5)], {"0": {"1", "2"}, "1": {"3", "4"}, "2": {"3"}}
    )
    assert neighbourhood_candidates(g, np.array([0]), per_row=1).tolist() == [1, 2, 3]
    assert neighbourhood_candidates(g, np.array([0]), per_row=3).tolist() == [1, 2, 3, 4]
    # Known partners left out (when they are excluded anyway): partners of partners only.
    assert neighbourhood_candidates(g, np.array([0]), per_row=3, partners=False).tolist() == [3, 4]
