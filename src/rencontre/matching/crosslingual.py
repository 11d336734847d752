"""Bringing French, Dutch and English sentences closer in one embedding space.

The multilingual model places a sentence and its translation close but not on top of each
other: each language keeps its own offset. Two corrections, both learned on development pairs:

* a few "language directions" (where translation pairs differ most) are projected out of every
  vector, whatever its language: uniform, so cosines stay comparable across languages and no
  language detection is needed;
* an orthogonal map (Procrustes) rotates French onto Dutch. It is used only when a French text
  is compared with a Dutch one: English texts were not part of the fit, and rotating French
  away from them would hurt French↔English matches.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from rencontre.matching.encoders import Matrix, normalise_rows


def fit_procrustes(source: Matrix, target: Matrix) -> Matrix:
    """Orthogonal W minimising ||source @ W - target|| (rows are parallel pairs)."""
    u, _, vt = np.linalg.svd(source.astype(np.float64).T @ target.astype(np.float64))
    rotation: Matrix = (u @ vt).astype(np.float32)
    return rotation


def fit_language_subspace(source: Matrix, target: Matrix, directions: int) -> Matrix:
    """The `directions` principal directions of the translation-pair differences (rows)."""
    _, _, vt = np.linalg.svd((source - target).astype(np.float64), full_matrices=False)
    subspace: Matrix = vt[:directions].astype(np.float32)
    return subspace


@dataclass(frozen=True)
class LanguageMap:
    """Language-direction removal for all texts, plus rotations into a pivot language's space."""

    subspace: Matrix  # (k × dim), orthonormal rows
    rotations: Mapping[str, Matrix]  # language → (dim × dim), onto the pivot
    pivot: str = "nl"

    @property
    def aligned(self) -> frozenset[str]:
        """Languages that share the pivot's space after rotation."""
        return frozenset(self.rotations) | {self.pivot}

    def project(self, vectors: Matrix) -> Matrix:
        """Remove the language directions (same operation for every text)."""
        if len(self.subspace) == 0:
            return vectors
        return normalise_rows(vectors - (vectors @ self.subspace.T) @ self.subspace)

    def rotate(self, projected: Matrix, languages: Sequence[str]) -> Matrix:
        """Rotate each text of a rotated language onto the pivot (others unchanged)."""
        out = projected.copy()
        langs = np.asarray(languages)
        for lang, rotation in self.rotations.items():
            rows = np.flatnonzero(langs == lang)
            if len(rows):
                out[rows] = normalise_rows(projected[rows] @ rotation)
        return out

    def use_rotated(
        self, query_languages: Sequence[str], candidate_languages: Sequence[str]
    ) -> npt.NDArray[np.bool_]:
        """Pairs scored in the rotated space: both texts in aligned languages."""
        query_ok = np.isin(np.asarray(query_languages), list(self.aligned))
        candidate_ok = np.isin(np.asarray(candidate_languages), list(self.aligned))
        mask: npt.NDArray[np.bool_] = query_ok[:, None] & candidate_ok[None, :]
        return mask
