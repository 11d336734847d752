"""Signals between one block of organisations and every organisation, as named score matrices.

Each signal is a (block × all) matrix; `combination` weighs them into one score and `explain`
turns the strongest into sentences. Text vectors are computed once for everybody beforehand.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from rencontre.matching.encoders import Matrix, normalise_rows
from rencontre.matching.graph import PartnerGraph, graph_features
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
    """Phrases (offers or needs) of all organisations, stacked, with their owner index."""

    vectors: Matrix
    owners: npt.NDArray[np.int64]
    texts: tuple[str, ...]


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
    segment_supply: Matrix  # (orgs × orgs) 1 where one supplies the other, 0 otherwise
    languages: Sequence[frozenset[str]]


def spoken_languages(profile: OrgProfile, detected: frozenset[str]) -> frozenset[str]:
    """Declared languages, else those of its country and of its own texts."""
    if profile.languages:
        return frozenset(lang.lower() for lang in profile.languages)
    return COUNTRY_LANGUAGES.get(profile.country.upper(), frozenset()) | detected


def language_bitmasks(languages: Sequence[frozenset[str]]) -> npt.NDArray[np.int64]:
    """One bit per language, so "any language in common" is a vectorised AND."""
    codes = {lang: bit for bit, lang in enumerate(sorted({x for s in languages for x in s}))}
    if len(codes) > 62:
        raise ValueError(f"too many distinct languages ({len(codes)}) for a 64-bit mask")
    return np.array([sum(1 << codes[x] for x in s) for s in languages], dtype=np.int64)


def mean_vectors(phrases: PhraseSet, n_owners: int) -> Matrix:
    """Unit-length mean of each owner's phrase vectors (zero row when none)."""
    sums = np.zeros((n_owners, phrases.vectors.shape[1]), dtype=np.float32)
    np.add.at(sums, phrases.owners, phrases.vectors)
    return normalise_rows(sums)


def network_vectors(profile_vectors: Matrix, graph: PartnerGraph) -> Matrix:
    """Unit-length mean profile of each organisation's known partners (zero when it has none)."""
    sums = np.zeros_like(profile_vectors)
    for node in range(graph.size):
        partners = graph.neighbours(node)
        if len(partners):
            sums[node] = profile_vectors[partners].sum(axis=0)
    return normalise_rows(sums)


def supply_matrix(profiles: Sequence[OrgProfile], chain: ValueChain) -> Matrix:
    """1 where a supply edge joins the two organisations' segments (either direction)."""
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
    directed = member @ supplies @ member.T
    return ((directed + directed.T) > 0).astype(np.float32)


def best_pair_scores(left: PhraseSet, right: PhraseSet, rows: range, n: int) -> Matrix:
    """For each org in `rows` and each org: the best cosine between a left and a right phrase."""
    out = np.zeros((len(rows), n), dtype=np.float32)
    mask = (left.owners >= rows.start) & (left.owners < rows.stop)
    if not mask.any() or len(right.owners) == 0:
        return out
    sims = left.vectors[mask] @ right.vectors.T
    owners_left = left.owners[mask] - rows.start
    order = np.argsort(right.owners, kind="stable")
    sorted_owners = right.owners[order]
    starts = np.flatnonzero(np.r_[True, sorted_owners[1:] != sorted_owners[:-1]])
    per_owner = np.maximum.reduceat(sims[:, order], starts, axis=1)
    best = np.full((len(rows), per_owner.shape[1]), -1.0, dtype=np.float32)
    np.maximum.at(best, owners_left, per_owner)
    out[:, sorted_owners[starts]] = np.maximum(best, 0.0)
    return out


def block_features(population: Population, rows: range) -> dict[str, Matrix]:
    """Every signal of organisations `rows` against all organisations."""
    profiles = population.profiles
    n = len(profiles)
    countries = np.array([p.country.upper() for p in profiles])
    known = countries != ""
    block_countries = countries[rows.start : rows.stop]
    cross = (block_countries[:, None] != countries[None, :]) & known[None, :]
    cross &= (block_countries != "")[:, None]
    masks = language_bitmasks(population.languages)
    shared = ((masks[rows.start : rows.stop, None] & masks[None, :]) != 0).astype(np.float32)
    activity = np.log1p(np.array([len(p.texts) for p in profiles], dtype=np.float32))
    kinds = [p.kind.upper() for p in profiles]
    university = np.array([k in UNIVERSITY_KINDS for k in kinds], dtype=np.float32)
    research = np.array([k in RESEARCH_KINDS for k in kinds], dtype=np.float32)
    features: dict[str, Matrix] = {
        "text": population.profile_vectors[rows.start : rows.stop] @ population.profile_vectors.T,
        # Collaborative text signal: candidates resembling what my partners do.
        "partner_text": population.network_vectors[rows.start : rows.stop]
        @ population.profile_vectors.T,
        "need_offer": best_pair_scores(population.needs, population.offers, rows, n),
        "offer_need": best_pair_scores(population.offers, population.needs, rows, n),
        "value_chain": population.segment_supply[rows.start : rows.stop],
        "cross_border": cross.astype(np.float32),
        "shared_language": shared,
        "activity": np.broadcast_to(activity, (len(rows), n)),
        # Universities and research centres join more consortia than their history shows.
        "university": np.broadcast_to(university, (len(rows), n)),
        "research_centre": np.broadcast_to(research, (len(rows), n)),
    }
    graph_rows = [graph_features(population.graph, i) for i in rows]
    for name in (
        "popularity",
        "common_partners",
        "common_share",
        "adamic_adar",
        "pagerank",
        "three_hop",
    ):
        features[name] = np.stack([g[name] for g in graph_rows]).astype(np.float32)
    return features
