"""How far the engine's signals can go on EU link prediction: models fitted on the answers.

Each model here is fitted on the very queries it is then scored on (in-sample), so its figure
is an upper bound for what that kind of model can get from the engine's signals on this split,
not a result: a model that may see the answers cannot do worse than one that may not. The
issue's target (held-out MRR 0.45) is compared with these bounds:

- the shipped recipe (pointwise logistic regression, train_weights.py) fitted on the scored
  queries: the best weights a linear score over these signals can find with that loss;
- gradient-boosted trees (scikit-learn's HistGradientBoostingClassifier) on the same pairs,
  which can also use any interaction between signals, and memorise.

    python benchmarks/matching/run.py ceiling [--split dev]
"""

from __future__ import annotations

from collections.abc import Callable

import linkpred_bench
import numpy as np
import train_weights
from report import markdown_table, save, with_ci

from rencontre.matching.combination import Combination
from rencontre.matching.pair_features import FEATURES

Scores = linkpred_bench.Scores
# (iterations, leaves): the scikit-learn defaults' size, and a deeper one that memorises more.
BOOSTING = ((200, 15), (400, 31))


def boosted_scores(
    x: np.ndarray, y: np.ndarray, features: dict[str, Scores], *, iterations: int, leaves: int
) -> Scores:
    from sklearn.ensemble import HistGradientBoostingClassifier

    model = HistGradientBoostingClassifier(
        max_iter=iterations,
        learning_rate=0.05,
        max_leaf_nodes=leaves,
        min_samples_leaf=100,
        l2_regularization=1.0,
        random_state=0,
    ).fit(x, y)
    table = np.stack([features[name] for name in FEATURES], axis=2)
    flat = table.reshape(-1, len(FEATURES))
    return model.predict_proba(flat)[:, 1].reshape(table.shape[:2]).astype(np.float32)


def run(*, smoke: bool, split: str = "held-out") -> None:
    s = linkpred_bench.setup()
    queries = s.data.queries(split="dev" if split == "dev" else "held")
    if smoke:
        queries = queries[:40]
    features = linkpred_bench.query_features(s, queries)
    x, y = train_weights.training_pairs(s, queries, features)
    fitted_here = Combination.from_document({"features": train_weights.fit(x, y)})
    methods: dict[str, Callable[[], Scores]] = {
        "popularity (known partners)": lambda: features["popularity"],
        "engine, shipped weights (fitted on dev)": lambda: Combination.shipped().score(features),
        "logistic regression fitted on these queries": lambda: fitted_here.score(features),
    }
    for iterations, leaves in BOOSTING:
        methods[f"boosted trees ({iterations} × {leaves} leaves) fitted on these queries"] = (
            lambda i=iterations, k=leaves: boosted_scores(x, y, features, iterations=i, leaves=k)
        )
    rows = []
    for name, make in methods.items():
        scores = make()
        overall = linkpred_bench.evaluate(s, queries, scores)
        fr_nl = linkpred_bench.evaluate(s, queries, scores, slice_fr_nl=True)
        rows.append([name, with_ci(overall["mrr"]), with_ci(overall["r50"]), with_ci(fr_nl["r50"])])
    title = (
        f"Upper bounds on EU link prediction, {split} split ({len(queries)} queries): models "
        "fitted on the queries they are scored on (95% bootstrap intervals)"
    )
    headers = ["model", "MRR", "Recall@50", "FR→NL Recall@50"]
    save(f"linkpred-ceiling-{split}", title, markdown_table(headers, rows), smoke=smoke)
