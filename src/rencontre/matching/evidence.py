"""What reasons quote (phrases, common partners), found for many (reader, candidate) pairs at once.

A reason quotes the candidate's offer closest to the reader's need, or its profile text closest
to the reader's profile. Asking numpy once per pair costs microseconds of overhead each: at
100,000 organisations × 20 recommendations that is minutes. Here every pair's phrase
combinations are laid end to end and scored in one pass, then the best of each pair is taken.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from rencontre.matching.arrays import runs
from rencontre.matching.encoders import Matrix
from rencontre.matching.graph import PartnerGraph, csr_gather
from rencontre.matching.pair_features import PhraseSet

Index = npt.NDArray[np.int64]

# Phrase combinations scored per pass: bounds the gathered vectors (≈ 100 MB at 384-d float32).
COMBINATIONS_PER_PASS = 65_536


def best_phrase_pairs(
    left: PhraseSet, right: PhraseSet, readers: Index, others: Index
) -> tuple[Index, Index]:
    """For each pair, (left phrase of the reader, right phrase of the other) with the best cosine.

    -1 where either side has no phrase. Ties go to the first combination in row-major order
    (reader's phrase, then other's), as `np.argmax` over the pair's similarity matrix would.
    """
    left_start, left_end = left.spans(readers)
    right_start, right_end = right.spans(others)
    return _best_combinations(
        left.vectors,
        left_start,
        left_end - left_start,
        right.vectors,
        right_start,
        right_end - right_start,
    )


def best_quotes(mine: Matrix, phrases: PhraseSet, others: Index) -> Index:
    """Each other's phrase closest to the matching row of `mine`; -1 if none or `mine` is zero."""
    start, end = phrases.spans(others)
    present: Index = np.asarray(mine.any(axis=1), dtype=np.int64)
    _, chosen = _best_combinations(
        mine, np.arange(len(others), dtype=np.int64), present, phrases.vectors, start, end - start
    )
    return chosen


def _best_combinations(
    left: Matrix,
    left_start: Index,
    left_count: Index,
    right: Matrix,
    right_start: Index,
    right_count: Index,
) -> tuple[Index, Index]:
    """Per pair, the (left row, right row) of highest dot product among its combinations."""
    combinations = left_count * right_count
    best_left = np.where(combinations > 0, left_start, -1)
    best_right = np.where(combinations > 0, right_start, -1)
    # One combination needs no arithmetic: only pairs with a choice are scored.
    several = np.flatnonzero(combinations > 1)
    passes = (np.cumsum(combinations[several]) - 1) // COMBINATIONS_PER_PASS
    for number in np.unique(passes).tolist():
        pairs = several[passes == number]
        counts = combinations[pairs]
        owner = np.repeat(np.arange(len(pairs)), counts)
        firsts = np.cumsum(counts) - counts
        offset = np.arange(len(owner)) - firsts[owner]
        width = right_count[pairs][owner]
        left_rows = left_start[pairs][owner] + offset // width
        right_rows = right_start[pairs][owner] + offset % width
        sims = np.einsum("ij,ij->i", left[left_rows], right[right_rows])
        hits = np.flatnonzero(sims == np.maximum.reduceat(sims, firsts)[owner])
        # Hits come in order, so each pair's first hit is its first best combination.
        _, first_hit = runs(owner[hits])
        best_left[pairs] = left_rows[hits[first_hit]]
        best_right[pairs] = right_rows[hits[first_hit]]
    return best_left, best_right


# Bytes of the dense (readers × organisations) partner table of `common_partners` per pass.
MEMBERSHIP_BYTES = 1 << 24


