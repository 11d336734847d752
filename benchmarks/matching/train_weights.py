"""Fit the combination weights on the development split and ship them as plain numbers.

Logistic regression (scikit-learn, training time only) on every (dev query, candidate) pair of
the EU projects data: label 1 for a new partner, 0 otherwise; the query's own organisation and
its known partners are left out, as at ranking time. Features are standardised; coefficients,
means and scales go to src/rencontre/matching/data/partner-weights.json. Signals that are
constant on this data (offers/needs, value chain) keep their prior weights.
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


def training_pairs(s: linkpred_bench.Setup, queries: list[str]) -> tuple[np.ndarray, np.ndarray]:
    features = linkpred_bench.query_features(s, queries)
    xs, ys = [], []
    for r, pic in enumerate(queries):
        org = s.data.organisations[pic]
        allowed = np.ones(len(s.ids), dtype=bool)
        allowed[s.position[pic]] = False
        allowed[[s.position[p] for p in org.partners]] = False
        columns = np.flatnonzero(allowed)
        label = np.isin(columns, [s.position[p] for p in org.new_partners])
        xs.append(np.stack([features[name][r, columns] for name in FEATURES], axis=1))
        ys.append(label.astype(np.int8))
    return np.concatenate(xs), np.concatenate(ys)


def fit(x: np.ndarray, y: np.ndarray, *, c: float = 1.0) -> dict[str, dict[str, float]]:
    from sklearn.linear_model import LogisticRegression

    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    varying = scale > 1e-9
    z = (x[:, varying] - mean[varying]) / scale[varying]
    model = LogisticRegression(C=c, max_iter=2000, class_weight="balanced")
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
        "projects dev split: even PICs). score = sum coefficient * (value - mean) / scale.",
        "trained_on": {"queries": len(queries), "pairs": int(len(y)), "positives": int(y.sum())},
        "features": weights,
    }
    WEIGHTS_FILE.write_text(json.dumps(document, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(document, indent=1))


if __name__ == "__main__":
    Path(WEIGHTS_FILE).parent.mkdir(parents=True, exist_ok=True)
    main()
