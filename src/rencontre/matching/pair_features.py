"""Signals between one block of organisations and candidate organisations, as named matrices.

Each signal is a (block × candidates) matrix, candidates being everybody (exact search) or a
shortlist shared by the block (large populations, see `shortlist`); `combination` weighs them
into one score and `explain` turns the strongest into sentences. Text vectors and per-organisation
arrays are computed once for everybody beforehand.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from rencontre.matching.arrays import sum_rows_by_group
from rencontre.matching.encoders import Matrix, normalise_rows
from rencontre.matching.graph import PartnerGraph
from rencontre.matching.graph_local import local_graph_features
from rencontre.matching.profiles import OrgProfile
from rencontre.matching.value_chain import ValueChain

FEATURES = (
    "text",
    "partner_text",
    "need_offer",
    "offer_need",
    "value_chain",
    "cross_border",
    "shared_language",
    "popularity",
    "activity",
    "common_partners",
    "adamic_adar",
    "pagerank",
    "common_share",
    "three_hop",
    "university",
    "research_centre",
)

# Rows of a block: a contiguous range (exact search) or any indices (a shortlist group).
Rows = range | npt.NDArray[np.int64]
# Candidate columns: None for every organisation, else their indices.
Columns = npt.NDArray[np.int64] | None

# Activity types (EU "activityType") that the partner-kind signals recognise.
UNIVERSITY_KINDS = frozenset({"HES", "UNIVERSITY", "HIGHER_EDUCATION"})
RESEARCH_KINDS = frozenset({"REC", "RESEARCH"})

# Languages people in a country can be assumed to speak when a profile does not say.
COUNTRY_LANGUAGES: dict[str, frozenset[str]] = {
    "FR": frozenset({"fr"}),
    "NL": frozenset({"nl"}),
    "BE": frozenset({"fr", "nl"}),
    "LU": frozenset({"fr"}),
    "CH": frozenset({"fr"}),
    "GB": frozenset({"en"}),
    "UK": frozenset({"en"}),
    "IE": frozenset({"en"}),
}


@dataclass(frozen=True)
class PhraseSet:
    """Phrases (offers or needs) of all organisations, stacked, with their owner index.

    Owners never decrease (phrases come organisation by organisation), so one organisation's
    phrases are found by bisection instead of a scan of every phrase.
    """

    vectors: Matrix
    owners: npt.NDArray[np.int64]
    texts: tuple[str, ...]
    languages: tuple[str, ...] = ()  # detected language of each text ("" unknown), if known

    def __post_init__(self) -> None:
        if len(self.owners) > 1 and bool((np.diff(self.owners) < 0).any()):
            raise ValueError("phrase owners must be in increasing order")

    def spans(
        self, owners: npt.NDArray[np.int64]
    ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
        """First and one-past-last phrase index of each organisation in `owners`."""
        low = np.searchsorted(self.owners, owners, side="left")
        high = np.searchsorted(self.owners, owners, side="right")
        return low.astype(np.int64), high.astype(np.int64)


@dataclass(frozen=True)
class Population:
    """Everything about all organisations that the signals read, computed once."""

    profiles: Sequence[OrgProfile]
    profile_vectors: Matrix  # one unit row per organisation (zero when it has no text)
    # Unit mean of each organisation's known partners' profiles: what its network works on.
    network_vectors: Matrix
    text_vectors: PhraseSet  # every profile text, for quoting the best-matching one
    offers: PhraseSet
    needs: PhraseSet
    graph: PartnerGraph
    value_chain: ValueChain
    # Segments of each organisation (orgs × segments) and the symmetric supply links between
    # segments: an (orgs × orgs) matrix would not fit in memory at 100,000 organisations.
    segment_members: Matrix
    segment_links: Matrix
    languages: Sequence[frozenset[str]]
    # What each organisation declared or wrote (no guess from its country): the languages a
    # reason may say two organisations share.
    written_languages: Sequence[frozenset[str]]
    candidates: CandidateArrays


@dataclass(frozen=True)
class CandidateArrays:
    """Per-organisation values the signals index by candidate, computed once, not per block."""

    countries: npt.NDArray[np.int64]  # country code, -1 when unknown (ints compare fast)
    language_masks: npt.NDArray[np.int64]
    activity_count: npt.NDArray[np.int64]  # see activity_counts
    activity: Matrix
    university: Matrix
    research_centre: Matrix

    @staticmethod
    def build(
        profiles: Sequence[OrgProfile],
        languages: Sequence[frozenset[str]],
        activity_count: npt.NDArray[np.int64],
    ) -> CandidateArrays:
        kinds = [p.kind.upper() for p in profiles]
        return CandidateArrays(
            countries=country_codes(profiles, unknown=-1),
            language_masks=language_bitmasks(languages),
            activity_count=activity_count,
            activity=np.log1p(activity_count.astype(np.float32)),
            university=np.array([k in UNIVERSITY_KINDS for k in kinds], dtype=np.float32),
            research_centre=np.array([k in RESEARCH_KINDS for k in kinds], dtype=np.float32),
        )


def country_codes(profiles: Sequence[OrgProfile], *, unknown: int | None) -> npt.NDArray[np.int64]:
    """One integer per upper-case country; no country gets `unknown` (None: a code of its own)."""
    names = sorted({p.country.upper() for p in profiles})
    code = {name: k for k, name in enumerate(names)}
    if unknown is not None:
        code[""] = unknown
    return np.array([code[p.country.upper()] for p in profiles], dtype=np.int64)


def spoken_languages(profile: OrgProfile, detected: frozenset[str]) -> frozenset[str]:
    """Declared languages, else those of its country and of its own texts: likely ones, for
    the language-compatibility signal."""
    written = written_languages(profile, detected)
    if profile.languages:
        return written
    return COUNTRY_LANGUAGES.get(profile.country.upper(), frozenset()) | written


def written_languages(profile: OrgProfile, detected: frozenset[str]) -> frozenset[str]:
    """Declared languages, else those of its own texts: what a reason may state as a fact."""
    if profile.languages:
        return frozenset(lang.lower() for lang in profile.languages)
    return detected


def activity_counts(texts: PhraseSet, owners: int) -> npt.NDArray[np.int64]:
    """Each organisation's texts, a text written in several languages counted once: the texts
    of its most written language, plus those of no known language. On the EU projects data a
    text is a project; a description in French, Dutch and English is one activity, not three."""
    languages = texts.languages or ("",) * len(texts.texts)
    codes = {lang: k for k, lang in enumerate(sorted(set(languages)))}
    unknown = codes.get("", -1)
    language = np.array([codes[x] for x in languages], dtype=np.int64)
    table = np.zeros((owners, max(len(codes), 1)), dtype=np.int64)
    np.add.at(table, (texts.owners, language), 1)
    known = np.delete(table, unknown, axis=1) if unknown >= 0 else table
    counts: npt.NDArray[np.int64] = known.max(axis=1, initial=0)
    if unknown >= 0:
        counts = counts + table[:, unknown]
    return counts


def language_bitmasks(languages: Sequence[frozenset[str]]) -> npt.NDArray[np.int64]:
    """One bit per language, so "any language in common" is a vectorised AND."""
    codes = {lang: bit for bit, lang in enumerate(sorted({x for s in languages for x in s}))}
    if len(codes) > 62:
        raise ValueError(f"too many distinct languages ({len(codes)}) for a 64-bit mask")
    return np.array([sum(1 << codes[x] for x in s) for s in languages], dtype=np.int64)


def mean_vectors(phrases: PhraseSet, n_owners: int) -> Matrix:
    """Unit-length mean of each owner's phrase vectors (zero row when none)."""
    return normalise_rows(sum_rows_by_group(phrases.vectors, phrases.owners, n_owners))


