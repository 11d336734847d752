"""Linear maps between the French, Dutch and English regions of one embedding space.

The multilingual model places a sentence and its translation close but not on top of each other:
each language keeps an offset and a slight rotation. An orthogonal map learned on parallel
development pairs (Procrustes: the rotation that best carries French onto Dutch) removes part of
that, so a French need and a Dutch offer saying the same thing score higher.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from rencontre.matching.encoders import Matrix, normalise_rows


def fit_procrustes(source: Matrix, target: Matrix) -> Matrix:
    """Orthogonal W minimising ||source @ W - target|| (rows are parallel pairs)."""
    u, _, vt = np.linalg.svd(source.astype(np.float64).T @ target.astype(np.float64))
    rotation: Matrix = (u @ vt).astype(np.float32)
    return rotation


@dataclass(frozen=True)
class LanguageMap:
    """Per-language centring and rotation into a shared space; unknown languages pass through."""

    rotations: Mapping[str, Matrix]
    means: Mapping[str, Matrix]
    strength: float = 1.0  # 0 = identity, 1 = full map: blends in case the map over-corrects

    def apply(self, vectors: Matrix, languages: Sequence[str]) -> Matrix:
        out = vectors.astype(np.float32, copy=True)
        langs = np.asarray(languages)
        for lang, rotation in self.rotations.items():
            rows = np.flatnonzero(langs == lang)
            if len(rows) == 0:
                continue
            mapped = (vectors[rows] - self.means.get(lang, 0.0)) @ rotation
            out[rows] = (1 - self.strength) * vectors[rows] + self.strength * normalise_rows(mapped)
        return normalise_rows(out)
