"""Graph signals of a block of organisations at candidate columns (a shortlist, or everybody).

Defined one organisation at a time (vectors over all n organisations, a personalised PageRank
walking the whole graph twelve times; tests/matching/graph_reference.py), the signals cost
≈0.1 s per organisation at 100,000 organisations with the partnership density of the EU
projects data (≈23 partners each): hours for everybody. Here paths are enumerated from the
block's side (its partners and partners of partners) and joined with the candidates' partner
lists: the cost follows the neighbourhoods, not n. Exact search (every column) and shortlists
both use it.

Common partners, Adamic-Adar, common share, three-hop paths and popularity are exactly those of
that definition. PageRank is exact on small graphs; on large ones its first
`LOCAL_WALK_STEPS` steps are exact and the rest of the walk (restart 0.3: 24% of its mass after
four steps) is taken at its limit, the degree-proportional spread over the component.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from rencontre.matching.arrays import distinct, runs
from rencontre.matching.graph import (
    PAGERANK_ITERATIONS,
    PAGERANK_RESTART,
    PartnerGraph,
    csr_gather,
    personalised_pagerank,
)

Index = npt.NDArray[np.int64]
Dense = npt.NDArray[np.float32]
Sums = npt.NDArray[np.float64]

# Below this many (directed) edges the exact walk costs < 1 ms a row: keep it exact.
EXACT_WALK_MAX_EDGES = 50_000
LOCAL_WALK_STEPS = 3


def expand(graph: PartnerGraph, nodes: Index) -> tuple[Index, Index]:
    """Every (position in `nodes`, neighbour) pair."""
    return csr_gather(graph.indptr, graph.indices, nodes)


@dataclass(frozen=True)
class ColumnNeighbours:
    """For each node, the candidate columns it is a partner of (sorted by node, CSR)."""

    lookup: Index  # each node's place in the CSR, -1 when it is nobody's partner here
    indptr: Index
    positions: Index
    width: int

    @staticmethod
    def build(graph: PartnerGraph, columns: Index) -> ColumnNeighbours:
        position, node = expand(graph, columns)
        order = np.argsort(node, kind="stable")
        nodes, starts = runs(node[order])
        indptr = np.append(starts, len(order)).astype(np.int64)
        lookup = np.full(graph.size, -1, dtype=np.int64)
        lookup[nodes] = np.arange(len(nodes))
        return ColumnNeighbours(lookup, indptr, position[order], len(columns))

    def join(self, rows: int, row_of: Index, node: Index) -> Joined:
        """Entries (row, node) joined to the columns their node is a partner of."""
        at = self.lookup[node]
        hit = np.flatnonzero(at >= 0)
        entry, cols = csr_gather(self.indptr, self.positions, at[hit])
        return Joined(hit[entry], row_of[hit][entry] * self.width + cols, (rows, self.width))


@dataclass(frozen=True)
class Joined:
    """Entries of a list of (row, node) paths matched to candidate columns, for several sums."""

    entry: Index  # which path
    cell: Index  # flat (row, column)
    shape: tuple[int, int]

    def spread(self, weight: Sums) -> Sums:
        """(rows × columns): Σ weight over paths whose node is a column's partner."""
        size = self.shape[0] * self.shape[1]
        total = np.bincount(self.cell, weights=weight[self.entry], minlength=size)
        return total.reshape(self.shape).astype(np.float64)


