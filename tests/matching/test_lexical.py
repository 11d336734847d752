from __future__ import annotations

import numpy as np

from rencontre.matching.lexical import LexicalEncoder, fold, is_salient_token


def test_fold_strips_accents_and_case() -> None:
    assert fold("Énergie Électrique") == "energie electrique"


def test_salient_tokens_are_digits_and_mid_sentence_capitals() -> None:
    assert [is_salient_token(t, i) for i, t in enumerate(["Le", "CCS2", "de", "Tom"])] == [
        False,
        True,
        False,
        True,
    ]


def test_identical_texts_have_cosine_one_and_rows_are_unit() -> None:
    rows = LexicalEncoder().encode(["Tom a 7 chats", "Tom a 7 chats", "x"], role="query")
    np.testing.assert_allclose(np.linalg.norm(rows, axis=1), [1.0, 1.0, 1.0], rtol=1e-6)
    assert float(rows[0] @ rows[1]) == 1.0 or abs(float(rows[0] @ rows[1]) - 1.0) < 1e-6


def test_shared_name_and_number_outweigh_unrelated_words() -> None:
    encoder = LexicalEncoder()
    fr, nl_same, nl_other = encoder.encode(
        ["Tom a acheté 7 voitures.", "Tom heeft 7 auto's gekocht.", "Maria slaapt vandaag."],
        role="query",
    )
    assert float(fr @ nl_same) > float(fr @ nl_other)


def test_encoding_is_stable_across_instances() -> None:
    a = LexicalEncoder(dim=256).encode(["batterie lithium"], role="query")
    b = LexicalEncoder(dim=256).encode(["batterie lithium"], role="passage")
    np.testing.assert_array_equal(a, b)
