"""Embedding cache keyed by (encoder id, role, text hash): nothing is ever encoded twice.

Vectors live in memory; with a directory they are also appended to it as `.npz` chunks, so a
later process (a benchmark re-run, the next CLI call) starts warm. Chunks are written every
FLUSH_EVERY new vectors, not only at the end: encoding a few thousand long profiles takes
tens of minutes here, and an interrupted run keeps what it has encoded. Each chunk appears
whole under a name no other process picks (written aside, then renamed).
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import uuid
from collections.abc import Callable, Sequence
from pathlib import Path
from time import time_ns

import numpy as np

from rencontre.matching.encoders import Encoder, Matrix, Role

# New vectors kept in memory before they are written as a chunk (≈ 2 minutes of long
# profiles; 512 × 384 floats is a 0.8 MB file).
FLUSH_EVERY = 512

# Called with (texts encoded so far, texts to encode) after each batch; the CLI draws a bar.
ProgressCallback = Callable[[int, int], None]


def text_key(encoder_id: str, role: Role, text: str) -> str:
    """Stable key of one text as seen by one encoder in one role."""
    return hashlib.sha1(f"{encoder_id}\x1f{role}\x1f{text}".encode()).hexdigest()


class EmbeddingCache:
    """In-memory map key → vector, optionally persisted to a directory of chunk files."""

    def __init__(self, directory: Path | None = None, *, flush_every: int = FLUSH_EVERY) -> None:
        self._vectors: dict[str, Matrix] = {}
        self._directory = directory
        self._flush_every = flush_every
        self._pending: dict[str, Matrix] = {}
        if directory is not None:
            directory.mkdir(parents=True, exist_ok=True)
            for chunk in sorted(directory.glob("chunk-*.npz")):
                with np.load(chunk) as data:
                    for key, row in zip(data["keys"].tolist(), data["vectors"], strict=True):
                        self._vectors[str(key)] = row.astype(np.float32)

    def __len__(self) -> int:
        return len(self._vectors)

    def get(self, key: str) -> Matrix | None:
        return self._vectors.get(key)

    def put(self, key: str, vector: Matrix) -> None:
        self._vectors[key] = vector
        if self._directory is not None:
            self._pending[key] = vector
            if len(self._pending) >= self._flush_every:
                self.flush()

    def flush(self) -> None:
        """Write vectors added since the last flush as one new chunk file."""
        if self._directory is None or not self._pending:
            return
        keys = np.array(list(self._pending), dtype="U40")
        vectors = np.stack(list(self._pending.values())).astype(np.float32)
        # A time-ordered unique name: chunks load in the order they were written, and two
        # processes sharing the directory never write the same file.
        name = f"chunk-{time_ns():020d}-{uuid.uuid4().hex[:8]}.npz"
        handle, temporary = tempfile.mkstemp(dir=self._directory, suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as out:
                np.savez(out, keys=keys, vectors=vectors)
            os.replace(temporary, self._directory / name)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        self._pending.clear()


class CachedEncoder:
    """Wraps an encoder: encodes each distinct cache miss once, in batches, with progress."""

    def __init__(
        self,
        encoder: Encoder,
        cache: EmbeddingCache | None = None,
        *,
        batch_size: int = 64,
        progress: ProgressCallback | None = None,
    ) -> None:
        self.inner = encoder
        self.cache = cache if cache is not None else EmbeddingCache()
        self.batch_size = batch_size
        self.progress = progress

    @property
    def id(self) -> str:
        return self.inner.id

    @property
    def dim(self) -> int:
        return self.inner.dim

    def encode(self, texts: Sequence[str], *, role: Role) -> Matrix:
        keys = [text_key(self.inner.id, role, t) for t in texts]
        missing: dict[str, str] = {}
        for key, text in zip(keys, texts, strict=True):
            if self.cache.get(key) is None:
                missing.setdefault(key, text)
        todo = list(missing.items())
        if self.progress is not None:
            self.progress(0, len(todo))
        for start in range(0, len(todo), self.batch_size):
            batch = todo[start : start + self.batch_size]
            rows = self.inner.encode([text for _, text in batch], role=role)
            for (key, _), row in zip(batch, rows, strict=True):
                self.cache.put(key, row)
            if self.progress is not None:
                self.progress(min(start + self.batch_size, len(todo)), len(todo))
        if todo:
            self.cache.flush()
        if not keys:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.stack([self.cache.get(k) for k in keys])  # type: ignore[misc]
