"""A cheap lexical language detector for French, Dutch and English (stop words and diacritics)."""

from __future__ import annotations

import re

LANGUAGES = ("fr", "nl", "en")

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
# Letters that only one of the three languages writes often.
_MARKS = {"fr": "éèêàçùâîôûœ", "nl": "ĳ", "en": ""}
_DUTCH_CLUSTERS = ("ij", "oe", "aa", "uu", "sch")


def language_scores(text: str) -> dict[str, float]:
    """Evidence for each language; higher is more likely."""
    words = [w.lower() for w in _WORD.findall(text)]
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


def detect_language(text: str, *, default: str = "en") -> str:
    """Return "fr", "nl" or "en"; `default` when the text gives no evidence."""
    scores = language_scores(text)
    best = max(LANGUAGES, key=lambda lang: scores[lang])
    return best if scores[best] > 0 else default
