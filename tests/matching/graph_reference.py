"""The graph signals defined one organisation at a time, against all organisations.

The readable definition that `rencontre.matching.graph_local` computes for whole blocks by path
joins; its tests hold it to this (exactly, PageRank included, on graphs below
`graph_local.EXACT_WALK_MAX_EDGES` links).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from rencontre.matching.graph import PartnerGraph, personalised_pagerank

Vector = npt.NDArray[np.float64]


def common_neighbours(graph: PartnerGraph, node: int) -> Vector:
    """Number of partners each organisation shares with `node`."""
    scores = np.zeros(graph.size, dtype=np.float64)
    for middle in graph.neighbours(node):
        np.add.at(scores, graph.neighbours(int(middle)), 1.0)
    return scores


def adamic_adar(graph: PartnerGraph, node: int) -> Vector:
    """Shared partners weighted by 1/log(their degree): a hub partner says little."""
    scores = np.zeros(graph.size, dtype=np.float64)
    degree = graph.degree
    for middle in graph.neighbours(node):
        weight = 1.0 / np.log(max(int(degree[middle]), 2))
        np.add.at(scores, graph.neighbours(int(middle)), weight)
    return scores


def three_hop_paths(graph: PartnerGraph, node: int) -> Vector:
    """Paths node–a–b–j to each organisation j, each weighted by 1/degree(a) (Katz-like).

    Reaches partners of partners of partners; a hub first step counts for little.
    """
    degree = graph.degree
    first = np.zeros(graph.size, dtype=np.float64)
    for middle in graph.neighbours(node):
        np.add.at(first, graph.neighbours(int(middle)), 1.0 / max(int(degree[middle]), 1))
    rows = np.repeat(np.arange(graph.size), degree)
    paths = np.bincount(graph.indices, weights=first[rows], minlength=graph.size)
    return paths.astype(np.float64)


def graph_features(graph: PartnerGraph, node: int) -> dict[str, Vector]:
    """Every graph signal of `node` against all organisations, on comparable log scales."""
    n = max(graph.size, 2)
    common = common_neighbours(graph, node)
    return {
        "popularity": np.log1p(graph.degree.astype(np.float64)),
        "common_partners": np.log1p(common),
        # Shared partners relative to the candidate's size: a hub shares some with everybody.
        "common_share": common / np.sqrt(np.maximum(graph.degree, 1)),
        "adamic_adar": np.log1p(adamic_adar(graph, node)),
        "pagerank": np.log1p(personalised_pagerank(graph, node) * n),
        "three_hop": np.log1p(three_hop_paths(graph, node)),
    }
