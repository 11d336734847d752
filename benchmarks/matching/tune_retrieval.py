"""Choose the retrieval settings on development data only, inside each half of the Tatoeba file.

Each half of the dev pairs (even lines, odd lines) is split in two again: the map and the
hubness reference are fitted on one quarter of the file and the settings scored on another
quarter of the same half. The other half, which crosslingual_bench.py scores with artefacts
fitted on this one, is never read, so the cross-fitted figures stay held out. Prints the
grid for both halves, best mean P@1 first (ties: best mean MRR), and the rule's choice: the
first setting that costs no more model passes per text than MAX_PASSES (encoding dominates
the run time).
"""

from __future__ import annotations

import itertools

import numpy as np
import shared_data
from crosslingual_bench import RetrievalTask, cached_encoder, passes, ranks
from report import markdown_table, save
from train_crosslingual import (
    ROLES,
    fit_language_map,
    fit_references,
    fit_translation_pairs,
)

from rencontre.matching.crosslingual import LanguageMap
from rencontre.matching.encoders import Encoder
from rencontre.matching.text_scoring import TextScorer, TextScoringConfig

QQ, PP = {"query_query": 1.0}, {"passage_passage": 1.0}
LOWER_QQ, LOWER_PP = {"query_query_lower": 1.0}, {"passage_passage_lower": 1.0}
ENSEMBLES: dict[str, dict[str, float]] = {
    "q/q": QQ,
    "q/q + p/p": QQ | PP,
    "q/p + q/q + p/p": {"query_passage": 1.0} | QQ | PP,
    "q/q + lower q/q": QQ | LOWER_QQ,
    "q/q + p/p + lower q/q": QQ | PP | LOWER_QQ,
    "q/q + p/p + lower q/q + lower p/p": QQ | PP | LOWER_QQ | LOWER_PP,
}
DIRECTIONS = (0, 2, 5, 10)
HUBNESS = (0.0, 0.5, 1.0)
TRANSLATION = (0.0, 0.5, 1.0)  # how far the translation memory moves a query
MAX_PASSES = 2
# (language directions, roles, hubness, translation memory)
Setting = tuple[int, str, float, float]


def config_of(setting: Setting) -> TextScoringConfig:
    """The scoring settings of one grid point (its language directions live in the map)."""
    _, ensemble, hubness, translation = setting
    weights = {"query_passage": 0.0} | ENSEMBLES[ensemble]
    return TextScoringConfig(**weights, hubness=hubness, language_map=True, translation=translation)


def grid(encoder: Encoder, half: list[int]) -> dict[Setting, tuple[float, float]]:
    """fr→nl (P@1, MRR) of every setting: fitted on half[0::2], scored on half[1::2]."""
    fra, nld = shared_data.tatoeba()
    fit, tune = half[0::2], half[1::2]
    distractors = shared_data.flores()["nl"]
    task = RetrievalTask("dev fr→nl", [fra[i] for i in tune], [nld[i] for i in tune] + distractors)
    fit_fr, fit_nl = [fra[i] for i in fit], [nld[i] for i in fit]
    references = fit_references(encoder, fit_fr, fit_nl)
    # Every ensemble with the memory on: its pairs in every view the grid encodes queries in.
    with_memory = [config_of((0, name, 0.0, 1.0)) for name in ENSEMBLES]
    pairs = fit_translation_pairs(encoder, fit_fr, fit_nl, with_memory)
    scores = {}
    for directions in DIRECTIONS:
        maps: dict[str, LanguageMap] = {
            role: fit_language_map(
                encoder.encode(fit_fr, role=role),
                encoder.encode(fit_nl, role=role),
                directions=directions,
            )
            for role in ROLES
        }
        for name, hubness, translation in itertools.product(ENSEMBLES, HUBNESS, TRANSLATION):
            setting = (directions, name, hubness, translation)
            scorer = TextScorer(
                encoder,
                config_of(setting),
                language_maps=maps,
                references=references,
                translation_pairs=pairs,
            )
            found = ranks(task, scorer)
            scores[setting] = (
                float(np.mean(found == 1)),
                float(np.mean(1.0 / found)),
            )
    return scores


def main() -> None:
    encoder = cached_encoder()
    even, odd = shared_data.tatoeba_halves()
    by_half = [grid(encoder, even), grid(encoder, odd)]

    def mean(setting: Setting) -> tuple[float, float]:
        (p_even, mrr_even), (p_odd, mrr_odd) = by_half[0][setting], by_half[1][setting]
        return round((p_even + p_odd) / 2, 6), (mrr_even + mrr_odd) / 2

    settings = sorted(by_half[0], key=mean, reverse=True)
    cost = {s: passes(config_of(s)) for s in settings}
    chosen = next(s for s in settings if cost[s] <= MAX_PASSES)
    table = [
        [
            *s,
            cost[s],
            " / ".join(f"{x:.4f}" for x in by_half[0][s]),
            " / ".join(f"{x:.4f}" for x in by_half[1][s]),
            "chosen" if s == chosen else "",
        ]
        for s in settings
    ]
    save(
        "tuning-retrieval",
        f"Retrieval settings on development data only (Tatoeba fr→nl; in each half, map fitted "
        f"on {len(even[0::2])} pairs, settings scored on {len(even[1::2])} others, pool "
        f"+ {len(shared_data.flores()['nl'])} FLORES distractors)",
        markdown_table(
            [
                "language directions",
                "roles",
                "hubness",
                "translation memory",
                "model passes per text",
                "P@1 / MRR even half",
                "P@1 / MRR odd half",
                f"best with ≤ {MAX_PASSES} passes",
            ],
            table,
        ),
        smoke=False,
    )


if __name__ == "__main__":
    main()
