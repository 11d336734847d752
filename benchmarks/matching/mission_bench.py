"""Cross-border preference on the demo mission: who `recommend` puts first for each organisation.

The profiles are those `rencontre match mission` builds (descriptions, live offers and needs,
segments, spoken languages). Relevant: the organisations each one has meeting requests with in
the demo, of any status (87% of them in another country). Compared side by side: the learned
weights alone (fitted on EU consortia, where same-country pairs are over-represented), no
country weight, the mission preference at several strengths (the shipped one is
MISSION_CROSS_BORDER_BONUS) and the `--cross-border` filter. The demo was written by this
project, so this checks that a mission's proposals serve its purpose; it is not an independent
measurement of matching quality.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

import numpy as np
from crosslingual_bench import cached_encoder
from report import markdown_table, save, with_ci

from rencontre.core.dataset import Dataset
from rencontre.demo.loader import load_demo
from rencontre.matching.combination import MISSION_CROSS_BORDER_BONUS, Combination
from rencontre.matching.profiles import OrgProfile
from rencontre.matching.recommend import recommend
from rencontre.services.mission_matching import organisation_profiles


def requested_organisations(demo: Dataset) -> dict[str, set[str]]:
    """Per organisation, the organisations it has a meeting request with (either way)."""
    organisation_of = {p.email: p.organisation for p in demo.participants}
    requested: dict[str, set[str]] = defaultdict(set)
    for request in demo.meeting_requests:
        a, b = organisation_of[request.requester], organisation_of[request.requested]
        if a != b:
            requested[a].add(b)
            requested[b].add(a)
    return dict(requested)


def measure(
    profiles: Sequence[OrgProfile],
    requested: dict[str, set[str]],
    weights: Combination,
    *,
    cross_border: bool = False,
) -> tuple[list[float], list[float], list[float]]:
    """Reciprocal rank of the first requested organisation, precision at 5, and the share of
    other-country organisations in the top 5, per organisation with requests."""
    country = {p.id: p.country for p in profiles}
    results = recommend(
        profiles,
        top_k=len(profiles) - 1,
        encoder=cached_encoder(),
        combination=weights,
        cross_border=cross_border,
        for_ids=sorted(requested),
    )
    reciprocal, precision, abroad = [], [], []
    for result in results:
        ranked = [item.id for item in result.items]
        relevant = requested[result.id]
        hits = [k for k, other in enumerate(ranked) if other in relevant]
        reciprocal.append(1.0 / (hits[0] + 1) if hits else 0.0)
        precision.append(float(np.mean([other in relevant for other in ranked[:5]])))
        abroad.append(float(np.mean([country[o] != country[result.id] for o in ranked[:5]])))
    return reciprocal, precision, abroad


def run(*, smoke: bool) -> None:
    demo = load_demo()
    mission = demo.missions[0]
    profiles = organisation_profiles(
        demo.organisations, demo.participants, demo.opportunities, today=mission.start_date
    )
    requested = requested_organisations(demo)
    if smoke:
        requested = dict(sorted(requested.items())[:10])
    learned = Combination.shipped()
    variants = {"learned weights (`match partners`)": (learned, False)}
    if not smoke:
        variants["no country weight"] = (learned.preferring_cross_border(0.0), False)
        for bonus in (0.2, MISSION_CROSS_BORDER_BONUS, 0.8):
            shipped = (
                " (shipped for `match mission`)" if bonus == MISSION_CROSS_BORDER_BONUS else ""
            )
            variants[f"+{bonus} for another country{shipped}"] = (
                learned.preferring_cross_border(bonus),
                False,
            )
    variants["`--cross-border` filter, learned weights"] = (learned, True)
    rows = []
    for name, (weights, only_abroad) in variants.items():
        reciprocal, precision, abroad = measure(
            profiles, requested, weights, cross_border=only_abroad
        )
        rows.append(
            [name, with_ci(reciprocal), f"{np.mean(precision):.3f}", f"{np.mean(abroad):.3f}"]
        )
    pairs = [(a, b) for a, others in requested.items() for b in others]
    country = {p.id: p.country for p in profiles}
    across = np.mean([country[a] != country[b] for a, b in pairs])
    save(
        "mission",
        f"Demo mission: requested organisations among each organisation's recommendations "
        f"({len(requested)} organisations with requests, {across:.0%} of requested pairs "
        f"cross a border)",
        markdown_table(
            [
                "country weight",
                "MRR of requested organisations",
                "P@5",
                "other-country share of top 5",
            ],
            rows,
        ),
        smoke=smoke,
    )
