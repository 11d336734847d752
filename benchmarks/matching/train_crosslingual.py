"""Fit the French→Dutch map and the hubness reference on development data, ship them as npz.

Development data only: the even lines of the Tatoeba fr–nl dev file (`shared_data.tatoeba_halves`);
the odd lines are the evaluation half, and FLORES-200 is never used here. The map rotates French
onto Dutch (orthogonal Procrustes, no centring: centring each language measured the same).
The hubness reference is a fixed sample of development sentences as the model embeds
queries, stored raw and mapped, so a candidate's penalty never depends on the queries of a call.
"""

from __future__ import annotations

import numpy as np
import shared_data
from crosslingual_bench import cached_encoder

from rencontre.matching.crosslingual import LanguageMap, fit_language_subspace, fit_procrustes
from rencontre.matching.shipped import REFERENCE_LANGUAGES, data_file_name, quantise_rows

DATA_DIR = shared_data.REPO_ROOT / "src" / "rencontre" / "matching" / "data"
REFERENCE_SIZE = 4000
NEIGHBOURS = 20
LANGUAGE_DIRECTIONS = 5


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
    half = REFERENCE_SIZE // 2
    texts = [fr[i] for i in rng.choice(len(fr), half, replace=False)]
    texts += [nl[i] for i in rng.choice(len(nl), half, replace=False)]
    return texts, ["fr"] * half + ["nl"] * half


def main() -> None:
    encoder = cached_encoder()
    fra, nld = shared_data.tatoeba()
    fit, _ = shared_data.tatoeba_halves()
    fr_texts, nl_texts = [fra[i] for i in fit], [nld[i] for i in fit]
    texts, languages = reference_sample(fr_texts, nl_texts)
    reference: dict[str, np.ndarray] = {
        "languages": np.array([REFERENCE_LANGUAGES.index(x) for x in languages], dtype=np.int8)
    }
    for role in ("query", "passage"):
        fr = encoder.encode(fr_texts, role=role)
        nl = encoder.encode(nl_texts, role=role)
        language_map = fit_language_map(fr, nl)
        arrays = {f"rotation_{k}": v for k, v in language_map.rotations.items()}
        np.savez_compressed(
            DATA_DIR / data_file_name(f"language-map-{role}", encoder.id, "npz"),
            subspace=language_map.subspace,
            pivot=np.array([REFERENCE_LANGUAGES.index(language_map.pivot)], dtype=np.int8),
            **{k: v.astype(np.float32) for k, v in arrays.items()},
        )
        reference[f"{role}_int8"], reference[f"{role}_scale"] = quantise_rows(
            encoder.encode(texts, role=role)
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
