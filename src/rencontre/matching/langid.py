"""A cheap lexical language detector for French, Dutch and English (others: unknown).

Shipped character-trigram profiles (naive Bayes, fitted by benchmarks/matching/train_langid.py),
shipped word frequencies, and stop words with diacritics are added into one score per language.
The trigrams decide texts without stop words, such as "Chut !", "Sta op." or
"Kathodematerialen"; a stop word outweighs them (STOP_WORD_WEIGHT). Trigram profiles carry the
domain of their training text (English comes from EU project texts, French and Dutch mostly from
everyday Tatoeba sentences), so alone they called "Recherche et formation" English. Word
frequencies of general text (langid-words.json, CC BY-SA 4.0, from wordfreq) tell the language
of short labels made of known words ("Semi-conducteurs", "Grondstoffen"). A wrong guess sends
a text through the wrong language map and misreports the languages an organisation writes.
"""

from __future__ import annotations

import math
import re
from functools import cache

from rencontre.matching.shipped import load_json

LANGUAGES = ("fr", "nl", "en")
LN_10 = math.log(10)

# Below this gap between the two best scores there is no evidence (codes, units, names).
MIN_MARGIN = 2.0
# Weight of one stop word (and of the diacritics and Dutch letter clusters of
# `language_scores`) against trigram log-likelihoods: the smallest with the best accuracy on
# the demo mission's labelled texts (811 titles, descriptions and sentences, written by this
# project), 0.996, before word frequencies were added (with them, 16 to 64 all reach 0.998
# there, so it stays). Unseen check, the taxonomy's 252 French, Dutch and English labels: 0.881
# then, 0.913 with word frequencies, against 0.742 with the former rule (trigrams alone above
# MIN_MARGIN, no organisation names in the profiles). `python benchmarks/matching/
# train_langid.py --evaluate` prints both.
STOP_WORD_WEIGHT = 24.0
# Weight of a word's log frequency in each language (natural log of its frequency per billion
# words, 0 for a word outside the shipped list): 1 adds it at face value, as the naive-Bayes
# log-likelihood of the text's words, and is not tuned. Taxonomy labels 0.881 → 0.913, demo
# texts 0.996 → 0.998; train_langid.py --evaluate prints other weights.
WORD_WEIGHT = 1.0
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_STOP_WORDS: dict[str, frozenset[str]] = {
    "fr": frozenset(
        "le la les un une des du de et est sont dans pour par sur avec que qui ne pas il elle nous "
        "vous ils je tu au aux ce cette ces son sa ses leur plus mais ou très été être avoir a "
        "fait on y en se mon ma mes votre notre où".split()
    ),
    "nl": frozenset(
        "de het een en is zijn in voor met op van dat die niet ik je jij hij zij we wij jullie "
        "ze er naar aan om ook maar als bij nog wel te tot dan dit deze hoe wat waar heb heeft "
        "was waren wordt worden mijn uw ons onze geen".split()
    ),
    "en": frozenset(
        "the a an and is are in for with on of that which not i you he she we they it to at by "
        "this these those but or as be been was were have has had do does did from will would "
        "my your our their no".split()
    ),
}
# Stop words of neighbouring languages that none of the three writes: a text made of them is
# in another language, not the nearest of the three ("Hersteller von Nutzfahrzeugen mit
# Elektroantrieb" scored Dutch, and an organisation was said to share Dutch).
_OTHER_STOP_WORDS = frozenset(
    # German
    "der das und von mit für ist nicht ein eine einer zu im auf dem sich auch wird sind bei "
    "aus nach über oder wir ihre unsere"
    # Spanish, Italian, Portuguese (not "il", "es", "y": French writes them)
    " el los las del para una por como más della delle degli gli nel alla sono não uma".split()
)
# Letters that only one of the three languages writes often.
_MARKS = {"fr": "éèêàçùâîôûœ", "nl": "ĳ", "en": ""}
_DUTCH_CLUSTERS = ("ij", "oe", "aa", "uu", "sch")


def language_scores(text: str) -> dict[str, float]:
    """Evidence for each language; higher is more likely."""
    return _word_scores([w.lower() for w in _WORD.findall(text)])


def _word_scores(words: list[str]) -> dict[str, float]:
    scores = {lang: 0.0 for lang in LANGUAGES}
    for word in words:
        for lang in LANGUAGES:
            if word in _STOP_WORDS[lang]:
                scores[lang] += 1.0
        if any(c in _MARKS["fr"] for c in word):
            scores["fr"] += 0.5
        if any(cluster in word for cluster in _DUTCH_CLUSTERS):
            scores["nl"] += 0.3
    return scores


def trigrams(text: str) -> list[str]:
    """Character trigrams of each lower-cased word, padded with spaces."""
    grams: list[str] = []
    for word in _WORD.findall(text.lower()):
        padded = f" {word} "
        grams.extend(padded[i : i + 3] for i in range(len(padded) - 2))
    return grams


@cache
def _profiles() -> dict[str, tuple[dict[str, float], float]]:
    languages = load_json("langid-trigrams.json").get("languages", {})
    return {
        lang: (dict(entry["logprob"]), float(entry["unseen"]))
        for lang, entry in languages.items()
        if lang in LANGUAGES
    }


def trigram_log_likelihood(text: str) -> dict[str, float]:
    """Naive-Bayes log-likelihood of the text's trigrams under each shipped profile."""
    grams = trigrams(text)
    return {
        lang: sum(logprob.get(g, unseen) for g in grams)
        for lang, (logprob, unseen) in _profiles().items()
    }


@cache
def _vocabulary() -> dict[str, dict[str, float]]:
    languages = load_json("langid-words.json").get("languages", {})
    return {lang: dict(words) for lang, words in languages.items() if lang in LANGUAGES}


def word_log_frequencies(words: list[str]) -> dict[str, float]:
    """Sum over the (lower-cased) words of each one's natural log frequency per billion words
    in each language; a word outside a language's shipped list adds nothing there."""
    vocabulary = _vocabulary()
    return {
        lang: LN_10 * sum(vocabulary.get(lang, {}).get(word, 0.0) for word in words)
        for lang in LANGUAGES
    }


def detect_language(text: str, *, default: str = "en") -> str:
    """Return "fr", "nl" or "en"; `default` when the text gives no evidence or its stop words
    are those of another language (German, Spanish, Italian, Portuguese)."""
    tokens = [w.lower() for w in _WORD.findall(text)]
    own = max(sum(w in _STOP_WORDS[lang] for w in tokens) for lang in LANGUAGES)
    if sum(w in _OTHER_STOP_WORDS for w in tokens) > own:
        return default
    likelihood = trigram_log_likelihood(text)
    words = _word_scores(tokens)
    frequencies = word_log_frequencies(tokens)
    score = {
        lang: likelihood.get(lang, 0.0)
        + STOP_WORD_WEIGHT * words[lang]
        + WORD_WEIGHT * frequencies[lang]
        for lang in LANGUAGES
    }
    first, second = sorted(score.values(), reverse=True)[:2]
    return max(LANGUAGES, key=lambda lang: score[lang]) if first - second >= MIN_MARGIN else default
