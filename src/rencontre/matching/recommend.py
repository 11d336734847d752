"""Partner recommendation: the k best organisations for each organisation, with reasons.

This is the API the CLI and the mission adapter call: plain profiles in, plain results out.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from rencontre.matching.cache import CachedEncoder
from rencontre.matching.combination import Combination
from rencontre.matching.encoders import Encoder, Matrix
from rencontre.matching.explain import PairContext, explain
from rencontre.matching.graph import PartnerGraph
from rencontre.matching.langid import detect_language
from rencontre.matching.pair_features import (
    PhraseSet,
    Population,
    block_features,
    mean_vectors,
    network_vectors,
    spoken_languages,
    supply_matrix,
)
from rencontre.matching.profiles import OrgProfile, Recommendation, Recommendations
from rencontre.matching.topk import top_k_rows
from rencontre.matching.value_chain import ValueChain


def _phrases(encoder: Encoder, profiles: Sequence[OrgProfile], field: str, role: str) -> PhraseSet:
    owners: list[int] = []
    texts: list[str] = []
    for index, profile in enumerate(profiles):
        for text in getattr(profile, field):
            owners.append(index)
            texts.append(text)
    vectors = encoder.encode(texts, role=role)  # type: ignore[arg-type]
    return PhraseSet(vectors=vectors, owners=np.array(owners, dtype=np.int64), texts=tuple(texts))


def build_population(
    profiles: Sequence[OrgProfile], *, encoder: Encoder, value_chain: ValueChain
) -> Population:
    """Encode every text once (profile texts as passages, needs as queries, offers as passages)."""
    texts = _phrases(encoder, profiles, "texts", "passage")
    ids = [p.id for p in profiles]
    graph = PartnerGraph.from_partners(ids, {p.id: p.partners for p in profiles})
    profile_vectors = mean_vectors(texts, len(profiles))
    # Only languages the texts give evidence for ("" when none): no guess from silence.
    detected = [frozenset(detect_language(t, default="") for t in p.texts) - {""} for p in profiles]
    return Population(
        profiles=profiles,
        profile_vectors=profile_vectors,
        network_vectors=network_vectors(profile_vectors, graph),
        text_vectors=texts,
        offers=_phrases(encoder, profiles, "offers", "passage"),
        needs=_phrases(encoder, profiles, "needs", "query"),
        graph=graph,
        value_chain=value_chain,
        segment_supply=supply_matrix(profiles, value_chain),
        languages=[spoken_languages(p, d) for p, d in zip(profiles, detected, strict=True)],
    )


def allowed_mask(
    profiles: Sequence[OrgProfile],
    rows: range,
    *,
    exclude_partners: bool,
    cross_border: bool,
) -> Matrix:
    """True where organisation j may be proposed to organisation i."""
    n = len(profiles)
    position = {p.id: k for k, p in enumerate(profiles)}
    mask = np.ones((len(rows), n), dtype=bool)
    opted_out = np.array([p.opted_out for p in profiles], dtype=bool)
    mask[:, opted_out] = False
    countries = np.array([p.country.upper() for p in profiles])
    for r, i in enumerate(rows):
        me = profiles[i]
        mask[r, i] = False
        barred = set(me.excluded) | (set(me.partners) if exclude_partners else set())
        for other in barred:
            if other in position:
                mask[r, position[other]] = False
        if me.organisation_group:
            same = [
                k for k, p in enumerate(profiles) if p.organisation_group == me.organisation_group
            ]
            mask[r, same] = False
        if cross_border:
            mask[r, countries == me.country.upper()] = False
    # Exclusions declared by the other side count too (competitors, partners).
    for j, candidate in enumerate(profiles):
        declared = candidate.excluded | (candidate.partners if exclude_partners else frozenset())
        for barred_id in declared:
            reader = position.get(barred_id)
            if reader is not None and rows.start <= reader < rows.stop:
                mask[reader - rows.start, j] = False
    return mask


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
) -> list[Recommendations]:
    """Ranked partners with reasons for each profile (or only those in `for_ids`)."""
    if top_k < 1:
        raise ValueError(f"top_k must be at least 1, got {top_k}")
    cached = encoder if isinstance(encoder, CachedEncoder) else CachedEncoder(encoder)
    chain = value_chain if value_chain is not None else ValueChain()
    weights = combination if combination is not None else Combination.shipped()
    population = build_population(profiles, encoder=cached, value_chain=chain)
    wanted = set(for_ids) if for_ids is not None else None
    results: list[Recommendations] = []
    for start in range(0, len(profiles), block_rows):
        rows = range(start, min(start + block_rows, len(profiles)))
        features = block_features(population, rows)
        contributions = weights.contributions(features)
        scores = weights.score(features)
        mask = allowed_mask(
            profiles, rows, exclude_partners=exclude_partners, cross_border=cross_border
        )
        scores = np.where(mask, scores, -np.inf).astype(np.float32)
        best = top_k_rows(scores, top_k)
        # Reasons cite what makes a candidate stand out from the average allowed candidate.
        allowed = np.maximum(mask.sum(axis=1), 1)
        typical = {
            name: np.where(mask, part, 0.0).sum(axis=1) / allowed
            for name, part in contributions.items()
        }
        for r, i in enumerate(rows):
            if wanted is not None and profiles[i].id not in wanted:
                continue
            items = []
            for j in best[r]:
                if not np.isfinite(scores[r, j]):
                    continue
                relative = {
                    name: float(part[r, j] - typical[name][r])
                    for name, part in contributions.items()
                }
                ctx = PairContext(population, i, int(j), relative, float(scores[r, j]), lang)
                items.append(
                    Recommendation(
                        id=profiles[int(j)].id,
                        score=round(float(scores[r, j]), 6),
                        reasons=explain(ctx),
                    )
                )
            results.append(Recommendations(id=profiles[i].id, items=tuple(items)))
    return results
