from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from rencontre.matching.cache import CachedEncoder, EmbeddingCache, text_key


def test_cached_encoder_encodes_each_distinct_text_once(counting_encoder: Any) -> None:
    cached = CachedEncoder(counting_encoder, batch_size=2)
    first = cached.encode(["a", "b", "a"], role="query")
    second = cached.encode(["b", "c"], role="query")
    assert counting_encoder.calls == ["a", "b", "c"]
    np.testing.assert_array_equal(first[0], first[2])
    np.testing.assert_array_equal(first[1], second[0])


def test_cache_key_depends_on_role_and_encoder() -> None:
    keys = {
        text_key("e5", "query", "x"),
        text_key("e5", "passage", "x"),
        text_key("st", "query", "x"),
    }
    assert len(keys) == 3


def test_disk_cache_is_reused_by_a_new_process(
    tmp_path: Path, counting_encoder_factory: Any
) -> None:
    first = counting_encoder_factory()
    CachedEncoder(first, EmbeddingCache(tmp_path)).encode(["x", "y"], role="passage")
    second = counting_encoder_factory()
    vectors = CachedEncoder(second, EmbeddingCache(tmp_path)).encode(["y", "x"], role="passage")
    assert second.calls == []
    np.testing.assert_allclose(vectors, first.encode(["y", "x"], role="passage"))


def test_progress_reports_batches(counting_encoder: Any) -> None:
    seen: list[tuple[int, int]] = []
    cached = CachedEncoder(
        counting_encoder, batch_size=2, progress=lambda done, total: seen.append((done, total))
    )
    cached.encode(["a", "b", "c"], role="query")
    assert seen == [(0, 3), (2, 3), (3, 3)]


def test_empty_input_gives_empty_matrix(counting_encoder: Any) -> None:
    assert CachedEncoder(counting_encoder).encode([], role="query").shape == (0, 8)
