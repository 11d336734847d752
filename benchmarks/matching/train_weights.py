"""Fit the combination weights on the development split and ship them as plain numbers.

Logistic regression (scikit-learn, training time only) on (dev query, candidate) pairs of the EU
projects data: every new partner (label 1) and NEGATIVES sampled other candidates per query
(label 0); the query's own organisation and its known partners are left out, as at ranking time.
Sampling keeps each query's weight equal (instead of the biggest queries dominating) and, in
2-fold CV on dev, matched or beat the all-pairs, class-balanced fit. Features are standardised;
coefficients, means and scales go to src/rencontre/matching/data/partner-weights.json. Signals
that are constant on this data (offers/needs, value chain) keep their prior weights.
"""

from __future__ import annotations

import json
from pathlib import Path

import linkpred_bench
import numpy as np
import shared_data

from rencontre.matching.pair_features import FEATURES

WEIGHTS_FILE = (
    shared_data.REPO_ROOT / "src" / "rencontre" / "matching" / "data" / "partner-weights.json"
)


NEGATIVES = 300


def training_pairs(
    s: linkpred_bench.Setup,
    queries: list[str],
    features: dict[str, np.ndarray] | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """(pairs × FEATURES, labels) for `queries`; `features` as from query_features, if known."""
    if features is None:
        features = linkpred_bench.query_features(s, queries)
    rng = np.random.default_rng(0)
    xs, ys = [], []
    for r, pic in enumerate(queries):
        org = s.data.organisations[pic]
        allowed = np.ones(len(s.ids), dtype=bool)
        allowed[s.position[pic]] = False
        allowed[[s.position[p] for p in org.partners]] = False
        columns = np.flatnonzero(allowed)
        label = np.isin(columns, [s.position[p] for p in org.new_partners])
        negatives = np.flatnonzero(~label)
        keep = np.r_[
            np.flatnonzero(label),
            rng.choice(negatives, min(NEGATIVES, len(negatives)), replace=False),
        ]
        columns, label = columns[keep], label[keep]
        xs.append(np.stack([features[name][r, columns] for name in FEATURES], axis=1))
        ys.append(label.astype(np.int8))
    return np.concatenate(xs), np.concatenate(ys)


def fit(x: np.ndarray, y: np.ndarray, *, c: float = 1.0) -> dict[str, dict[str, float]]:
    from sklearn.linear_model import LogisticRegression

    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    varying = scale > 1e-9
    z = (x[:, varying] - mean[varying]) / scale[varying]
    model = LogisticRegression(C=c, max_iter=3000)
    model.fit(z, y)
    coefficients = iter(model.coef_[0].tolist())
    out: dict[str, dict[str, float]] = {}
    for k, name in enumerate(FEATURES):
        if varying[k]:
            out[name] = {
                "coefficient": round(next(coefficients), 6),
                "mean": round(float(mean[k]), 6),
                "scale": round(float(scale[k]), 6),
            }
    return out


def main() -> None:
    s = linkpred_bench.setup()
    queries = s.data.queries(split="dev")
    x, y = training_pairs(s, queries)
    weights = fit(x, y)
    document = {
        "about": "Learned by benchmarks/matching/train_weights.py (logistic regression, EU "
        f"projects dev split: even PICs; new partners and {NEGATIVES} sampled other candidates per "
        "query). score = sum coefficient * (value - mean) / scale.",
        "trained_on": {"queries": len(queries), "pairs": int(len(y)), "positives": int(y.sum())},
        "features": weights,
    }
    WEIGHTS_FILE.write_text(json.dumps(document, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(document, indent=1))


if __name__ == "__main__":
    Path(WEIGHTS_FILE).parent.mkdir(parents=True, exist_ok=True)
    main()
