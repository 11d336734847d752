"""Statistics and weights shipped with the package (plain numbers: no training at run time)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import numpy as np
import numpy.typing as npt

from rencontre.matching.crosslingual import LanguageMap
from rencontre.matching.encoders import Matrix, Role, normalise_rows
from rencontre.matching.hubness import HubnessCorrection
from rencontre.matching.translation_memory import TranslationMemory

_DATA = "rencontre.matching.data"
# Language codes of the reference sentences, as stored (int8) in the reference file.
REFERENCE_LANGUAGES = ("fr", "nl", "en")


def data_file_name(kind: str, encoder_id: str, suffix: str) -> str:
    """Where training scripts write what the `load_*` functions read."""
    safe = "".join(c if c.isalnum() or c in "-_" else "_" for c in encoder_id)
    return f"{kind}-{safe}.{suffix}"


def _load_npz(name: str) -> dict[str, Matrix] | None:
    path = resources.files(_DATA).joinpath(name)
    if not path.is_file():
        return None
    with path.open("rb") as handle, np.load(handle) as data:
        return {key: data[key].astype(np.float32) for key in data.files}


def quantise_rows(vectors: Matrix) -> tuple[npt.NDArray[np.int8], Matrix]:
    """int8 rows and one scale per row: a quarter of the float32 size, error below 1%."""
    scale = np.abs(vectors).max(axis=1, keepdims=True) / 127.0
    scale = np.where(scale > 0, scale, 1.0).astype(np.float32)
    return np.round(vectors / scale).astype(np.int8), scale


def dequantise_rows(values: npt.NDArray[Any], scale: Matrix) -> Matrix:
    """Unit-length float rows back from `quantise_rows` (what the scorer compares)."""
    return normalise_rows(values * scale)


@cache
def load_language_map(encoder_id: str, role: str) -> LanguageMap | None:
    """The language map learned for this encoder and role on development pairs, or None."""
    arrays = _load_npz(data_file_name(f"language-map-{role}", encoder_id, "npz"))
    if arrays is None:
        return None
    rotations = {k.removeprefix("rotation_"): v for k, v in arrays.items() if "rotation_" in k}
    pivot = REFERENCE_LANGUAGES[int(arrays["pivot"][0])]
    return LanguageMap(subspace=arrays["subspace"], rotations=rotations, pivot=pivot)


@dataclass(frozen=True)
class ReferenceCorpus:
    """Fixed development sentences as one encoder embeds them in one role, with languages."""

    vectors: Matrix
    languages: tuple[str, ...]
    neighbours: int

    def correction(self, language_map: LanguageMap | None, *, rotated: bool) -> HubnessCorrection:
        """The hubness correction in the same space as the vectors it will be applied to."""
        vectors = self.vectors
        if language_map is not None:
            vectors = language_map.project(vectors)
            if rotated:
                vectors = language_map.rotate(vectors, self.languages)
        return HubnessCorrection(reference=vectors, neighbours=self.neighbours)


@cache
def load_reference_corpus(encoder_id: str, role: str) -> ReferenceCorpus | None:
    """The hubness reference shipped for this encoder and role, or None (no correction)."""
    arrays = _load_npz(data_file_name("hubness-reference", encoder_id, "npz"))
    if arrays is None or f"{role}_int8" not in arrays:
        return None
    codes = arrays["languages"].astype(int).tolist()
    return ReferenceCorpus(
        vectors=dequantise_rows(arrays[f"{role}_int8"], arrays[f"{role}_scale"]),
        languages=tuple(REFERENCE_LANGUAGES[c] for c in codes),
        neighbours=int(arrays["neighbours"][0]),
    )


@dataclass(frozen=True)
class TranslationPairs:
    """Development translation pairs as one encoder embeds them in one view (row i of each
    language is one pair), before any language map."""

    vectors: Mapping[str, Matrix]

    def memory(
        self, language_map: LanguageMap, *, neighbours: int, temperature: float
    ) -> TranslationMemory:
        """The pairs in the map's pivot space, where the scorer compares across languages."""
        pivot = {
            language: language_map.rotate(language_map.project(v), [language] * len(v))
            for language, v in self.vectors.items()
        }
        return TranslationMemory(pivot, neighbours=neighbours, temperature=temperature)


def view_name(role: Role, lowered: bool) -> str:
    """How a view (role, lower-cased?) is named in the shipped translation-pairs file."""
    return f"{role}-lower" if lowered else role


@cache
def load_translation_pairs(encoder_id: str) -> dict[tuple[Role, bool], TranslationPairs]:
    """The translation pairs shipped for this encoder, per view; empty when none are shipped."""
    arrays = _load_npz(data_file_name("translation-pairs", encoder_id, "npz"))
    if arrays is None:
        return {}
    roles: tuple[Role, ...] = ("query", "passage")
    found = {}
    for role in roles:
        for lowered in (False, True):
            name = view_name(role, lowered)
            vectors = {
                language: dequantise_rows(
                    arrays[f"{name}_{language}_int8"], arrays[f"{name}_{language}_scale"]
                )
                for language in REFERENCE_LANGUAGES
                if f"{name}_{language}_int8" in arrays
            }
            if vectors:
                found[role, lowered] = TranslationPairs(vectors)
    return found


@cache
def load_json(name: str) -> dict[str, Any]:
    """A shipped JSON document (weights, retrieval settings); empty when absent."""
    path = resources.files(_DATA).joinpath(name)
    if not path.is_file():
        return {}
    loaded: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return loaded
