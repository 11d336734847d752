from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from rencontre.matching.crosslingual import LanguageMap
from rencontre.matching.encoders import Matrix, Role, normalise_rows
from rencontre.matching.shipped import ReferenceCorpus, TranslationPairs
from rencontre.matching.text_scoring import TextScorer, TextScoringConfig

# French sentences sit on axis 1, their Dutch and English translations on axis 0.
VECTORS = {
    "Le chat dort sur le canapé.": [0.0, 1.0, 0.0],
    "De kat slaapt op de bank.": [1.0, 0.0, 0.0],
    "The cat sleeps on the sofa.": [1.0, 0.0, 0.0],
    "Il pleut beaucoup à Lille.": [0.0, 0.6, 0.8],
}
SWAP = np.array([[0, 1, 0], [1, 0, 0], [0, 0, 1]], dtype=np.float32)  # rotates French onto Dutch


class TableEncoder:
    id = "table"
    dim = 3

    def encode(self, texts: Sequence[str], *, role: Role) -> Matrix:
        return normalise_rows(np.array([VECTORS[t] for t in texts], dtype=np.float32))


def scorer(config: TextScoringConfig, references: dict[str, ReferenceCorpus]) -> TextScorer:
    language_map = LanguageMap(np.zeros((0, 3), dtype=np.float32), {"fr": SWAP}, pivot="nl")
    return TextScorer(
        TableEncoder(),
        config,
        language_maps={"query": language_map, "passage": language_map},
        references=references,
    )


def scores(s: TextScorer, queries: list[str], candidates: list[str]) -> Matrix:
    q = s.encode(queries, side="query")
    c = s.encode(candidates, side="candidate")
    return s.score_block(q, c, slice(0, len(queries)), s.penalties(c))


def test_rotation_is_used_between_french_and_dutch_but_not_with_english() -> None:
    config = TextScoringConfig(query_passage=1.0, language_map=True)
    s = scorer(config, {})
    result = scores(s, ["Le chat dort sur le canapé."], list(VECTORS)[1:3])
    np.testing.assert_allclose(result, [[1.0, 0.0]], atol=1e-6)


def test_without_the_map_the_plain_cosine_is_used() -> None:
    s = scorer(TextScoringConfig(query_passage=1.0), {})
    result = scores(s, ["Le chat dort sur le canapé."], list(VECTORS)[1:3])
    np.testing.assert_allclose(result, [[0.0, 0.0]], atol=1e-6)


def test_hubness_penalty_comes_from_the_reference_only() -> None:
    reference = ReferenceCorpus(np.array([[1.0, 0.0, 0.0]], dtype=np.float32), ("en",), 1)
    config = TextScoringConfig(query_passage=1.0, hubness=0.5)
    s = scorer(config, {"query": reference})
    candidates = ["The cat sleeps on the sofa.", "Il pleut beaucoup à Lille."]
    alone = scores(s, ["Le chat dort sur le canapé."], candidates)
    together = scores(s, ["Le chat dort sur le canapé.", "De kat slaapt op de bank."], candidates)
    # Penalty: 0.5 × similarity to the one reference vector (1 for the English candidate).
    np.testing.assert_allclose(alone, [[-0.5, 0.6]], atol=1e-6)
    np.testing.assert_allclose(together[:1], alone, atol=1e-6)


def test_shipped_settings_pair_query_query_with_its_lower_cased_copy() -> None:
    config = TextScoringConfig.shipped()
    assert (config.query_query, config.query_query_lower) == (1.0, 1.0)
    assert (config.query_passage, config.passage_passage, config.passage_passage_lower) == (0, 0, 0)
    assert config.language_map and config.hubness == 0.5


class CaseEncoder:
    """Embeds "Ruhr" and "ruhr" apart, as a cased tokeniser would."""

    id = "case"
    dim = 2

    def encode(self, texts: Sequence[str], *, role: Role) -> Matrix:
        return np.array([[1.0, 0.0] if t[0].isupper() else [0.0, 1.0] for t in texts], np.float32)


def test_lower_case_component_compares_lower_cased_copies() -> None:
    config = TextScoringConfig(query_passage=0.0, query_query=1.0, query_query_lower=0.5)
    s = TextScorer(CaseEncoder(), config, language_maps={}, references={})
    # Original view: 1 then 0; lower-cased view: both "ruhr", 1 each, weighted 0.5.
    np.testing.assert_allclose(scores(s, ["Ruhr"], ["Ruhr", "ruhr"]), [[1.5, 0.5]], atol=1e-6)


def test_translation_memory_moves_a_french_query_only_against_dutch_candidates() -> None:
    # One pair: French axis 1 (axis 0 once rotated) translates to Dutch (0.6, 0, 0.8).
    pairs = TranslationPairs(
        {
            "fr": np.array([[0.0, 1.0, 0.0]], np.float32),
            "nl": np.array([[0.6, 0.0, 0.8]], np.float32),
        }
    )
    language_map = LanguageMap(np.zeros((0, 3), dtype=np.float32), {"fr": SWAP}, pivot="nl")
    config = TextScoringConfig(
        query_passage=1.0, language_map=True, translation=1.0, translation_neighbours=1
    )
    s = TextScorer(
        TableEncoder(),
        config,
        language_maps={"query": language_map, "passage": language_map},
        references={},
        translation_pairs={("query", False): pairs},
    )
    candidates = [
        "De kat slaapt op de bank.",
        "The cat sleeps on the sofa.",
        "Il pleut beaucoup à Lille.",
    ]
    result = scores(s, ["Le chat dort sur le canapé."], candidates)
    # Dutch: the moved query (0.6, 0, 0.8) against (1, 0, 0); English: plain cosine, 0;
    # French: the rotated, unmoved query (1, 0, 0) against the rotated (0.6, 0, 0.8).
    np.testing.assert_allclose(result, [[0.6, 0.0, 0.6]], atol=1e-6)
    without = TextScorer(
        TableEncoder(),
        TextScoringConfig(query_passage=1.0, language_map=True),
        language_maps={"query": language_map, "passage": language_map},
        references={},
    )
    np.testing.assert_allclose(
        scores(without, ["Le chat dort sur le canapé."], candidates), [[1.0, 0.0, 0.6]], atol=1e-6
    )