def network_vectors(profile_vectors: Matrix, graph: PartnerGraph) -> Matrix:
    """Unit-length mean profile of each organisation's known partners (zero when it has none)."""
    sums = np.zeros_like(profile_vectors)
    for node in range(graph.size):
        partners = graph.neighbours(node)
        if len(partners):
            sums[node] = profile_vectors[partners].sum(axis=0)
    return normalise_rows(sums)


def segment_links(profiles: Sequence[OrgProfile], chain: ValueChain) -> tuple[Matrix, Matrix]:
    """(orgs × segments) membership and (segments × segments) supply links, either direction."""
    codes = sorted({c for p in profiles for c in p.segments} | set(chain.supplies))
    index = {c: i for i, c in enumerate(codes)}
    member = np.zeros((len(profiles), len(codes)), dtype=np.float32)
    for row, profile in enumerate(profiles):
        for code in profile.segments:
            member[row, index[code]] = 1.0
    supplies = np.zeros((len(codes), len(codes)), dtype=np.float32)
    for code, customers in chain.supplies.items():
        for customer in customers:
            if customer in index:
                supplies[index[code], index[customer]] = 1.0
    return member, ((supplies + supplies.T) > 0).astype(np.float32)


def supply_between(members: Matrix, links: Matrix, rows: Rows, columns: Columns) -> Matrix:
    """1 where a supply link joins a row's segment and a column's segment."""
    right = members if columns is None else members[columns]
    return ((members[rows] @ links @ right.T) > 0).astype(np.float32)


