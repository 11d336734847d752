from __future__ import annotations

import math

import numpy as np

from rencontre.matching.graph import PartnerGraph, personalised_pagerank

from .graph_reference import adamic_adar, common_neighbours, graph_features, three_hop_paths

# a - b - c, a - d - c, c - e: a and c share partners b and d.
IDS = ["a", "b", "c", "d", "e"]
PARTNERS = {"a": {"b", "d"}, "c": {"b", "d", "e"}, "unknown": {"a"}}


def graph() -> PartnerGraph:
    return PartnerGraph.from_partners(IDS, PARTNERS)


def test_graph_is_symmetric_whoever_declares_the_link() -> None:
    g = graph()
    assert g.degree.tolist() == [2, 2, 3, 2, 1]
    assert sorted(g.neighbours(1).tolist()) == [0, 2]


def test_common_neighbours_counts_shared_partners() -> None:
    assert common_neighbours(graph(), 0).tolist() == [2.0, 0.0, 2.0, 0.0, 0.0]


def test_adamic_adar_discounts_by_partner_degree() -> None:
    expected = 2 / math.log(2)  # b and d both have degree 2
    assert adamic_adar(graph(), 0)[2] == expected


def test_three_hop_paths_reach_partners_of_partners_of_partners() -> None:
    # a–b–c and a–d–c, each first step damped by 1/2: e (next to c) gets 1, a and c none.
    assert three_hop_paths(graph(), 0).tolist() == [0.0, 2.0, 0.0, 2.0, 1.0]


def test_personalised_pagerank_is_a_distribution_peaked_at_the_start() -> None:
    rank = personalised_pagerank(graph(), 0)
    assert abs(rank.sum() - 1.0) < 1e-9
    assert int(np.argmax(rank)) == 0
    assert rank[2] > rank[4]  # two paths to c, e only through c


def test_graph_features_are_named_vectors() -> None:
    features = graph_features(graph(), 0)
    assert sorted(features) == [
        "adamic_adar",
        "common_partners",
        "common_share",
        "pagerank",
        "popularity",
        "three_hop",
    ]
    assert features["popularity"][2] == np.log1p(3)


def test_empty_graph_has_no_edges() -> None:
    g = PartnerGraph.from_partners(["x", "y"], {})
    assert g.degree.tolist() == [0, 0]
    assert common_neighbours(g, 0).tolist() == [0.0, 0.0]
