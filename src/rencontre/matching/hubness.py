"""Hubness correction (CSLS) with candidate statistics from a fixed, shipped reference corpus.

Some vectors ("hubs") sit close to everything and win many rankings wrongly. CSLS subtracts from
each candidate its mean similarity to its k nearest reference queries. The reference is fixed and
shipped, never the batch being ranked, so a query's ranking does not depend on the other queries
in the same call. The query's own term is constant within its ranking and is left out.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from rencontre.matching.encoders import Matrix


@dataclass(frozen=True)
class HubnessCorrection:
    """`reference`: unit-length vectors of typical queries, as the encoder embeds them."""

    reference: Matrix
    neighbours: int = 10

    def candidate_penalty(self, candidates: Matrix, *, block_rows: int = 4096) -> Matrix:
        """Mean similarity of each candidate to its `neighbours` nearest reference vectors."""
        k = min(self.neighbours, self.reference.shape[0])
        penalty = np.zeros(candidates.shape[0], dtype=np.float32)
        if k == 0:
            return penalty
        reference_t = np.ascontiguousarray(self.reference.T.astype(np.float32))
        for start in range(0, candidates.shape[0], block_rows):
            sims = candidates[start : start + block_rows] @ reference_t
            nearest = np.partition(sims, sims.shape[1] - k, axis=1)[:, -k:]
            penalty[start : start + block_rows] = nearest.mean(axis=1)
        return penalty