def supply_matrix(profiles: Sequence[OrgProfile], chain: ValueChain) -> Matrix:
    """1 where a supply edge joins the two organisations' segments (either direction)."""
    members, links = segment_links(profiles, chain)
    return supply_between(members, links, range(len(profiles)), None)


def best_pair_scores(
    left: PhraseSet, right: PhraseSet, rows: Rows, n: int, columns: Columns = None
) -> Matrix:
    """For each org in `rows` and each column org: the best cosine between their phrases.

    Columns are all `n` organisations, or the candidate indices `columns` when given.
    """
    width = n if columns is None else len(columns)
    out = np.zeros((len(rows), width), dtype=np.float32)
    row_at = _positions(rows, n)
    mask = row_at[left.owners] >= 0
    column_at = np.arange(n) if columns is None else _positions(columns, n)
    right_mask = column_at[right.owners] >= 0
    if not mask.any() or not right_mask.any():
        return out
    right_owners = column_at[right.owners[right_mask]]
    sims = left.vectors[mask] @ right.vectors[right_mask].T
    owners_left = row_at[left.owners[mask]]
    # Phrases come by owner and shortlist columns are sorted: then no reordering copy is needed.
    if bool((np.diff(right_owners) >= 0).all()):
        sorted_owners, ordered = right_owners, sims
    else:
        order = np.argsort(right_owners, kind="stable")
        sorted_owners, ordered = right_owners[order], sims[:, order]
    starts = np.flatnonzero(np.r_[True, sorted_owners[1:] != sorted_owners[:-1]])
    per_owner = np.maximum.reduceat(ordered, starts, axis=1)
    # Left owners are in increasing order too: reduce each row organisation's phrases at once.
    firsts = np.flatnonzero(np.r_[True, owners_left[1:] != owners_left[:-1]])
    best = np.maximum.reduceat(per_owner, firsts, axis=0)
    out[np.ix_(owners_left[firsts], sorted_owners[starts])] = np.maximum(best, 0.0)
    return out


def _positions(indices: Rows, n: int) -> npt.NDArray[np.int64]:
    """Position of each organisation in `indices`, -1 for those not in it."""
    at = np.full(n, -1, dtype=np.int64)
    at[np.asarray(indices, dtype=np.int64)] = np.arange(len(indices))
    return at


def block_features(
    population: Population, rows: Rows, columns: Columns = None
) -> dict[str, Matrix]:
    """Every signal of organisations `rows` against all organisations or the given `columns`."""
    n = len(population.profiles)
    row_index = np.asarray(rows, dtype=np.int64)
    cols = np.arange(n) if columns is None else columns
    arrays = population.candidates
    countries = arrays.countries[cols]
    block_countries = arrays.countries[row_index]
    cross = (block_countries[:, None] != countries[None, :]) & (countries >= 0)[None, :]
    cross &= (block_countries >= 0)[:, None]
    masks = arrays.language_masks
    shared = ((masks[row_index, None] & masks[None, cols]) != 0).astype(np.float32)
    shape = (len(row_index), len(cols))
    candidates = population.profile_vectors if columns is None else population.profile_vectors[cols]
    features: dict[str, Matrix] = {
        "text": population.profile_vectors[row_index] @ candidates.T,
        # Collaborative text signal: candidates resembling what my partners do.
        "partner_text": population.network_vectors[row_index] @ candidates.T,
        "need_offer": best_pair_scores(population.needs, population.offers, rows, n, columns),
        "offer_need": best_pair_scores(population.offers, population.needs, rows, n, columns),
        "value_chain": supply_between(
            population.segment_members, population.segment_links, row_index, columns
        ),
        "cross_border": cross.astype(np.float32),
        "shared_language": shared,
        "activity": np.broadcast_to(arrays.activity[cols], shape),
        # Universities and research centres join more consortia than their history shows.
        "university": np.broadcast_to(arrays.university[cols], shape),
        "research_centre": np.broadcast_to(arrays.research_centre[cols], shape),
    }
    # Graph signals by joining the block's paths with the columns' partner lists: exact search
    # and shortlists alike (one personalised PageRank over the whole graph per organisation
    # was 46 s of 71 at 10,000 organisations).
    features.update(local_graph_features(population.graph, row_index, np.asarray(cols)))
    return features
