"""The learned linear combination of signals into one score (coefficients shipped as JSON).

benchmarks/matching/train_weights.py fits a logistic regression on the development split and
writes data/partner-weights.json; nothing is trained at run time. Signals the training data
cannot show (offers/needs, value chain, languages: absent from the EU projects data) keep the
prior weights below, stated on the same standardised scale.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from rencontre.matching.encoders import Matrix
from rencontre.matching.pair_features import FEATURES
from rencontre.matching.shipped import load_json

PRIOR_WEIGHTS: dict[str, float] = {
    "text": 1.0,
    "partner_text": 0.5,
    "need_offer": 1.5,
    "offer_need": 1.5,
    "value_chain": 1.0,
    "cross_border": 0.0,
    "shared_language": 0.3,
    "popularity": 0.5,
    "activity": 0.2,
    "common_partners": 0.3,
    "adamic_adar": 0.3,
    "pagerank": 0.5,
    "common_share": 0.2,
    "three_hop": 0.2,
    "university": 0.1,
    "research_centre": 0.1,
}

# Score points a mission adds to a candidate from another country (see preferring_cross_border):
# on the demo mission 0.4 puts 87% of other-country organisations in each top 5, as 85% of its
# requested pairs cross a border, where the learned weights put 9%.
MISSION_CROSS_BORDER_BONUS = 0.4


@dataclass(frozen=True)
class FeatureWeight:
    """score += coefficient × (value − mean) / scale."""

    coefficient: float
    mean: float = 0.0
    scale: float = 1.0


@dataclass(frozen=True)
class Combination:
    weights: Mapping[str, FeatureWeight]

    @staticmethod
    def shipped() -> Combination:
        """Learned weights from data/partner-weights.json over the priors."""
        return Combination.from_document(load_json("partner-weights.json"))

    @staticmethod
    def from_document(document: Mapping[str, Any]) -> Combination:
        """Weights in the format of data/partner-weights.json, priors for the signals absent."""
        weights = {name: FeatureWeight(PRIOR_WEIGHTS[name]) for name in FEATURES}
        for name, entry in document.get("features", {}).items():
            if name in weights:
                weights[name] = FeatureWeight(
                    float(entry["coefficient"]), float(entry["mean"]), float(entry["scale"])
                )
        return Combination(weights)

    def preferring_cross_border(self, bonus: float) -> Combination:
        """The same weights, but a candidate from another country gains `bonus` score points.

        The learned coefficient is negative: EU consortia hold more same-country pairs than
        chance. A trade mission exists to make cross-border meetings, so it states a preference
        instead (MISSION_CROSS_BORDER_BONUS; `benchmarks/matching/run.py mission` measures it).
        """
        weights = dict(self.weights)
        weights["cross_border"] = FeatureWeight(bonus)
        return Combination(weights)

    def citable(self, name: str) -> bool:
        """Whether a signal's sentence can be a reason: only when more of it raises the score.

        A signal with a negative weight lifts a candidate that has less of it than the typical
        one ("fewer known partnerships"), and its sentence ("experienced partner") would then
        say the opposite of the truth.
        """
        weight = self.weights.get(name)
        return weight is not None and weight.coefficient > 0

    def contributions(self, features: Mapping[str, Matrix]) -> dict[str, Matrix]:
        """Each signal's share of the score."""
        out: dict[str, Matrix] = {}
        for name, values in features.items():
            weight = self.weights.get(name)
            if weight is None or weight.coefficient == 0:
                continue
            # Candidate-only signals come broadcast over the rows: weigh one row, not all.
            row = values[:1] if values.ndim == 2 and values.strides[0] == 0 else values
            part = (weight.coefficient * (row - weight.mean) / weight.scale).astype(
                np.float32, copy=False
            )
            out[name] = np.broadcast_to(part, values.shape) if row is not values else part
        return out

    def score(self, features: Mapping[str, Matrix]) -> Matrix:
        return total_score(self.contributions(features))


def total_score(contributions: Mapping[str, Matrix]) -> Matrix:
    """The score from `Combination.contributions`, for callers that need both."""
    parts = list(contributions.values())
    if not parts:
        raise ValueError("no signal has a non-zero weight")
    total = parts[0].copy()
    for part in parts[1:]:
        total += part
    return total
