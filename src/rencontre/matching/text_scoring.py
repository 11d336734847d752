"""Query-to-candidate text scores: dense ensembles, language map, hubness correction, lexical.

Used by `retrieve` (one text per line) and by partner recommendation (texts, offers, needs).
Everything here is computed per query against the candidate set and fixed shipped statistics,
so a query's scores never depend on which other queries are in the same call.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from rencontre.matching.crosslingual import LanguageMap
from rencontre.matching.encoders import Encoder, Matrix
from rencontre.matching.hubness import HubnessCorrection
from rencontre.matching.langid import detect_language
from rencontre.matching.lexical import LexicalEncoder
from rencontre.matching.shipped import load_hubness_reference, load_json, load_language_map


@dataclass(frozen=True)
class TextScoringConfig:
    """Weights of each text component (tuned on development data, see benchmarks/matching)."""

    query_passage: float = 1.0  # query-role query vs passage-role candidate (E5's convention)
    query_query: float = 0.0  # both in query role (E5's convention for symmetric tasks)
    lexical: float = 0.0
    hubness: float = 0.0  # weight of the reference-corpus penalty (CSLS uses 1 on 2·cos)
    language_map: bool = False

    @staticmethod
    def shipped() -> TextScoringConfig:
        """The settings in data/retrieval.json, defaults where absent."""
        known = {k: v for k, v in load_json("retrieval.json").items() if k in _FIELDS}
        return replace(TextScoringConfig(), **known)


_FIELDS = {"query_passage", "query_query", "lexical", "hubness", "language_map"}


@dataclass(frozen=True)
class EncodedSide:
    """The vectors of one side (queries or candidates) for every component in use."""

    as_query: Matrix | None
    as_passage: Matrix | None
    lexical: Matrix | None


class TextScorer:
    """Encodes two sides once and scores any block of queries against all candidates."""

    def __init__(
        self,
        encoder: Encoder,
        config: TextScoringConfig | None = None,
        *,
        hubness: HubnessCorrection | None = None,
        language_map: LanguageMap | None = None,
        lexical: LexicalEncoder | None = None,
    ) -> None:
        self.encoder = encoder
        self.config = config if config is not None else TextScoringConfig.shipped()
        # The shipped reference holds vectors both raw and language-mapped, to match the queries.
        mapped = self.config.language_map
        self.hubness = (
            hubness if hubness is not None else load_hubness_reference(encoder.id, mapped=mapped)
        )
        self.language_map = (
            language_map if language_map is not None else load_language_map(encoder.id)
        )
        self.lexical = lexical if lexical is not None else LexicalEncoder()

    def _mapped(self, vectors: Matrix, texts: Sequence[str]) -> Matrix:
        if not self.config.language_map or self.language_map is None:
            return vectors
        return self.language_map.apply(vectors, [detect_language(t) for t in texts])

    def encode(self, texts: Sequence[str], *, side: str) -> EncodedSide:
        """Encode `texts` as queries (side="query") or as candidates (side="candidate")."""
        cfg = self.config
        need_query = cfg.query_query > 0 or (side == "query" and cfg.query_passage > 0)
        need_passage = side == "candidate" and cfg.query_passage > 0
        as_query = self._encode_role(texts, "query") if need_query else None
        as_passage = self._encode_role(texts, "passage") if need_passage else None
        lexical = self.lexical.encode(texts, role="passage") if cfg.lexical > 0 else None
        return EncodedSide(as_query=as_query, as_passage=as_passage, lexical=lexical)

    def _encode_role(self, texts: Sequence[str], role: Any) -> Matrix:
        return self._mapped(self.encoder.encode(texts, role=role), texts)

    def candidate_penalty(self, candidates: EncodedSide) -> Matrix:
        """Per-candidate hubness penalty, with the components' own weights."""
        n = _rows(candidates)
        penalty = np.zeros(n, dtype=np.float32)
        if self.hubness is None or self.config.hubness == 0:
            return penalty
        reference = self.hubness
        if candidates.as_passage is not None:
            penalty += self.config.query_passage * reference.candidate_penalty(
                candidates.as_passage
            )
        if candidates.as_query is not None and self.config.query_query > 0:
            penalty += self.config.query_query * reference.candidate_penalty(candidates.as_query)
        return self.config.hubness * penalty

    def score_block(
        self, queries: EncodedSide, candidates: EncodedSide, rows: slice, penalty: Matrix
    ) -> Matrix:
        """Scores of queries[rows] against every candidate (higher is better)."""
        cfg = self.config
        scores: Matrix | None = None
        parts: list[tuple[float, Matrix | None, Matrix | None]] = [
            (cfg.query_passage, queries.as_query, candidates.as_passage),
            (cfg.query_query, queries.as_query, candidates.as_query),
            (cfg.lexical, queries.lexical, candidates.lexical),
        ]
        for weight, left, right in parts:
            if weight == 0 or left is None or right is None:
                continue
            block = weight * (left[rows] @ right.T)
            scores = block if scores is None else scores + block
        if scores is None:
            raise ValueError("text scoring has no component with a positive weight")
        return scores - penalty[None, :]


def _rows(side: EncodedSide) -> int:
    for matrix in (side.as_query, side.as_passage, side.lexical):
        if matrix is not None:
            return int(matrix.shape[0])
    return 0
