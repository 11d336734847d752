from __future__ import annotations

import numpy as np
import pytest

from rencontre.matching import evidence
from rencontre.matching.encoders import normalise_rows
from rencontre.matching.evidence import best_phrase_pairs, best_quotes, common_partners
from rencontre.matching.graph import PartnerGraph
from rencontre.matching.pair_features import PhraseSet


def phrase_set(counts: list[int], seed: int) -> PhraseSet:
    rng = np.random.default_rng(seed)
    owners = np.repeat(np.arange(len(counts)), counts).astype(np.int64)
    vectors = normalise_rows(rng.standard_normal((len(owners), 6)).astype(np.float32))
    return PhraseSet(vectors, owners, tuple(f"p{k}" for k in range(len(owners))))


def rows_of(phrases: PhraseSet, owner: int) -> np.ndarray:
    return np.flatnonzero(phrases.owners == owner)


def test_best_phrase_pairs_equal_the_argmax_of_each_pair_similarity_matrix() -> None:
    left, right = phrase_set([0, 1, 3, 2, 4], seed=1), phrase_set([2, 0, 1, 3, 5], seed=2)
    readers, others = np.array([0, 1, 2, 3, 4, 2, 4, 3]), np.array([0, 2, 3, 4, 4, 1, 0, 0])
    found = best_phrase_pairs(left, right, readers, others)
    expected = []
    for i, j in zip(readers.tolist(), others.tolist(), strict=True):
        rows, cols = rows_of(left, i), rows_of(right, j)
        if len(rows) == 0 or len(cols) == 0:
            expected.append((-1, -1))
            continue
        r, c = np.unravel_index(
            int(np.argmax(left.vectors[rows] @ right.vectors[cols].T)), (len(rows), len(cols))
        )
        expected.append((int(rows[r]), int(cols[c])))
    assert list(zip(found[0].tolist(), found[1].tolist(), strict=True)) == expected


def test_best_quotes_take_the_closest_phrase_and_none_for_a_zero_vector() -> None:
    phrases = phrase_set([3, 0, 1], seed=3)
    mine = np.stack([phrases.vectors[1], phrases.vectors[0], np.zeros(6, dtype=np.float32)])
    assert best_quotes(mine, phrases, np.array([0, 1, 0])).tolist() == [1, -1, -1]
    assert best_quotes(mine[:2], phrases, np.array([2, 0])).tolist() == [3, 0]


def test_common_partners_count_and_smallest_shared_partner() -> None:
    graph = PartnerGraph.from_partners(
        ["a", "b", "c", "d", "e"],
        {"a": frozenset({"c", "d", "e"}), "b": frozenset({"d", "e"}), "c": frozenset()},
    )
    count, smallest = common_partners(graph, np.array([0, 0, 2]), np.array([1, 2, 4]))
    assert count.tolist() == [2, 0, 1]
    assert smallest.tolist() == [3, -1, 0]


def test_common_partners_equal_set_intersections_across_passes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    rng = np.random.default_rng(4)
    n = 60
    ids = [str(i) for i in range(n)]
    partners = {str(i): {str(j) for j in rng.integers(0, n, rng.integers(0, 9))} for i in range(n)}
    graph = PartnerGraph.from_partners(ids, partners)
    readers, others = rng.integers(0, n, 300), rng.integers(0, n, 300)
    # A table of 2 readers per pass: many passes, pairs of a reader spread over them.
    monkeypatch.setattr(evidence, "MEMBERSHIP_BYTES", 2 * n)
    count, smallest = common_partners(graph, readers, others)
    for i, j, c, s in zip(readers, others, count, smallest, strict=True):
        shared = set(graph.neighbours(int(i)).tolist()) & set(graph.neighbours(int(j)).tolist())
        assert c == len(shared)
        assert s == (min(shared) if shared else -1)


def unit_phrases(vectors: np.ndarray) -> PhraseSet:
    rows = normalise_rows(np.asarray(vectors, dtype=np.float32))
    return PhraseSet(rows, np.arange(len(rows), dtype=np.int64), tuple(map(str, range(len(rows)))))


def test_a_hub_offer_close_to_every_need_has_a_lower_margin_than_a_specific_one() -> None:
    rng = np.random.default_rng(2)
    needs = rng.normal(size=(40, 16))
    offers = rng.normal(size=(40, 16))
    offers[0] = needs[0] + 0.3 * rng.normal(size=16)  # answers need 0 only
    offers[1] = needs.mean(axis=0) * 10 + needs[0]  # resembles every need
    need_set, offer_set = unit_phrases(needs), unit_phrases(offers)
    cosine = need_set.vectors[0] @ offer_set.vectors[[0, 1]].T
    margins = evidence.MatchMargins(need_set.vectors, offer_set.vectors).margins(
        np.array([0, 0, -1]), np.array([0, 1, 0])
    )
    assert margins[0] > evidence.MATCH_MARGIN > margins[1]
    assert margins[2] == -np.inf  # no need: no pair
    assert cosine[1] > 0.5  # the hub is close to the need too: the cosine alone would cite it


def test_with_fewer_phrases_than_the_minimum_only_the_same_words_match() -> None:
    few = unit_phrases(np.eye(4, 8)[: evidence.MARGIN_MIN_PHRASES - 5])
    margins = evidence.MatchMargins(few.vectors, few.vectors).margins(
        np.array([0, 0]), np.array([0, 1])
    )
    assert margins[0] > evidence.MATCH_MARGIN > margins[1]


def test_a_profile_is_not_compared_with_itself_for_its_statistics() -> None:
    # One clear pair (0, 1) among unrelated profiles: against itself each would look ordinary.
    rng = np.random.default_rng(3)
    vectors = rng.normal(size=(10, 32))
    vectors[1] = vectors[0] + 0.4 * rng.normal(size=32)
    profiles = unit_phrases(vectors).vectors
    margins = evidence.MatchMargins(profiles, profiles).margins(np.array([0, 0]), np.array([1, 2]))
    assert margins[0] > evidence.MATCH_MARGIN > margins[1]
