"""Choose the retrieval settings on development data only (Tatoeba even lines, split in two).

The map and the hubness reference are fitted on one quarter of the file (even lines of the
even half) and the settings scored on another (odd lines of the even half); the odd half of
the file, reported in results/crosslingual.md, is not read. Prints the grid, best first.
"""

from __future__ import annotations

import itertools

import numpy as np
import shared_data
from crosslingual_bench import RetrievalTask, cached_encoder, ranks
from report import markdown_table, save
from train_crosslingual import fit_language_map

from rencontre.matching.shipped import ReferenceCorpus
from rencontre.matching.text_scoring import TextScorer, TextScoringConfig

ENSEMBLES = {
    "q/q": {"query_passage": 0.0, "query_query": 1.0, "passage_passage": 0.0},
    "q/q + p/p": {"query_passage": 0.0, "query_query": 1.0, "passage_passage": 1.0},
    "q/p + q/q + p/p": {"query_passage": 1.0, "query_query": 1.0, "passage_passage": 1.0},
}


def main() -> None:
    encoder = cached_encoder()
    fra, nld = shared_data.tatoeba()
    dev, _ = shared_data.tatoeba_halves()
    fit, tune = dev[0::2], dev[1::2]
    distractors = shared_data.flores()["nl"]
    task = RetrievalTask("dev fr→nl", [fra[i] for i in tune], [nld[i] for i in tune] + distractors)
    fit_fr, fit_nl = [fra[i] for i in fit], [nld[i] for i in fit]
    rows = []
    for directions in (0, 2, 5, 10):
        maps, references = {}, {}
        for role in ("query", "passage"):
            fr = encoder.encode(fit_fr, role=role)  # type: ignore[arg-type]
            nl = encoder.encode(fit_nl, role=role)  # type: ignore[arg-type]
            maps[role] = fit_language_map(fr, nl, directions=directions)
            references[role] = ReferenceCorpus(
                np.concatenate([fr, nl]), ("fr",) * len(fr) + ("nl",) * len(nl), 20
            )
        for (name, weights), hubness in itertools.product(ENSEMBLES.items(), (0.0, 0.5, 1.0)):
            config = TextScoringConfig(**weights, hubness=hubness, language_map=True)
            scorer = TextScorer(encoder, config, language_maps=maps, references=references)
            found = ranks(task, scorer)
            rows.append((float(np.mean(found == 1)), directions, name, hubness))
    rows.sort(reverse=True)
    table = [[d, n, h, f"{p:.3f}"] for p, d, n, h in rows]
    save(
        "tuning-retrieval",
        f"Retrieval settings on development data only (Tatoeba fr→nl, {len(tune)} queries, "
        f"pool {len(task.pool)}; map fitted on {len(fit)} other dev pairs)",
        markdown_table(["language directions", "roles", "hubness", "dev P@1"], table),
        smoke=False,
    )


if __name__ == "__main__":
    main()
