"""Candidate shortlists for large populations: the full score is computed on them only.

Exact recommendation scores every pair: n² signals, and graph signals that walk the whole
graph per organisation. Above `SHORTLIST_THRESHOLD` organisations each group of similar
organisations (one cell of a k-means index over profile vectors, in blocks) gets the candidates
that can plausibly reach its top k, and `recommend` scores, filters and explains only those:

- text: every member of the cells nearest to the group's cell (the approximate index);
- needs → offers and offers → needs: owners of the offers nearest to each of the group's needs
  (and the reverse), from approximate indexes over the phrases;
- graph: each row's partners and its partners of partners with most common partners;
- everywhere: the organisations with the highest candidate-only score (activity, kind,
  popularity) and the best-connected ones, plus a fixed uniform sample that also serves as the
  baseline against which reasons say what stands out.

A row's result equals the exact one whenever its exact top k lies in its shortlist: signals,
score, exclusions and ranking are the same code. How often that holds is measured in
benchmarks/matching (scale).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from rencontre.matching.ann import CellIndex, approximate_top_k, cell_members, nearest_cells
from rencontre.matching.arrays import distinct, flat_ranges
from rencontre.matching.combination import Combination
from rencontre.matching.graph_local import neighbourhood_candidates
from rencontre.matching.pair_features import PhraseSet, Population

Index = npt.NDArray[np.int64]

SHORTLIST_THRESHOLD = 20_000
"""Populations above this size use shortlists by default.

Exact recommendation scores n² pairs: 12.9 s at 10,000 synthetic organisations on two cores,
46.3 s at 20,000 (benchmarks/matching, scale), growing with n². Below it exact search is
affordable and shortlists would only add a (small) chance of missing a partner.
"""

# Candidate-only signals: the same for every reader, so their best candidates suit everybody.
CANDIDATE_SIGNALS = ("popularity", "activity", "university", "research_centre")


@dataclass(frozen=True)
class ShortlistSettings:
    """How wide each source of candidates is.

    Defaults chosen in benchmarks/matching (scale) at 100,000 synthetic organisations: wider
    settings (4 text probes, 8 phrase neighbours, 20 partners of partners per row, 100 global
    candidates, blocks of 256) cost twice the time for the same recall@20 (0.97 against exact).
    """

    text_probes: int = 1  # nearest profile cells read whole per group
    phrase_neighbours: int = 4  # nearest offers per need phrase (and needs per offer)
    phrase_probes: int = 4
    graph_per_row: int = 5  # partners of partners per row
    global_candidates: int = 20  # best candidate-only score, and as many best connected
    baseline: int = 128  # uniform sample: always candidates, and the reasons' baseline
    # Small blocks: a block's columns are the union of its rows' lists, scored for every row.
    block_rows: int = 64


@dataclass(frozen=True)
class CandidateGroup:
    """Rows scored together against shared candidate columns."""

    rows: Index
    columns: Index
    # Columns whose average is the "typical candidate" of reasons (None: all allowed ones).
    baseline: npt.NDArray[np.bool_] | None = None


def exact_groups(rows: Index, n: int, block_rows: int) -> Iterator[CandidateGroup]:
    """Blocks of `rows` against every organisation."""
    everybody = np.arange(n, dtype=np.int64)
    for start in range(0, len(rows), block_rows):
        yield CandidateGroup(rows[start : start + block_rows], everybody)


def shortlist_groups(
    population: Population,
    rows: Index,
    *,
    combination: Combination,
    settings: ShortlistSettings,
    exclude_partners: bool = False,
) -> Iterator[CandidateGroup]:
    """Groups of similar rows, each with the union of its rows' shortlists.

    With `exclude_partners` the rows' known partners, never recommended then, are left out.
    """
    n = len(population.profiles)
    vectors = population.profile_vectors
    index = CellIndex.build(vectors, cells=max(1, int(np.sqrt(n))))
    members = cell_members(index)
    near = nearest_cells(index, settings.text_probes)
    needs_to_offers = _phrase_owners(population.needs, population.offers, settings)
    offers_to_needs = _phrase_owners(population.offers, population.needs, settings)
    rng = np.random.default_rng(0)
    sample = np.sort(rng.choice(n, min(settings.baseline, n), replace=False))
    everywhere = np.concatenate([sample, _global_candidates(population, combination, settings)])
    cell_of_row = index.assignment[rows]
    for cell in np.unique(cell_of_row):
        text_pool = np.concatenate([members[c] for c in near[cell]])
        in_cell = rows[cell_of_row == cell]
        for start in range(0, len(in_cell), settings.block_rows):
            block = in_cell[start : start + settings.block_rows]
            columns = distinct(
                np.concatenate(
                    [
                        text_pool,
                        everywhere,
                        needs_to_offers.of(block),
                        offers_to_needs.of(block),
                        neighbourhood_candidates(
                            population.graph,
                            block,
                            settings.graph_per_row,
                            partners=not exclude_partners,
                        ),
                    ]
                )
            )
            yield CandidateGroup(block, columns, np.isin(columns, sample))


@dataclass(frozen=True)
class PhraseOwners:
    """For each phrase on one side, the owners of its nearest phrases on the other side."""

    phrases: PhraseSet  # the query side
    found: npt.NDArray[np.int64]  # (phrases × k) owners of the nearest other-side phrases, -1

    def of(self, rows: Index) -> Index:
        """Owners found for the phrases of organisations `rows`."""
        start, end = self.phrases.spans(rows)
        _, at = flat_ranges(start, end - start)
        hits = self.found[at].ravel()
        return distinct(hits[hits >= 0])


def _phrase_owners(left: PhraseSet, right: PhraseSet, settings: ShortlistSettings) -> PhraseOwners:
    k = settings.phrase_neighbours
    if len(left.owners) == 0 or len(right.owners) == 0:
        return PhraseOwners(left, np.full((len(left.owners), 0), -1, dtype=np.int64))
    index = CellIndex.build(right.vectors, cells=max(1, int(np.sqrt(len(right.owners)))))
    nearest = approximate_top_k(
        left.vectors, right.vectors, k, index=index, probes=settings.phrase_probes
    )
    return PhraseOwners(left, np.where(nearest >= 0, right.owners[nearest], -1))


def _global_candidates(
    population: Population, combination: Combination, settings: ShortlistSettings
) -> Index:
    """Best candidate-only scores and best-connected organisations (hubs lead graph walks)."""
    arrays = population.candidates
    degree = population.graph.degree
    alone = {
        "popularity": np.log1p(degree.astype(np.float32))[None, :],
        "activity": arrays.activity[None, :],
        "university": arrays.university[None, :],
        "research_centre": arrays.research_centre[None, :],
    }
    parts = combination.contributions({name: alone[name] for name in CANDIDATE_SIGNALS})
    prior = sum(parts.values(), np.zeros((1, len(degree)), dtype=np.float32))[0]
    count = min(settings.global_candidates, len(degree))
    best_prior = np.argsort(-prior, kind="stable")[:count]
    best_connected = np.argsort(-degree, kind="stable")[:count]
    return np.concatenate([best_prior, best_connected]).astype(np.int64)
