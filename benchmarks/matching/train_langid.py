"""Fit the character-trigram language profiles of `rencontre.matching.langid` on dev data.

French and Dutch: the even (development) lines of Tatoeba fr–nl; English: the EU project texts.
Everyday Tatoeba sentences against technical project texts made technical words look English
("Financement", "Recherche et formation"), so each language also gets the names of the EU
organisations of its countries (France; the Netherlands; the United Kingdom and Ireland), the
only institutional French and Dutch text of the development data. FLORES-200 and the odd
Tatoeba lines, used for evaluation, are not read.

Then prints the detector's accuracy for several stop-word weights: on the demo mission's
labelled texts (the choice of `langid.STOP_WORD_WEIGHT`) and on the taxonomy labels in French,
Dutch and English (unseen). `--evaluate` skips the fit and only prints.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
from collections import Counter

import shared_data

from rencontre.matching import langid
from rencontre.matching.langid import trigrams

OUT = shared_data.REPO_ROOT / "src" / "rencontre" / "matching" / "data" / "langid-trigrams.json"
KEEP = 4000
NAME_COUNTRIES = {"fr": ("FR",), "nl": ("NL",), "en": ("UK", "IE")}
WEIGHTS = (0.0, 4.0, 8.0, 16.0, 24.0, 32.0, 48.0, 64.0)


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


def organisation_names() -> dict[str, list[str]]:
    """Distinct EU organisation names per language, by the organisation's country."""
    path = shared_data.DATA / "cordis-cleantech" / "cleantech_participations_resolved.tsv"
    found: dict[str, set[str]] = {lang: set() for lang in NAME_COUNTRIES}
    with path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            for lang, countries in NAME_COUNTRIES.items():
                if row["country"] in countries and row["name"]:
                    found[lang].add(row["name"].lower())
    return {lang: sorted(names) for lang, names in found.items()}


def fit() -> None:
    fra, nld = shared_data.tatoeba()
    even, _ = shared_data.tatoeba_halves()
    english = list(shared_data.eu_projects().project_texts.values())
    names = organisation_names()
    document = {
        "about": "Character-trigram log-probabilities per language, from "
        "benchmarks/matching/train_langid.py (Tatoeba dev half for fr/nl, EU projects for en, "
        "EU organisation names of each language's countries).",
        "languages": {
            "fr": profile([fra[i] for i in even] + names["fr"]),
            "nl": profile([nld[i] for i in even] + names["nl"]),
            "en": profile(english + names["en"]),
        },
    }
    OUT.write_text(json.dumps(document, ensure_ascii=False, separators=(",", ":")), "utf-8")
    print(f"{OUT.name}: {OUT.stat().st_size / 1e3:.0f} kB")


def demo_texts() -> list[tuple[str, str]]:
    """(text, language) of the demo mission: opportunity titles and descriptions, and the
    organisations' descriptions sentence by sentence."""
    from rencontre.demo.loader import load_demo

    demo = load_demo()
    texts = [(o.title, o.language.value) for o in demo.opportunities]
    texts += [(o.description, o.language.value) for o in demo.opportunities]
    for organisation in demo.organisations:
        for description in organisation.descriptions:
            language = description.language.value
            texts += [(sentence, language) for sentence in shared_data.sentences(description.text)]
    return texts


def taxonomy_texts() -> list[tuple[str, str]]:
    from rencontre.core.taxonomy import load_taxonomy

    taxonomy = load_taxonomy()
    items = [*taxonomy.segments, *taxonomy.groups]
    return [(item.label(lang), lang) for item in items for lang in ("fr", "nl", "en")]


def evaluate() -> None:
    sets = {"demo texts (choice)": demo_texts(), "taxonomy labels (unseen)": taxonomy_texts()}
    shipped = langid.STOP_WORD_WEIGHT
    print("| stop-word weight | " + " | ".join(f"{k}, {len(v)}" for k, v in sets.items()) + " |")
    print("|---" * (len(sets) + 1) + "|")
    try:
        for weight in sorted({*WEIGHTS, shipped}):
            langid.STOP_WORD_WEIGHT = weight
            accuracy = [
                sum(langid.detect_language(t) == lang for t, lang in texts) / len(texts)
                for texts in sets.values()
            ]
            mark = " (shipped)" if weight == shipped else ""
            print(f"| {weight:g}{mark} | " + " | ".join(f"{a:.3f}" for a in accuracy) + " |")
    finally:
        langid.STOP_WORD_WEIGHT = shipped


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--evaluate", action="store_true", help="print accuracies, fit nothing")
    if not parser.parse_args().evaluate:
        fit()
        langid._profiles.cache_clear()
    evaluate()


if __name__ == "__main__":
    main()
