from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from rencontre.matching.cache import CachedEncoder, EmbeddingCache, text_key
from rencontre.matching.encoders import Matrix, Role


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


def test_a_long_encoding_is_written_as_it_goes(
    tmp_path: Path, counting_encoder_factory: Any
) -> None:
    class Interrupted(Exception):
        pass

    class StopsAtE(counting_encoder_factory):
        def encode(self, texts: Sequence[str], *, role: Role) -> Matrix:
            if "e" in texts:
                raise Interrupted
            return super().encode(texts, role=role)

    cache = EmbeddingCache(tmp_path, flush_every=2)
    with pytest.raises(Interrupted):
        CachedEncoder(StopsAtE(), cache, batch_size=2).encode(list("abcdef"), role="query")
    # The run stopped in its third batch; the first two are on disk.
    second = counting_encoder_factory()
    CachedEncoder(second, EmbeddingCache(tmp_path)).encode(list("abcdef"), role="query")
    assert second.calls == ["e", "f"]
    assert not list(tmp_path.glob("*.tmp"))


def test_chunks_of_two_caches_on_one_directory_do_not_overwrite_each_other(
    tmp_path: Path, counting_encoder_factory: Any
) -> None:
    one, two = EmbeddingCache(tmp_path), EmbeddingCache(tmp_path)
    CachedEncoder(counting_encoder_factory(), one).encode(["x"], role="query")
    CachedEncoder(counting_encoder_factory(), two).encode(["y"], role="query")
    third = counting_encoder_factory()
    CachedEncoder(third, EmbeddingCache(tmp_path)).encode(["x", "y"], role="query")
    assert third.calls == []
