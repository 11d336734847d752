"""Hashed word and character n-gram encoder in pure numpy: hybrid scoring and a model-free fallback.

Names, numbers and product codes ("Tom", "7", "CCS2") survive translation unchanged; a dense
multilingual model blurs them, character n-grams keep them. Tokens holding a digit or starting
with a capital letter inside a sentence are weighted up for that reason.
"""

from __future__ import annotations

import re
import unicodedata
import zlib
from collections.abc import Sequence

import numpy as np

from rencontre.matching.encoders import Matrix, Role, normalise_rows

_WORD = re.compile(r"\w+", re.UNICODE)
DEFAULT_DIM = 1 << 13


def fold(text: str) -> str:
    """Lower-case and strip accents, so "énergie" and "energie" share n-grams."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def _bucket(feature: str, dim: int) -> int:
    # crc32 is stable across processes, unlike hash() under PYTHONHASHSEED.
    return zlib.crc32(feature.encode()) % dim


def is_salient_token(token: str, position: int) -> bool:
    """Digits and mid-sentence capitals: names, numbers, codes."""
    return any(c.isdigit() for c in token) or (position > 0 and token[:1].isupper())


class LexicalEncoder:
    """Bag of hashed words, word bigrams and character 3-5-grams, log-scaled, unit length."""

    def __init__(self, *, dim: int = DEFAULT_DIM, salient_weight: float = 3.0) -> None:
        self._dim = dim
        self._salient_weight = salient_weight

    @property
    def id(self) -> str:
        return f"lexical-{self._dim}"

    @property
    def dim(self) -> int:
        return self._dim

    def features(self, text: str) -> dict[int, float]:
        """Bucket → weight of one text (exposed for explanations and tests)."""
        counts: dict[int, float] = {}
        raw_tokens = _WORD.findall(text)
        tokens = [fold(t) for t in raw_tokens]
        for position, (raw, token) in enumerate(zip(raw_tokens, tokens, strict=True)):
            weight = self._salient_weight if is_salient_token(raw, position) else 1.0
            key = _bucket("w:" + token, self._dim)
            counts[key] = counts.get(key, 0.0) + weight
            padded = f" {token} "
            for n in (3, 4, 5):
                for i in range(max(len(padded) - n + 1, 1)):
                    gram = _bucket("c:" + padded[i : i + n], self._dim)
                    counts[gram] = counts.get(gram, 0.0) + 0.25 * weight
        for left, right in zip(tokens, tokens[1:], strict=False):
            key = _bucket(f"b:{left} {right}", self._dim)
            counts[key] = counts.get(key, 0.0) + 1.0
        return counts

    def encode(self, texts: Sequence[str], *, role: Role) -> Matrix:
        del role  # lexical features are symmetric
        rows = np.zeros((len(texts), self._dim), dtype=np.float32)
        for r, text in enumerate(texts):
            for key, value in self.features(text).items():
                rows[r, key] = np.log1p(value)
        return normalise_rows(rows)
