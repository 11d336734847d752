"""Fit the French→Dutch map and the hubness reference on development data, ship them as npz.

Development data only: the Tatoeba fr–nl dev file, all of it for what is shipped, one half of it
for each fold of the cross-fitted evaluation (`crosslingual_bench.tatoeba_folds`), where the
other half is scored. FLORES-200 is never used here. The map rotates French onto Dutch
(orthogonal Procrustes, no centring: centring each language measured the same).
The hubness reference is a fixed sample of development sentences as the model embeds
queries, stored raw and mapped, so a candidate's penalty never depends on the queries of a call.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
import shared_data

from rencontre.matching.crosslingual import LanguageMap, fit_language_subspace, fit_procrustes
from rencontre.matching.encoders import Encoder, Role
from rencontre.matching.shipped import (
    REFERENCE_LANGUAGES,
    ReferenceCorpus,
    data_file_name,
    dequantise_rows,
    quantise_rows,
)

DATA_DIR = shared_data.REPO_ROOT / "src" / "rencontre" / "matching" / "data"
REFERENCE_SIZE = 4000
NEIGHBOURS = 20
LANGUAGE_DIRECTIONS = 5
ROLES: tuple[Role, ...] = ("query", "passage")


def fit_language_map(
    fr: np.ndarray, nl: np.ndarray, *, directions: int = LANGUAGE_DIRECTIONS
) -> LanguageMap:
    """Language directions from the pair differences, then Procrustes French → Dutch."""
    subspace = fit_language_subspace(fr, nl, directions)
    plain = LanguageMap(subspace=subspace, rotations={}, pivot="nl")
    rotation = fit_procrustes(plain.project(fr), plain.project(nl))
    return LanguageMap(subspace=subspace, rotations={"fr": rotation}, pivot="nl")


def reference_sample(fr: list[str], nl: list[str], *, seed: int = 0) -> tuple[list[str], list[str]]:
    """Half French, half Dutch development sentences, with their languages."""
    rng = np.random.default_rng(seed)
    half = min(REFERENCE_SIZE // 2, len(fr), len(nl))
    texts = [fr[i] for i in rng.choice(len(fr), half, replace=False)]
    texts += [nl[i] for i in rng.choice(len(nl), half, replace=False)]
    return texts, ["fr"] * half + ["nl"] * half


def fit_language_maps(
    encoder: Encoder, fr_texts: Sequence[str], nl_texts: Sequence[str]
) -> dict[str, LanguageMap]:
    """One map per role from parallel sentences (line i of each list is a pair)."""
    return {
        role: fit_language_map(
            encoder.encode(fr_texts, role=role), encoder.encode(nl_texts, role=role)
        )
        for role in ROLES
    }


def quantised_references(
    encoder: Encoder, texts: Sequence[str]
) -> dict[str, tuple[npt.NDArray[np.int8], np.ndarray]]:
    """The reference sentences per role as shipped: int8 rows and their scales."""
    return {role: quantise_rows(encoder.encode(texts, role=role)) for role in ROLES}


def fit_references(
    encoder: Encoder, fr_texts: list[str], nl_texts: list[str]
) -> dict[str, ReferenceCorpus]:
    """The hubness reference per role, exactly as `load_reference_corpus` would read it."""
    texts, languages = reference_sample(fr_texts, nl_texts)
    return {
        role: ReferenceCorpus(dequantise_rows(values, scale), tuple(languages), NEIGHBOURS)
        for role, (values, scale) in quantised_references(encoder, texts).items()
    }


def main() -> None:
    # Imported here: crosslingual_bench imports this module's fitting functions.
    from crosslingual_bench import cached_encoder

    encoder = cached_encoder()
    fr_texts, nl_texts = shared_data.tatoeba()
    texts, languages = reference_sample(fr_texts, nl_texts)
    reference: dict[str, np.ndarray] = {
        "languages": np.array([REFERENCE_LANGUAGES.index(x) for x in languages], dtype=np.int8)
    }
    for role, (values, scale) in quantised_references(encoder, texts).items():
        reference[f"{role}_int8"], reference[f"{role}_scale"] = values, scale
    for role, language_map in fit_language_maps(encoder, fr_texts, nl_texts).items():
        arrays = {f"rotation_{k}": v for k, v in language_map.rotations.items()}
        np.savez_compressed(
            DATA_DIR / data_file_name(f"language-map-{role}", encoder.id, "npz"),
            subspace=language_map.subspace,
            pivot=np.array([REFERENCE_LANGUAGES.index(language_map.pivot)], dtype=np.int8),
            **{k: v.astype(np.float32) for k, v in arrays.items()},
        )
    np.savez_compressed(
        DATA_DIR / data_file_name("hubness-reference", encoder.id, "npz"),
        neighbours=np.array([NEIGHBOURS], dtype=np.int32),
        **reference,
    )
    for path in sorted(DATA_DIR.glob("*.npz")):
        print(f"{path.name}: {path.stat().st_size / 1e6:.2f} MB")


if __name__ == "__main__":
    main()
