"""Fit the character-trigram language profiles of `rencontre.matching.langid` on dev data.

French and Dutch: the even (development) lines of Tatoeba fr–nl; English: the EU project texts.
Everyday Tatoeba sentences against technical project texts made technical words look English
("Financement", "Recherche et formation"), so each language also gets the names of the EU
organisations of its countries (France; the Netherlands; the United Kingdom and Ireland), the
only institutional French and Dutch text of the development data. FLORES-200 and the odd
Tatoeba lines, used for evaluation, are not read.

Word frequencies: the VOCABULARY most frequent words of each language and their Zipf
frequencies from the `wordfreq` package's "large" lists (general text: subtitles, Wikipedia,
web, books), written to langid-words.json. Its data is CC BY-SA 4.0, and so is that file.
Fitting it needs `pip install -e '.[langid-train]'`; the detector only reads the JSON.

Then prints the detector's accuracy for several stop-word and word-frequency weights: on the
demo mission's labelled texts (the choice of `langid.STOP_WORD_WEIGHT`) and on the taxonomy
labels in French, Dutch and English (unseen). `--evaluate` skips the fit and only prints.
"""

from __future__ import annotations

import argparse
import csv
import importlib.metadata
import json
import math
from collections import Counter

import shared_data

from rencontre.matching import langid
from rencontre.matching.langid import trigrams

DATA = shared_data.REPO_ROOT / "src" / "rencontre" / "matching" / "data"
OUT = DATA / "langid-trigrams.json"
WORDS_OUT = DATA / "langid-words.json"
KEEP = 4000
# Words kept per language: 30,000 is 0.998 / 0.913 at WORD_WEIGHT 1 (demo texts / taxonomy
# labels), 10,000 0.998 / 0.913, 100,000 0.996 / 0.921 for a file three times the size.
VOCABULARY = 30_000
NAME_COUNTRIES = {"fr": ("FR",), "nl": ("NL",), "en": ("UK", "IE")}
WEIGHTS = (0.0, 4.0, 8.0, 16.0, 24.0, 32.0, 48.0, 64.0)
WORD_WEIGHTS = (0.0, 0.5, 1.0, 2.0, 4.0)


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


def fit_vocabulary() -> None:
    try:
        import wordfreq
    except ImportError:
        raise SystemExit(
            "fitting the word frequencies needs: pip install -e '.[langid-train]'"
        ) from None
    version = importlib.metadata.version("wordfreq")
    languages = {
        lang: {
            word: round(wordfreq.zipf_frequency(word, lang, wordlist="large"), 1)
            for word in wordfreq.top_n_list(lang, VOCABULARY, wordlist="large")
        }
        for lang in langid.LANGUAGES
    }
    document = {
        "about": f"Zipf frequency (log10 of occurrences per billion words) of the {VOCABULARY:,} "
        f"most frequent words of each language, from wordfreq {version} ('large' lists), by "
        "benchmarks/matching/train_langid.py.",
        "licence": "CC BY-SA 4.0 (wordfreq's data; https://creativecommons.org/licenses/by-sa/4.0/)",
        "languages": languages,
    }
    WORDS_OUT.write_text(json.dumps(document, ensure_ascii=False, separators=(",", ":")), "utf-8")
    print(f"{WORDS_OUT.name}: {WORDS_OUT.stat().st_size / 1e3:.0f} kB")


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
    shipped = (langid.STOP_WORD_WEIGHT, langid.WORD_WEIGHT)
    names = " | ".join(f"{k}, {len(v)}" for k, v in sets.items())
    print(f"| stop-word weight | word-frequency weight | {names} |")
    print("|---" * (len(sets) + 2) + "|")
    grid = [(w, shipped[1]) for w in sorted({*WEIGHTS, shipped[0]})]
    grid += [(shipped[0], w) for w in sorted({*WORD_WEIGHTS, shipped[1]}) if w != shipped[1]]
    try:
        for stop_words, words in grid:
            langid.STOP_WORD_WEIGHT, langid.WORD_WEIGHT = stop_words, words
            accuracy = [
                sum(langid.detect_language(t) == lang for t, lang in texts) / len(texts)
                for texts in sets.values()
            ]
            mark = " (shipped)" if (stop_words, words) == shipped else ""
            cells = " | ".join(f"{a:.3f}" for a in accuracy)
            print(f"| {stop_words:g}{mark} | {words:g} | {cells} |")
    finally:
        langid.STOP_WORD_WEIGHT, langid.WORD_WEIGHT = shipped


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--evaluate", action="store_true", help="print accuracies, fit nothing")
    if not parser.parse_args().evaluate:
        fit()
        fit_vocabulary()
        langid._profiles.cache_clear()
        langid._vocabulary.cache_clear()
    evaluate()


if __name__ == "__main__":
    main()
