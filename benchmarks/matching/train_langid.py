"""Fit the character-trigram language profiles of `rencontre.matching.langid` on dev data.

French and Dutch: the even (development) lines of Tatoeba fr–nl; English: the EU project texts.
FLORES-200 and the odd Tatoeba lines, used for evaluation, are not read.
"""

from __future__ import annotations

import json
import math
from collections import Counter

import shared_data

from rencontre.matching.langid import trigrams

OUT = shared_data.REPO_ROOT / "src" / "rencontre" / "matching" / "data" / "langid-trigrams.json"
KEEP = 4000


def profile(texts: list[str]) -> dict[str, object]:
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(trigrams(text))
    total = sum(counts.values()) + len(counts) + 1
    kept = dict(counts.most_common(KEEP))
    return {
        "logprob": {g: round(math.log((c + 1) / total), 3) for g, c in kept.items()},
        "unseen": round(math.log(1 / total), 3),
    }


def main() -> None:
    fra, nld = shared_data.tatoeba()
    fit, _ = shared_data.tatoeba_halves()
    english = [t for texts in shared_data.eu_projects().project_texts.values() for t in [texts]]
    document = {
        "about": "Character-trigram log-probabilities per language, from "
        "benchmarks/matching/train_langid.py (Tatoeba dev half for fr/nl, EU projects for en).",
        "languages": {
            "fr": profile([fra[i] for i in fit]),
            "nl": profile([nld[i] for i in fit]),
            "en": profile(english),
        },
    }
    OUT.write_text(json.dumps(document, ensure_ascii=False, separators=(",", ":")), "utf-8")
    print(f"{OUT.name}: {OUT.stat().st_size / 1e3:.0f} kB")


if __name__ == "__main__":
    main()