def common_partners(graph: PartnerGraph, readers: Index, others: Index) -> tuple[Index, Index]:
    """Partners each pair has in common: how many, and the smallest index of one (-1: none).

    The readers' partners go into a dense boolean table (a few readers at a time), and each
    other's partners are looked up in it: linear in the partners gathered, where intersecting
    sorted (pair, partner) lists cost a sort of all of them.
    """
    n = max(graph.size, 1)
    count = np.zeros(len(readers), dtype=np.int64)
    smallest = np.full(len(readers), -1, dtype=np.int64)
    distinct, local = np.unique(readers, return_inverse=True)
    per_pass = max(1, MEMBERSHIP_BYTES // n)
    for first in range(0, len(distinct), per_pass):
        chunk = distinct[first : first + per_pass]
        member = np.zeros((len(chunk), n), dtype=np.bool_)
        reader_at, reader_partner = csr_gather(graph.indptr, graph.indices, chunk)
        member[reader_at, reader_partner] = True
        pairs = np.flatnonzero((local >= first) & (local < first + len(chunk)))
        other_at, other_partner = csr_gather(graph.indptr, graph.indices, others[pairs])
        hit = member[local[pairs][other_at] - first, other_partner]
        pair, partner = pairs[other_at[hit]], other_partner[hit]
        count += np.bincount(pair, minlength=len(readers))
        order = np.lexsort((partner, pair))
        with_common, at = runs(pair[order])
        smallest[with_common] = partner[order][at]
    return count, smallest


# A need and an offer "match" when their cosine stands out by this many standard deviations,
# summed over both sides (CSLS-like): among the need's cosines with every offer, and among the
# offer's with every need. Raw cosines cannot tell: the bundled model puts unrelated short
# phrases at 0.83–0.88 and a real long-text match at 0.83. Chosen by reading the demo mission's
# pairs (67 needs, 57 offers; a judgement, not a fit): clear matches at 4.9–9.1 (LFP cells
# wanted / LFP cells offered 9.1), look-alikes mostly below 4.5 (hydrogen haulage against
# cross-border parts logistics 2.4, a battery consortium against logistics 4.2), a few
# partial matches on both sides of it (used packs against collection of EV batteries 3.6).
MATCH_MARGIN = 4.5
# Below this many phrases on the other side, the spread of cosines says nothing: only a pair
# of (nearly) the same words is then said to match.
MARGIN_MIN_PHRASES = 8
NEAR_IDENTICAL = 0.95
# Phrases of the other side sampled for the statistics (all of them up to this many): a mean
# and a spread, which 256 cosines estimate well (1,000 cost 1.4 s more at 100,000 organisations).
MARGIN_SAMPLE = 256


class MatchMargins:
    """The margin of (left, right) pairs of vectors, such as a need and an offer, or two
    profiles; each vector's statistics computed once, when first asked."""

    def __init__(self, left: Matrix, right: Matrix) -> None:
        self._sides = {"left": (left, right), "right": (right, left)}
        # Profiles against profiles: a vector's likeness to itself is no statistic of it.
        self._same = left is right
        self._stats: dict[str, tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]] = {}
        for name, (vectors, _) in self._sides.items():
            self._stats[name] = (np.full(len(vectors), np.nan), np.full(len(vectors), np.nan))

    def margins(self, lefts: Index, rights: Index) -> npt.NDArray[np.float64]:
        """Margin of each (left, right) pair, given as row indices (−inf where either is −1)."""
        out = np.full(len(lefts), -np.inf)
        valid = (lefts >= 0) & (rights >= 0)
        left, right = lefts[valid], rights[valid]
        left_vectors, right_vectors = self._sides["left"]
        cosines = np.einsum("ij,ij->i", left_vectors[left], right_vectors[right]).astype(np.float64)
        left_mean, left_std = self._statistics("left", left)
        right_mean, right_std = self._statistics("right", right)
        known = (left_std > 0) & (right_std > 0)
        margins = np.where(cosines >= NEAR_IDENTICAL, np.inf, -np.inf)
        margins[known] = (cosines[known] - left_mean[known]) / left_std[known] + (
            cosines[known] - right_mean[known]
        ) / right_std[known]
        out[valid] = margins
        return out

    def _statistics(
        self, name: str, index: Index
    ) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
        mean, std = self._stats[name]
        missing = np.unique(index[np.isnan(mean[index])])
        if len(missing):
            vectors, other = self._sides[name]
            count = len(other)
            if count < MARGIN_MIN_PHRASES:
                mean[missing], std[missing] = 0.0, 0.0  # no spread known
            else:
                rng = np.random.default_rng(0)
                sample = np.sort(rng.choice(count, min(count, MARGIN_SAMPLE), replace=False))
                cosines = (vectors[missing] @ other[sample].T).astype(np.float64)
                if self._same:
                    cosines[missing[:, None] == sample[None, :]] = np.nan
                mean[missing] = np.nanmean(cosines, axis=1)
                std[missing] = np.maximum(np.nanstd(cosines, axis=1), 1e-6)
        return mean[index], std[index]