def local_graph_features(graph: PartnerGraph, rows: Index, columns: Index) -> dict[str, Dense]:
    """Every graph signal of each organisation in `rows`, at the candidate `columns` only."""
    degree = graph.degree.astype(np.float64)
    joins = ColumnNeighbours.build(graph, columns)
    n_rows = len(rows)
    # Paths row–middle (hop one) and row–middle–far (hop two).
    first_row, middle = expand(graph, rows)
    second, far = expand(graph, middle)
    second_row = first_row[second]
    # Each path set is joined to the columns once, then summed with every weight it carries.
    one_hop = joins.join(n_rows, first_row, middle)
    two_hops = joins.join(n_rows, second_row, far)
    common = one_hop.spread(np.ones(len(middle)))
    adamic = one_hop.spread(1.0 / np.log(np.maximum(degree[middle], 2)))
    hub_step = 1.0 / np.maximum(degree[middle], 1)
    three_hop = two_hops.spread(hub_step[second])
    candidate_degree = graph.degree[columns]
    shape = (n_rows, len(columns))
    if len(graph.indices) <= EXACT_WALK_MAX_EDGES:
        rank = np.stack([personalised_pagerank(graph, int(i))[columns] for i in rows])
    else:
        rank = _local_pagerank(
            graph, rows, columns, joins, (first_row, middle, second, far), (one_hop, two_hops)
        )
    features = {
        "common_partners": np.log1p(common),
        "common_share": common / np.sqrt(np.maximum(candidate_degree, 1)),
        "adamic_adar": np.log1p(adamic),
        "pagerank": np.log1p(rank * max(graph.size, 2)),
        "three_hop": np.log1p(three_hop),
    }
    # The definition's arithmetic (float64), then float32 as block_features stores it.
    out = {name: values.astype(np.float32) for name, values in features.items()}
    # Popularity is the candidate's alone: one row, broadcast (as block_features' activity).
    popularity = np.log1p(candidate_degree.astype(np.float64)).astype(np.float32)
    return {"popularity": np.broadcast_to(popularity, shape), **out}


def _local_pagerank(
    graph: PartnerGraph,
    rows: Index,
    columns: Index,
    joins: ColumnNeighbours,
    paths: tuple[Index, Index, Index, Index],
    joined: tuple[Joined, Joined],
) -> Sums:
    """Walk with restart: exact for LOCAL_WALK_STEPS steps, then its limit on the component.

    After s steps the walk from i is at j with probability w_s(j); with restart r the result is
    Σ_{s<T} r(1−r)^s w_s + (1−r)^T w_T. Steps beyond the third are replaced by the stationary
    spread d_j / vol(component), which the walk approaches on a well-connected component.
    """
    first_row, middle, second, far = paths
    one_hop, two_hops = joined
    degree = graph.degree.astype(np.float64)
    inverse = np.divide(1.0, degree, out=np.zeros_like(degree), where=degree > 0)
    n_rows = len(rows)
    row_ids = np.arange(n_rows)
    w0 = (columns[None, :] == rows[:, None]).astype(np.float64)
    w1 = joins.join(n_rows, row_ids, rows).spread(inverse[rows])
    step_two = inverse[rows][first_row] * inverse[middle]
    w2 = one_hop.spread(step_two)
    w3 = two_hops.spread(step_two[second] * inverse[far])
    walks = (w0, w1, w2, w3)
    rank = np.zeros((n_rows, len(columns)), dtype=np.float64)
    keep = 1.0 - PAGERANK_RESTART
    for step, walk in enumerate(walks[:PAGERANK_ITERATIONS]):
        rank += PAGERANK_RESTART * keep**step * walk
    tail = keep ** min(LOCAL_WALK_STEPS + 1, PAGERANK_ITERATIONS)
    component = graph.components
    volume = np.bincount(component, weights=degree, minlength=graph.size)
    same = component[rows][:, None] == component[columns][None, :]
    stationary = degree[columns][None, :] / np.maximum(volume[component[rows]], 1.0)[:, None]
    # A partnerless organisation's walk stays home: no mass spreads.
    moving = (degree[rows] > 0)[:, None]
    rank += tail * np.where(same & moving, stationary, 0.0)
    return rank


def neighbourhood_candidates(
    graph: PartnerGraph, rows: Index, per_row: int, *, partners: bool = True
) -> Index:
    """Partners of each row and its `per_row` partners of partners with most common partners.

    Graph signals (common partners, three-hop paths, PageRank) are highest there, and such
    candidates may share no text with the row: the text index alone would miss them. Without
    `partners` only the partners of partners are returned (when known partners are excluded
    anyway, scoring them would be wasted: a quarter of a group's columns at EU-like density).
    """
    first_row, middle = expand(graph, rows)
    second, far = expand(graph, middle)
    owner_row = first_row[second]
    away = far != rows[owner_row]  # the way back home is no candidate
    pair = owner_row[away] * graph.size + far[away]
    unique, counts = np.unique(pair, return_counts=True)
    owner = unique // graph.size
    order = np.lexsort((-counts, owner))
    rank_in_row = np.arange(len(order)) - np.searchsorted(owner[order], owner[order])
    best = (unique[order] % graph.size)[rank_in_row < per_row]
    return distinct(np.concatenate([middle, best]) if partners else best)
