"""Top-k search by blocked matrix products: memory stays at block × candidates, not n × n."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import numpy.typing as npt

from rencontre.matching.encoders import Matrix

IndexMatrix = npt.NDArray[np.int64]
# Adjusts one block of scores in place: (scores, first query row of the block) → None.
BlockAdjust = Callable[[Matrix, int], None]


def top_k_rows(scores: Matrix, k: int) -> IndexMatrix:
    """Column indices of each row's k largest scores, best first (ties: lower index first)."""
    k = min(k, scores.shape[1])
    if k == 0:
        return np.zeros((scores.shape[0], 0), dtype=np.int64)
    if k < scores.shape[1]:
        part = np.argpartition(-scores, k - 1, axis=1)[:, :k]
    else:
        part = np.broadcast_to(np.arange(scores.shape[1]), scores.shape).copy()
    picked = np.take_along_axis(scores, part, axis=1)
    # lexsort: last key is primary; sort by score descending, then index ascending.
    order = np.lexsort((part, -picked), axis=1)
    return np.take_along_axis(part, order, axis=1).astype(np.int64)


def blocked_top_k(
    queries: Matrix,
    candidates: Matrix,
    k: int,
    *,
    block_rows: int = 1024,
    adjust: BlockAdjust | None = None,
) -> IndexMatrix:
    """Each query's k best candidates by dot product, computed `block_rows` queries at a time."""
    out = np.zeros((queries.shape[0], min(k, candidates.shape[0])), dtype=np.int64)
    transposed = np.ascontiguousarray(candidates.T)
    for start in range(0, queries.shape[0], block_rows):
        scores = queries[start : start + block_rows] @ transposed
        if adjust is not None:
            adjust(scores, start)
        out[start : start + block_rows] = top_k_rows(scores, k)
    return out
