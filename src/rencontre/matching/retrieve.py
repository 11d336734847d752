"""One-text-per-line retrieval: the k best candidates for each query, each query on its own."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from rencontre.matching.encoders import Encoder
from rencontre.matching.text_scoring import TextScorer, TextScoringConfig
from rencontre.matching.topk import top_k_rows


def retrieve(
    queries: Sequence[str],
    candidates: Sequence[str],
    *,
    top_k: int,
    encoder: Encoder,
    config: TextScoringConfig | None = None,
    block_rows: int = 512,
) -> list[list[int]]:
    """0-based indices of each query's `top_k` best candidates, best first.

    Scores use only the query, the candidates and shipped statistics, so the result for one
    query is the same whatever other queries are passed along with it. A blank candidate says
    nothing: it comes after every other one (a blank query ranks like any text).
    """
    if top_k < 1:
        raise ValueError(f"top_k must be at least 1, got {top_k}")
    scorer = TextScorer(encoder, config)
    query_side = scorer.encode(queries, side="query")
    candidate_side = scorer.encode(candidates, side="candidate")
    penalties = scorer.penalties(candidate_side)
    blank = np.array([not text.strip() for text in candidates], dtype=bool)
    ranked: list[list[int]] = []
    for start in range(0, len(queries), block_rows):
        rows = slice(start, min(start + block_rows, len(queries)))
        scores = scorer.score_block(query_side, candidate_side, rows, penalties)
        scores = np.where(blank[None, :], np.float32(-np.inf), scores.astype(np.float32))
        ranked.extend(top_k_rows(scores, top_k).tolist())
    return ranked
