from __future__ import annotations

import numpy as np

from rencontre.matching.crosslingual import LanguageMap, fit_procrustes
from rencontre.matching.encoders import normalise_rows


def test_procrustes_recovers_a_rotation() -> None:
    rng = np.random.default_rng(0)
    rotation, _ = np.linalg.qr(rng.normal(size=(6, 6)))
    source = rng.normal(size=(40, 6)).astype(np.float32)
    learned = fit_procrustes(source, (source @ rotation).astype(np.float32))
    np.testing.assert_allclose(learned, rotation, atol=1e-4)


def test_language_map_touches_only_its_languages() -> None:
    swap = np.array([[0, 1], [1, 0]], dtype=np.float32)
    language_map = LanguageMap(rotations={"fr": swap}, means={})
    vectors = normalise_rows(np.array([[1, 0], [1, 0]], dtype=np.float32))
    mapped = language_map.apply(vectors, ["fr", "nl"])
    np.testing.assert_allclose(mapped, [[0, 1], [1, 0]])


def test_half_strength_blends_towards_identity() -> None:
    swap = np.array([[0, 1], [1, 0]], dtype=np.float32)
    mapped = LanguageMap({"fr": swap}, {}, strength=0.5).apply(
        np.array([[1, 0]], dtype=np.float32), ["fr"]
    )
    np.testing.assert_allclose(mapped, [[2**-0.5, 2**-0.5]], rtol=1e-6)
