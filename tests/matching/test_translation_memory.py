from __future__ import annotations

import numpy as np
import pytest

from rencontre.matching.encoders import Matrix, normalise_rows
from rencontre.matching.translation_memory import TranslationMemory


def rows(*vectors: list[float]) -> Matrix:
    return normalise_rows(np.array(vectors, dtype=np.float32))


# Two pairs: the first's translation leans towards axis 2, the second's towards axis 3.
FR = rows([1, 0, 0, 0], [0, 1, 0, 0])
NL = rows([1, 0, 1, 0], [0, 1, 0, 1])


def test_a_memory_sentence_moves_onto_its_translation() -> None:
    memory = TranslationMemory({"fr": FR, "nl": NL}, neighbours=1)
    moved = memory.translate(FR, "fr", strength=1.0)
    np.testing.assert_allclose(moved, NL, atol=1e-6)
    # And back: Dutch moves towards French by the opposite residual.
    np.testing.assert_allclose(memory.translate(NL, "nl", strength=1.0), FR, atol=1e-6)


def test_strength_zero_changes_nothing() -> None:
    memory = TranslationMemory({"fr": FR, "nl": NL})
    query = rows([0.9, 0.1, 0.3, 0.2])
    np.testing.assert_allclose(memory.translate(query, "fr", strength=0.0), query, atol=1e-6)


def test_the_nearest_pair_sets_the_direction() -> None:
    memory = TranslationMemory({"fr": FR, "nl": NL}, neighbours=2, temperature=0.01)
    moved = memory.translate(rows([0.95, 0.3, 0, 0]), "fr", strength=1.0)
    # Near the first pair: moved along axis 2, not along the second pair's axis 3.
    assert moved[0, 2] > 0.5 and abs(moved[0, 3]) < 0.01


def test_opposite_residuals_of_equally_near_pairs_cancel() -> None:
    fr = rows([1, 0, 0], [1, 0, 0])
    nl = rows([1, 1, 0], [1, -1, 0])
    memory = TranslationMemory({"fr": fr, "nl": nl}, neighbours=2)
    query = rows([0.8, 0, 0.6])
    moved = memory.translate(query, "fr", strength=1.0)
    # The pairs disagree sideways (axis 1): that part cancels, the query stays close.
    assert abs(moved[0, 1]) < 1e-6
    assert float(moved[0] @ query[0]) > 0.97


def test_blocks_give_the_same_result_as_one_pass() -> None:
    rng = np.random.default_rng(1)
    fr, nl = normalise_rows(rng.normal(size=(50, 8))), normalise_rows(rng.normal(size=(50, 8)))
    memory = TranslationMemory({"fr": fr, "nl": nl}, neighbours=5)
    queries = normalise_rows(rng.normal(size=(7, 8)))
    np.testing.assert_allclose(
        memory.translate(queries, "fr", strength=0.7, block_rows=2),
        memory.translate(queries, "fr", strength=0.7),
        atol=1e-6,
    )


def test_each_language_moves_towards_the_other() -> None:
    memory = TranslationMemory({"fr": FR, "nl": NL})
    assert (memory.other("fr"), memory.other("nl")) == ("nl", "fr")


@pytest.mark.parametrize(
    "pairs",
    [{"fr": FR}, {"fr": FR, "nl": NL[:1]}, {"fr": FR, "nl": NL, "en": NL}],
    ids=["one language", "unequal rows", "three languages"],
)
def test_malformed_memories_are_refused(pairs: dict[str, Matrix]) -> None:
    with pytest.raises(ValueError, match="two languages"):
        TranslationMemory(pairs)
