"""Query-to-candidate text scores: role ensembles, language map, hubness correction, lexical.

Used by `retrieve` (one text per line). E5 embeds a text as a "query:" or as a "passage:"; each
component compares the queries in one role with the candidates in one role, and the components'
weighted sum is the score. A component may also compare lower-cased copies of both sides:
another tokenisation of the same words, whose errors only partly overlap with the original's,
so the sum is steadier on short sentences. Across French and Dutch, a query is compared in the
language map's pivot space, moved first by the translation memory (translation_memory.py) when
that is switched on. Everything is computed per query against the candidates and fixed shipped
statistics, so a query's scores never depend on the other queries of the same call.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

import numpy as np
import numpy.typing as npt

from rencontre.matching.crosslingual import LanguageMap
from rencontre.matching.encoders import Encoder, Matrix, Role
from rencontre.matching.hubness import HubnessCorrection
from rencontre.matching.langid import detect_language
from rencontre.matching.lexical import LexicalEncoder
from rencontre.matching.shipped import (
    ReferenceCorpus,
    TranslationPairs,
    load_json,
    load_language_map,
    load_reference_corpus,
    load_translation_pairs,
)
from rencontre.matching.translation_memory import TranslationMemory

ROLES: tuple[Role, ...] = ("query", "passage")
# How a text is shown to the encoder: its role, and whether it is lower-cased first.
View = tuple[Role, bool]
# (config field, query view, candidate view)
COMPONENTS: tuple[tuple[str, View, View], ...] = (
    ("query_passage", ("query", False), ("passage", False)),
    ("query_query", ("query", False), ("query", False)),
    ("passage_passage", ("passage", False), ("passage", False)),
    ("query_query_lower", ("query", True), ("query", True)),
    ("passage_passage_lower", ("passage", True), ("passage", True)),
)


@dataclass(frozen=True)
class TextScoringConfig:
    """Weights of each text component (tuned on development data, see benchmarks/matching)."""

    query_passage: float = 1.0  # E5's asymmetric search convention
    query_query: float = 0.0  # E5's convention for symmetric tasks (bitext, paraphrase)
    passage_passage: float = 0.0
    query_query_lower: float = 0.0  # the same on lower-cased copies of both sides
    passage_passage_lower: float = 0.0
    lexical: float = 0.0
    hubness: float = 0.0  # weight of the reference-corpus penalty (CSLS uses 1 on 2·cos)
    language_map: bool = False
    # Translation memory (needs the language map): how far a French or Dutch query moves
    # towards the other language, 0 = off; its nearest pairs and softmax temperature.
    translation: float = 0.0
    translation_neighbours: int = 10
    translation_temperature: float = 0.05

    @staticmethod
    def shipped() -> TextScoringConfig:
        """The settings in data/retrieval.json, defaults where absent."""
        names = set(TextScoringConfig.__dataclass_fields__)
        known = {k: v for k, v in load_json("retrieval.json").items() if k in names}
        return replace(TextScoringConfig(), **known)

    def weight(self, name: str) -> float:
        return float(getattr(self, name))


@dataclass(frozen=True)
class EncodedSide:
    """One side's vectors per view (language directions removed when a map is in use), the
    same rotated onto the pivot language, the rotated queries moved by the translation memory,
    its detected languages and its lexical vectors."""

    size: int
    by_view: dict[View, Matrix] = field(default_factory=dict)
    rotated: dict[View, Matrix] = field(default_factory=dict)
    translated: dict[View, Matrix] = field(default_factory=dict)
    languages: tuple[str, ...] = ()
    lexical: Matrix | None = None


class TextScorer:
    """Encodes each side once and scores any block of queries against all candidates."""

    def __init__(
        self,
        encoder: Encoder,
        config: TextScoringConfig | None = None,
        *,
        language_maps: dict[str, LanguageMap] | None = None,
        references: dict[str, ReferenceCorpus] | None = None,
        lexical: LexicalEncoder | None = None,
        translation_pairs: dict[View, TranslationPairs] | None = None,
    ) -> None:
        self.encoder = encoder
        self.config = config if config is not None else TextScoringConfig.shipped()
        if language_maps is None:
            maps = {role: load_language_map(encoder.id, role) for role in ROLES}
            language_maps = {role: m for role, m in maps.items() if m is not None}
        self.language_maps = language_maps if self.config.language_map else {}
        if references is None:
            found = {role: load_reference_corpus(encoder.id, role) for role in ROLES}
            references = {role: r for role, r in found.items() if r is not None}
        # One correction per (role, rotated?), in the space its scores live in.
        self.hubness: dict[tuple[str, bool], HubnessCorrection] = {
            (role, rotated): reference.correction(self.language_maps.get(role), rotated=rotated)
            for role, reference in references.items()
            for rotated in (False, True)
        }
        self.lexical = lexical if lexical is not None else LexicalEncoder()
        self.memories: dict[View, TranslationMemory] = {}
        if self.config.translation > 0 and self.language_maps:
            if translation_pairs is None:
                translation_pairs = load_translation_pairs(encoder.id)
            # Only the views queries are encoded in: the others would be mapped for nothing.
            query_views = self.views(side="query")
            self.memories = {
                view: pairs.memory(
                    self.language_maps[view[0]],
                    neighbours=self.config.translation_neighbours,
                    temperature=self.config.translation_temperature,
                )
                for view, pairs in translation_pairs.items()
                if view[0] in self.language_maps and view in query_views
            }

    def _active(self) -> list[tuple[float, View, View]]:
        """(weight, query view, candidate view) of every component with a positive weight."""
        return [
            (self.config.weight(name), q, c)
            for name, q, c in COMPONENTS
            if self.config.weight(name) > 0
        ]

    def views(self, *, side: str) -> list[View]:
        """The encodings each text of one side needs (each costs one pass of the model)."""
        return sorted({q if side == "query" else c for _, q, c in self._active()})

    def encode(self, texts: Sequence[str], *, side: str) -> EncodedSide:
        """Encode `texts` as the queries (side="query") or the candidates (side="candidate")."""
        views = self.views(side=side)
        # Languages come from the original text: capitals are evidence for the detector.
        languages = tuple(detect_language(t) for t in texts) if self.language_maps else ()
        lowered = [t.lower() for t in texts] if any(low for _, low in views) else []
        by_view: dict[View, Matrix] = {}
        rotated: dict[View, Matrix] = {}
        for view in views:
            role, low = view
            vectors = self.encoder.encode(lowered if low else texts, role=role)
            language_map = self.language_maps.get(role)
            if language_map is not None:
                vectors = language_map.project(vectors)
                rotated[view] = language_map.rotate(vectors, languages)
            by_view[view] = vectors
        translated = self._translate(rotated, languages) if side == "query" else {}
        lexical = self.lexical.encode(texts, role="passage") if self.config.lexical > 0 else None
        return EncodedSide(len(texts), by_view, rotated, translated, languages, lexical)

    def _translate(
        self, rotated: dict[View, Matrix], languages: Sequence[str]
    ) -> dict[View, Matrix]:
        """The rotated views with each text of a memory language moved towards the memory's
        other language."""
        if not self.memories:
            return {}
        langs = np.asarray(languages)
        out = {}
        for view, vectors in rotated.items():
            moved = vectors.copy()
            memory = self.memories.get(view)
            if memory is None:
                out[view] = moved
                continue
            for language in memory.languages:
                rows = np.flatnonzero(langs == language)
                if len(rows):
                    moved[rows] = memory.translate(
                        vectors[rows], language, strength=self.config.translation
                    )
            out[view] = moved
        return out

    def _moved_towards(self, languages: Sequence[str]) -> npt.NDArray[np.str_]:
        """Per query, the language the memory moved it towards ("" where it was not moved)."""
        memory = next(iter(self.memories.values()))
        return np.array([memory.other(x) if x in memory.languages else "" for x in languages])

    def penalties(self, candidates: EncodedSide) -> tuple[Matrix, Matrix]:
        """Hubness penalties of the candidates in the plain and in the rotated space."""
        return (
            self.candidate_penalty(candidates, rotated=False),
            self.candidate_penalty(candidates, rotated=True),
        )

    def candidate_penalty(self, candidates: EncodedSide, *, rotated: bool) -> Matrix:
        """Per-candidate hubness penalty: each component against reference queries in its role."""
        penalty = np.zeros(candidates.size, dtype=np.float32)
        if self.config.hubness == 0:
            return penalty
        vectors = candidates.rotated if rotated else candidates.by_view
        for weight, query_view, candidate_view in self._active():
            correction = self.hubness.get((query_view[0], rotated))
            if correction is not None and candidate_view in vectors:
                penalty += weight * correction.candidate_penalty(vectors[candidate_view])
        return self.config.hubness * penalty

    def _dense(
        self,
        q_vectors: dict[View, Matrix],
        c_vectors: dict[View, Matrix],
        rows: slice,
        shape: tuple[int, int],
    ) -> Matrix:
        """Weighted sum of the active components for queries[rows] (`shape`: the result's)."""
        scores = np.zeros(shape, dtype=np.float32)
        for weight, query_view, candidate_view in self._active():
            scores += weight * (q_vectors[query_view][rows] @ c_vectors[candidate_view].T)
        return scores

    def score_block(
        self,
        queries: EncodedSide,
        candidates: EncodedSide,
        rows: slice,
        penalties: tuple[Matrix, Matrix],
    ) -> Matrix:
        """Scores of queries[rows] against every candidate (higher is better).

        `penalties` comes from `penalties(candidates)`: computed once, used for every block.
        """
        penalty, rotated_penalty = penalties
        if not self._active() and self.config.lexical == 0:
            raise ValueError("text scoring has no component with a positive weight")
        size = (len(range(queries.size)[rows]), candidates.size)
        scores = self._dense(queries.by_view, candidates.by_view, rows, size) - penalty[None, :]
        if queries.rotated and candidates.rotated:
            language_map = next(iter(self.language_maps.values()))
            use: npt.NDArray[np.bool_] = language_map.use_rotated(
                queries.languages[rows], candidates.languages
            )
            if use.any():
                turned = self._dense(queries.rotated, candidates.rotated, rows, size)
                scores = np.where(use, turned - rotated_penalty[None, :], scores)
            # Moved queries only against the language they were moved towards: within one
            # language the rotation and the memory's shift have nothing to correct.
            if queries.translated:
                across = use & (
                    self._moved_towards(queries.languages[rows])[:, None]
                    == np.asarray(candidates.languages)[None, :]
                )
                if across.any():
                    moved = self._dense(queries.translated, candidates.rotated, rows, size)
                    scores = np.where(across, moved - rotated_penalty[None, :], scores)
        if self.config.lexical > 0 and queries.lexical is not None:
            assert candidates.lexical is not None
            scores += self.config.lexical * (queries.lexical[rows] @ candidates.lexical.T)
        return scores
