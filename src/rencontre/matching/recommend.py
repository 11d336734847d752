"""Partner recommendation: the k best organisations for each organisation, with reasons.

This is the API the CLI and the mission adapter call: plain profiles in, plain results out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from rencontre.matching.cache import CachedEncoder, ProgressCallback
from rencontre.matching.combination import Combination, total_score
from rencontre.matching.encoders import Encoder, Matrix, Role
from rencontre.matching.exclusions import Exclusions, Mask
from rencontre.matching.explain import Explainer
from rencontre.matching.graph import PartnerGraph
from rencontre.matching.langid import detect_language
from rencontre.matching.pair_features import (
    CandidateArrays,
    PhraseSet,
    Population,
    activity_counts,
    block_features,
    mean_vectors,
    network_vectors,
    segment_links,
    spoken_languages,
    written_languages,
)
from rencontre.matching.profiles import OrgProfile, Recommendations
from rencontre.matching.shipped import load_language_map
from rencontre.matching.shortlist import (
    SHORTLIST_THRESHOLD,
    CandidateGroup,
    ShortlistSettings,
    exact_groups,
    shortlist_groups,
)
from rencontre.matching.topk import top_k_rows
from rencontre.matching.value_chain import ValueChain

# Fewer allowed candidates than this, and reasons compare with every other organisation instead.
MIN_TYPICAL = 5


def _phrases(encoder: Encoder, profiles: Sequence[OrgProfile], field: str, role: Role) -> PhraseSet:
    """Every `field` text of every profile, encoded in `role`, without language directions.

    The model keeps each language apart: on the demo organisations, each described in its home
    language only, two unrelated French descriptions score 0.03 above a French and a Dutch one,
    enough for the text signal to fill the top 5 with the same language (7% from another
    language, where 85% of the requested meetings cross languages). The shipped language map's
    directions are removed from every text alike (no language detection): 23% from another
    language, and the requested partners' MRR rises from 0.29 to 0.36. The map's French→Dutch
    rotation is not applied here: it scored lower on the same check (0.33). The check is
    `python benchmarks/matching/run.py home-language`.
    """
    owners: list[int] = []
    texts: list[str] = []
    for index, profile in enumerate(profiles):
        for text in getattr(profile, field):
            owners.append(index)
            texts.append(text)
    vectors = encoder.encode(texts, role=role)
    language_map = load_language_map(encoder.id, role)
    if language_map is not None:
        vectors = language_map.project(vectors)
    return PhraseSet(vectors=vectors, owners=np.array(owners, dtype=np.int64), texts=tuple(texts))


def build_population(
    profiles: Sequence[OrgProfile], *, encoder: Encoder, value_chain: ValueChain
) -> Population:
    """Encode every text once (profile texts as passages, needs as queries, offers as passages)."""
    texts = _phrases(encoder, profiles, "texts", "passage")
    # Reasons quote a description in the reader's language when the organisation wrote one.
    texts = replace(texts, languages=tuple(detect_language(t, default="") for t in texts.texts))
    ids = [p.id for p in profiles]
    graph = PartnerGraph.from_partners(ids, {p.id: p.partners for p in profiles})
    profile_vectors = mean_vectors(texts, len(profiles))
    # Only languages the texts give evidence for ("" when none): no guess from silence.
    start, end = texts.spans(np.arange(len(profiles), dtype=np.int64))
    detected = [
        frozenset(texts.languages[a:b]) - {""}
        for a, b in zip(start.tolist(), end.tolist(), strict=True)
    ]
    languages = [spoken_languages(p, d) for p, d in zip(profiles, detected, strict=True)]
    written = [written_languages(p, d) for p, d in zip(profiles, detected, strict=True)]
    members, links = segment_links(profiles, value_chain)
    return Population(
        profiles=profiles,
        profile_vectors=profile_vectors,
        network_vectors=network_vectors(profile_vectors, graph),
        text_vectors=texts,
        offers=_phrases(encoder, profiles, "offers", "passage"),
        needs=_phrases(encoder, profiles, "needs", "query"),
        graph=graph,
        value_chain=value_chain,
        segment_members=members,
        segment_links=links,
        languages=languages,
        written_languages=written,
        candidates=CandidateArrays.build(
            profiles, languages, activity_counts(texts, len(profiles))
        ),
    )


def recommend(
    profiles: Sequence[OrgProfile],
    *,
    top_k: int,
    encoder: Encoder,
    value_chain: ValueChain | None = None,
    cross_border: bool = False,
    lang: str = "en",
    exclude_partners: bool = True,
    combination: Combination | None = None,
    for_ids: Sequence[str] | None = None,
    block_rows: int = 256,
    shortlist: bool | None = None,
    shortlist_settings: ShortlistSettings | None = None,
    progress: ProgressCallback | None = None,
) -> list[Recommendations]:
    """Ranked partners with reasons for each profile (or only those in `for_ids`).

    Every candidate is scored up to SHORTLIST_THRESHOLD organisations, a shortlist per group of
    similar organisations above it; `shortlist` forces one or the other. `block_rows` is the
    block size of exact scoring; shortlist groups take theirs from `shortlist_settings`.
    `progress` is told (organisations done, organisations to do) after each block.
    """
    if top_k < 1:
        raise ValueError(f"top_k must be at least 1, got {top_k}")
    cached = encoder if isinstance(encoder, CachedEncoder) else CachedEncoder(encoder)
    chain = value_chain if value_chain is not None else ValueChain()
    weights = combination if combination is not None else Combination.shipped()
    population = build_population(profiles, encoder=cached, value_chain=chain)
    exclusions = Exclusions.build(
        profiles, exclude_partners=exclude_partners, graph=population.graph
    )
    wanted = set(for_ids) if for_ids is not None else None
    rows = np.array(
        [i for i, p in enumerate(profiles) if wanted is None or p.id in wanted], dtype=np.int64
    )
    use_shortlist = len(profiles) > SHORTLIST_THRESHOLD if shortlist is None else shortlist
    groups = (
        shortlist_groups(
            population,
            rows,
            combination=weights,
            settings=shortlist_settings or ShortlistSettings(),
            exclude_partners=exclude_partners,
        )
        if use_shortlist
        else exact_groups(rows, len(profiles), block_rows)
    )
    found: dict[int, Recommendations] = {}
    explainer = Explainer(population, lang)
    for group in groups:
        features = block_features(
            population, group.rows, None if not use_shortlist else group.columns
        )
        mask = exclusions.allowed(group.rows, group.columns, cross_border=cross_border)
        for i, recommendations in zip(
            group.rows.tolist(),
            _ranked(population, group, features, mask, weights, explainer, top_k=top_k),
            strict=True,
        ):
            found[i] = recommendations
        if progress is not None:
            progress(len(found), len(rows))
    return [found[i] for i in sorted(found)]


def _ranked(
    population: Population,
    group: CandidateGroup,
    features: dict[str, Matrix],
    mask: Mask,
    weights: Combination,
    explainer: Explainer,
    *,
    top_k: int,
) -> list[Recommendations]:
    """Top k allowed candidates of each row of the group, with reasons."""
    profiles = population.profiles
    contributions = weights.contributions(features)
    scores = np.where(mask, total_score(contributions), -np.inf).astype(np.float32)
    best = top_k_rows(scores, top_k)
    best_scores = np.take_along_axis(scores, best, 1)
    # Reasons cite what makes a candidate stand out from the average allowed candidate
    # (the shortlist's uniform baseline sample stands for all of them).
    cols = slice(None) if group.baseline is None else np.flatnonzero(group.baseline)
    typical_mask = mask[:, cols]
    # With very few allowed candidates their average is mostly the recommended one itself, so
    # nothing would stand out: there every other organisation makes the typical candidate.
    few = typical_mask.sum(axis=1) < MIN_TYPICAL
    if few.any():
        others = group.columns[cols][None, :] != group.rows[:, None]
        typical_mask = np.where(few[:, None], others, typical_mask)
    allowed = np.maximum(typical_mask.sum(axis=1), 1)
    names = list(contributions)
    relative = np.stack(
        [
            np.take_along_axis(part, best, 1)
            - (np.where(typical_mask, part[:, cols], 0.0).sum(axis=1) / allowed)[:, None]
            for part in contributions.values()
        ],
        axis=2,
    )
    # A signal with a negative weight stands out by being low: its sentence would be false.
    uncitable = [k for k, name in enumerate(names) if not weights.citable(name)]
    relative[:, :, uncitable] = np.minimum(relative[:, :, uncitable], 0.0)
    # Excluded candidates (score -inf) are never recommended, even to fill a short list.
    chosen = np.where(np.isfinite(best_scores), group.columns[best], -1)
    reasons = explainer.explain_block(group.rows, chosen, relative, names, best_scores)
    out = []
    for i, row, row_scores, row_reasons in zip(
        group.rows.tolist(), chosen.tolist(), best_scores.tolist(), reasons, strict=True
    ):
        kept = [(j, score) for j, score in zip(row, row_scores, strict=True) if j >= 0]
        # Plain tuples, which the garbage collector stops tracking (see Recommendations).
        items = tuple(
            (profiles[j].id, round(score, 6), why)
            for (j, score), why in zip(kept, row_reasons, strict=True)
        )
        out.append(Recommendations.from_packed(profiles[i].id, items))
    return out
