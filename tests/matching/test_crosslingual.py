from __future__ import annotations

import numpy as np

from rencontre.matching.crosslingual import LanguageMap, fit_language_subspace, fit_procrustes


def test_procrustes_recovers_a_rotation() -> None:
    rng = np.random.default_rng(0)
    rotation, _ = np.linalg.qr(rng.normal(size=(6, 6)))
    source = rng.normal(size=(40, 6)).astype(np.float32)
    learned = fit_procrustes(source, (source @ rotation).astype(np.float32))
    np.testing.assert_allclose(learned, rotation, atol=1e-4)


def test_language_subspace_is_the_main_direction_of_pair_differences() -> None:
    rng = np.random.default_rng(1)
    target = rng.normal(size=(50, 4)).astype(np.float32)
    source = target + np.array([0, 0, 3, 0], dtype=np.float32)  # French sits off along axis 2
    subspace = fit_language_subspace(source, target, 1)
    np.testing.assert_allclose(np.abs(subspace), [[0, 0, 1, 0]], atol=1e-5)


def test_projection_removes_the_language_direction_for_every_text() -> None:
    language_map = LanguageMap(np.array([[0, 0, 1]], dtype=np.float32), {})
    projected = language_map.project(np.array([[3, 0, 4], [0, 1, 1]], dtype=np.float32))
    np.testing.assert_allclose(projected, [[1, 0, 0], [0, 1, 0]])


def test_rotation_applies_to_rotated_languages_only() -> None:
    swap = np.array([[0, 1], [1, 0]], dtype=np.float32)
    language_map = LanguageMap(np.zeros((0, 2), dtype=np.float32), {"fr": swap}, pivot="nl")
    vectors = np.array([[1, 0], [1, 0], [1, 0]], dtype=np.float32)
    rotated = language_map.rotate(vectors, ["fr", "nl", "en"])
    np.testing.assert_allclose(rotated, [[0, 1], [1, 0], [1, 0]])


def test_rotated_space_is_used_between_french_and_dutch_only() -> None:
    language_map = LanguageMap(np.zeros((0, 2), dtype=np.float32), {"fr": np.eye(2)}, pivot="nl")
    mask = language_map.use_rotated(["fr", "en"], ["nl", "fr", "en"])
    assert mask.tolist() == [[True, True, False], [False, False, False]]
