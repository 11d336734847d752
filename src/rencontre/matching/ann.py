"""Approximate top-k for very large populations: an inverted file over k-means cells.

Exact blocked search costs n² dot products: at 100,000 organisations that is minutes on two
cores. Here each organisation is compared only with the members of the few cells nearest to
its own cell (queries of one cell share their candidate set, so work stays in matrix products).
Recall against exact search is measured in benchmarks/matching (scale).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from rencontre.matching.encoders import Matrix, normalise_rows
from rencontre.matching.topk import IndexMatrix, top_k_rows


@dataclass(frozen=True)
class CellIndex:
    centroids: Matrix
    assignment: np.ndarray  # cell of each vector

    @staticmethod
    def build(vectors: Matrix, *, cells: int, iterations: int = 8, seed: int = 0) -> CellIndex:
        """Spherical k-means (cosine), started from spread-out points of a sample."""
        cells = min(cells, len(vectors))
        centroids = _spread_out(vectors, cells, seed=seed)
        assignment = np.zeros(len(vectors), dtype=np.int64)
        for _ in range(iterations):
            assignment = _nearest(vectors, centroids)
            sums = np.zeros_like(centroids)
            np.add.at(sums, assignment, vectors)
            empty = np.bincount(assignment, minlength=cells) == 0
            sums[empty] = centroids[empty]
            centroids = normalise_rows(sums)
        return CellIndex(centroids=centroids, assignment=_nearest(vectors, centroids))


def _spread_out(vectors: Matrix, count: int, *, seed: int, sample: int = 20_000) -> Matrix:
    """k-means++ picks (chance grows with the distance to the nearest centre so far).

    Uniform random starts can put two centres in one cluster and none in another.
    """
    rng = np.random.default_rng(seed)
    pool = vectors[rng.choice(len(vectors), min(sample, len(vectors)), replace=False)]
    picked = [int(rng.integers(len(pool)))]
    closest = pool @ pool[picked[0]]
    for _ in range(count - 1):
        distance = np.maximum(1.0 - closest, 0.0).astype(np.float64) ** 2
        total = distance.sum()
        choice = rng.choice(len(pool), p=distance / total) if total > 0 else rng.integers(len(pool))
        picked.append(int(choice))
        closest = np.maximum(closest, pool @ pool[picked[-1]])
    return pool[picked].copy()


def _nearest(vectors: Matrix, centroids: Matrix, block: int = 8192) -> np.ndarray:
    out = np.empty(len(vectors), dtype=np.int64)
    for start in range(0, len(vectors), block):
        out[start : start + block] = np.argmax(vectors[start : start + block] @ centroids.T, 1)
    return out


def approximate_top_k_all(
    vectors: Matrix, k: int, *, cells: int | None = None, probes: int = 12
) -> IndexMatrix:
    """Each vector's k most similar other vectors, searched in its `probes` nearest cells."""
    n = len(vectors)
    cells = cells if cells is not None else max(1, int(np.sqrt(n)))
    index = CellIndex.build(vectors, cells=cells)
    members = [np.flatnonzero(index.assignment == c) for c in range(len(index.centroids))]
    near = np.argsort(-(index.centroids @ index.centroids.T), axis=1)[:, :probes]
    out = np.full((n, k), -1, dtype=np.int64)
    for cell, queries in enumerate(members):
        if len(queries) == 0:
            continue
        pool = np.concatenate([members[c] for c in near[cell]])
        scores = vectors[queries] @ vectors[pool].T
        scores[queries[:, None] == pool[None, :]] = -np.inf  # never itself
        best = top_k_rows(scores, k)
        out[queries, : best.shape[1]] = pool[best]
    return out
