"""Fit the French→Dutch map and the hubness reference on development data, ship them as npz.

Development data only: the Tatoeba fr–nl dev file, all of it for what is shipped, one half of it
for each fold of the cross-fitted evaluation (`crosslingual_bench.tatoeba_folds`), where the
other half is scored. FLORES-200 is never used here. The map rotates French onto Dutch
(orthogonal Procrustes, no centring: centring each language measured the same).
The hubness reference is a fixed sample of development sentences as the model embeds
queries, stored raw and mapped, so a candidate's penalty never depends on the queries of a call.
The translation memory ships every development pair in the views the shipped retrieval
settings use (data/retrieval.json), raw: the scorer maps them as it maps the texts it compares.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import numpy.typing as npt
import shared_data

from rencontre.matching.crosslingual import LanguageMap, fit_language_subspace, fit_procrustes
from rencontre.matching.encoders import Encoder, Role
from rencontre.matching.lexical import LexicalEncoder
from rencontre.matching.shipped import (
    REFERENCE_LANGUAGES,
    ReferenceCorpus,
    TranslationPairs,
    data_file_name,
    dequantise_rows,
    quantise_rows,
    view_name,
)
from rencontre.matching.text_scoring import TextScorer, TextScoringConfig, View

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


def config_views(config: TextScoringConfig, side: str) -> list[View]:
    """The views (encodings) one side of a scoring needs: the config decides, nothing is
    encoded, so any encoder will do."""
    scorer = TextScorer(LexicalEncoder(), config, language_maps={}, references={})
    return scorer.views(side=side)


def query_views(configs: Iterable[TextScoringConfig]) -> list[View]:
    """Every view the queries of any of `configs` are encoded in (what a memory must hold)."""
    return sorted({view for config in configs for view in config_views(config, "query")})


def quantised_pairs(
    encoder: Encoder, fr_texts: Sequence[str], nl_texts: Sequence[str], views: Sequence[View]
) -> dict[View, dict[str, tuple[npt.NDArray[np.int8], np.ndarray]]]:
    """Each view's French and Dutch pair rows as shipped: int8 rows and their scales."""
    out = {}
    for role, lowered in views:
        texts = {"fr": fr_texts, "nl": nl_texts}
        out[role, lowered] = {
            language: quantise_rows(
                encoder.encode([t.lower() for t in ts] if lowered else list(ts), role=role)
            )
            for language, ts in texts.items()
        }
    return out


def fit_translation_pairs(
    encoder: Encoder,
    fr_texts: Sequence[str],
    nl_texts: Sequence[str],
    configs: Iterable[TextScoringConfig],
) -> dict[View, TranslationPairs]:
    """The translation memory's pairs for the query views of `configs`, exactly as
    `load_translation_pairs` would read them."""
    quantised = quantised_pairs(encoder, fr_texts, nl_texts, query_views(configs))
    return {
        view: TranslationPairs({lang: dequantise_rows(*q) for lang, q in by_language.items()})
        for view, by_language in quantised.items()
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
    pairs = {
        f"{view_name(*view)}_{language}_{part}": array
        for view, by_language in quantised_pairs(
            encoder, fr_texts, nl_texts, query_views([TextScoringConfig.shipped()])
        ).items()
        for language, quantised in by_language.items()
        for part, array in zip(("int8", "scale"), quantised, strict=True)
    }
    np.savez_compressed(DATA_DIR / data_file_name("translation-pairs", encoder.id, "npz"), **pairs)
    for path in sorted(DATA_DIR.glob("*.npz")):
        print(f"{path.name}: {path.stat().st_size / 1e6:.2f} MB")


if __name__ == "__main__":
    main()
