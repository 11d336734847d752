"""Reasons for a recommendation, in the reader's language (fr, nl, en), quoting the evidence.

Reasons are written for a whole block of recommendations at once (`Explainer.explain_block`):
the quoted phrases are chosen by array operations over all pairs, and sentences that depend on
one organisation only (its country, its partnership count, a segment pair) are formatted once
and reused. `explain` is the same code for a single pair.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import cast

import numpy as np
import numpy.typing as npt

from rencontre.matching.evidence import best_phrase_pairs, best_quotes, common_partners
from rencontre.matching.pair_features import Population
from rencontre.matching.profiles import Reason

LANGUAGES = ("en", "fr", "nl")

TEMPLATES: dict[str, dict[str, str]] = {
    "need_offer": {
        "en": "Offers “{offer}”, which answers your need “{need}”",
        "fr": "Propose « {offer} », qui répond à votre besoin « {need} »",
        "nl": "Biedt „{offer}”, wat past bij uw behoefte „{need}”",
    },
    "offer_need": {
        "en": "Needs “{need}”, which matches your offer “{offer}”",
        "fr": "Recherche « {need} », ce qui correspond à votre offre « {offer} »",
        "nl": "Zoekt „{need}”, wat past bij uw aanbod „{offer}”",
    },
    "text": {
        "en": "Similar activity: “{quote}”",
        "fr": "Activité proche : « {quote} »",
        "nl": "Verwante activiteit: „{quote}”",
    },
    "partner_text": {
        "en": "Works on what your partners do: “{quote}”",
        "fr": "Travaille sur les sujets de vos partenaires : « {quote} »",
        "nl": "Werkt aan wat uw partners doen: „{quote}”",
    },
    "value_chain_supplies": {
        "en": "Value chain: your segment {mine} supplies their segment {theirs}",
        "fr": "Chaîne de valeur : votre segment {mine} fournit leur segment {theirs}",
        "nl": "Waardeketen: uw segment {mine} levert aan hun segment {theirs}",
    },
    "value_chain_buys": {
        "en": "Value chain: their segment {theirs} supplies your segment {mine}",
        "fr": "Chaîne de valeur : leur segment {theirs} fournit votre segment {mine}",
        "nl": "Waardeketen: hun segment {theirs} levert aan uw segment {mine}",
    },
    "cross_border": {
        "en": "Cross-border partner based in {country}",
        "fr": "Partenaire transfrontalier basé en {country}",
        "nl": "Grensoverschrijdende partner gevestigd in {country}",
    },
    "shared_language": {
        "en": "You share a working language: {languages}",
        "fr": "Vous partagez une langue de travail : {languages}",
        "nl": "U deelt een werktaal: {languages}",
    },
    "interpreter": {
        "en": "No shared language: an interpreter will be needed",
        "fr": "Aucune langue commune : un interprète sera nécessaire",
        "nl": "Geen gemeenschappelijke taal: een tolk is nodig",
    },
    "common_partners": {
        "en": "{count} partner(s) in common, e.g. {example}",
        "fr": "{count} partenaire(s) en commun, par ex. {example}",
        "nl": "{count} gemeenschappelijke partner(s), bijv. {example}",
    },
    "pagerank": {
        "en": "Close in your partnership network",
        "fr": "Proche dans votre réseau de partenaires",
        "nl": "Dichtbij in uw partnernetwerk",
    },
    "university": {
        "en": "University: often joins new consortia",
        "fr": "Université : rejoint souvent de nouveaux consortiums",
        "nl": "Universiteit: sluit zich vaak aan bij nieuwe consortia",
    },
    "research_centre": {
        "en": "Research centre: often joins new consortia",
        "fr": "Centre de recherche : rejoint souvent de nouveaux consortiums",
        "nl": "Onderzoekscentrum: sluit zich vaak aan bij nieuwe consortia",
    },
    "popularity": {
        "en": "Experienced partner: {count} known partnerships",
        "fr": "Partenaire expérimenté : {count} partenariats connus",
        "nl": "Ervaren partner: {count} bekende samenwerkingen",
    },
    "activity": {
        "en": "Active organisation: {count} known projects or activities",
        "fr": "Organisation active : {count} projets ou activités connus",
        "nl": "Actieve organisatie: {count} bekende projecten of activiteiten",
    },
    "fallback": {
        "en": "Ranked on the whole profile: no single signal stands out",
        "fr": "Classé sur l'ensemble du profil : aucun signal ne se détache",
        "nl": "Gerangschikt op het hele profiel: geen enkel signaal springt eruit",
    },
}

LANGUAGE_NAMES: dict[str, dict[str, str]] = {
    "en": {"en": "English", "fr": "French", "nl": "Dutch"},
    "fr": {"en": "anglais", "fr": "français", "nl": "néerlandais"},
    "nl": {"en": "Engels", "fr": "Frans", "nl": "Nederlands"},
}
QUOTE_CHARS = 90
# A contribution this close to the typical candidate's is rounding, not a reason: signals equal
# for every candidate would otherwise be cited or not depending on float summation order.
NEGLIGIBLE = 1e-4


def shorten(text: str, limit: int = QUOTE_CHARS) -> str:
    """First sentence of `text`, cut at a word boundary."""
    first = text.strip().split(". ")[0].strip()
    if len(first) <= limit:
        return first
    return first[:limit].rsplit(" ", 1)[0] + "…"


Index = npt.NDArray[np.int64]
Values = npt.NDArray[np.floating]
# Signals whose sentence quotes evidence found for all pairs at once (see `evidence`).
PHRASE_SIGNALS = ("need_offer", "offer_need", "text", "partner_text")
COMMON_SIGNALS = ("common_partners", "adamic_adar", "common_share")


@dataclass(frozen=True)
class PairContext:
    """The reader (i), the recommended organisation (j) and their signals' contributions."""

    population: Population
    reader: int
    other: int
    contributions: Mapping[str, float]
    score: float
    lang: str


class Explainer:
    """Writes reasons for one population in one language, remembering repeated sentences."""

    def __init__(self, population: Population, lang: str) -> None:
        if lang not in LANGUAGES:
            raise ValueError(f"unsupported language {lang!r} (expected one of {LANGUAGES})")
        self.population = population
        self.lang = lang
        self._sentences: dict[tuple[object, ...], str | None] = {}
        self._shortened: dict[str, str] = {}
        # graph.degree is computed on each access: once here, not once a sentence.
        self._degree = population.graph.degree.tolist()

    def explain_block(
        self,
        readers: Index,
        others: Index,
        contributions: Values,
        names: Sequence[str],
        scores: Values,
        *,
        limit: int = 3,
    ) -> list[list[tuple[Reason, ...]]]:
        """Reasons of every pair (readers[r], others[r, t]); pairs with others < 0 are skipped.

        `contributions` (readers × others × names) are each signal's contribution relative to
        the typical candidate: the `limit` strongest positive ones become sentences.
        """
        order = np.argsort(-contributions, axis=2, kind="stable").tolist()
        strong = np.asarray(contributions, dtype=np.float64) > NEGLIGIBLE
        evidence = self._evidence(readers, others, strong, names)
        values = np.asarray(contributions, dtype=np.float64).tolist()
        masks = self.population.candidates.language_masks
        out: list[list[tuple[Reason, ...]]] = []
        for r, (i, row) in enumerate(zip(readers.tolist(), others.tolist(), strict=True)):
            explained: list[tuple[Reason, ...]] = []
            for t, j in enumerate(row):
                if j < 0:
                    continue
                reasons: list[Reason] = []
                seen: set[str] = set()
                for s in order[r][t]:
                    contribution = values[r][t][s]
                    # Sorted strongest first: past the limit or the negligible, nothing is cited.
                    if contribution <= NEGLIGIBLE or len(reasons) >= limit:
                        break
                    name = names[s]
                    picks = tuple(e[r][t] for e in evidence[name]) if name in evidence else ()
                    text = self._sentence(name, i, j, picks)
                    if text is not None and text not in seen:
                        seen.add(text)
                        reasons.append(Reason(signal=name, text=text, contribution=contribution))
                if not reasons:
                    text = TEMPLATES["fallback"][self.lang]
                    reasons.append(Reason("fallback", text, float(scores[r, t])))
                # A practical warning rather than a reason to meet: it comes last.
                mine, theirs = int(masks[i]), int(masks[j])
                if mine and theirs and not mine & theirs:
                    reasons.append(Reason("interpreter", TEMPLATES["interpreter"][self.lang], 0.0))
                explained.append(tuple(reasons))
            out.append(explained)
        return out

    def _evidence(
        self, readers: Index, others: Index, strong: npt.NDArray[np.bool_], names: Sequence[str]
    ) -> dict[str, list[list[list[int]]]]:
        """Phrase indices each phrase signal would quote, for the pairs where it may be cited."""
        pop = self.population
        reader_of = np.broadcast_to(readers[:, None], others.shape)
        found: dict[str, list[list[list[int]]]] = {}
        for s, name in enumerate(names):
            if name not in PHRASE_SIGNALS + COMMON_SIGNALS:
                continue
            wanted = strong[:, :, s] & (others >= 0)
            i, j = reader_of[wanted], others[wanted]
            picks: tuple[Index, ...]
            if name in COMMON_SIGNALS:
                picks = common_partners(pop.graph, i, j)
            elif name in ("need_offer", "offer_need"):
                # need_offer: my need against their offer; offer_need: my offer against their need.
                left, right = (
                    (pop.needs, pop.offers) if name == "need_offer" else (pop.offers, pop.needs)
                )
                picks = best_phrase_pairs(left, right, i, j)
            else:
                # Their text closest to my profile (text) or to my partners' profiles.
                mine = pop.profile_vectors if name == "text" else pop.network_vectors
                picks = (best_quotes(mine[i], pop.text_vectors, j),)
            found[name] = []
            for pick in picks:
                full = np.full(others.shape, -1, dtype=np.int64)
                full[wanted] = pick
                found[name].append(cast(list[list[int]], full.tolist()))
        return found

    def _short(self, text: str) -> str:
        short = self._shortened.get(text)
        if short is None:
            short = self._shortened[text] = shorten(text)
        return short

    def _sentence(self, name: str, i: int, j: int, picks: tuple[int, ...]) -> str | None:
        pop, lang, t = self.population, self.lang, TEMPLATES
        if name in ("need_offer", "offer_need"):
            left, right = (
                (pop.needs, pop.offers) if name == "need_offer" else (pop.offers, pop.needs)
            )
            if picks[0] < 0:
                return None
            need, offer = left.texts[picks[0]], right.texts[picks[1]]
            if name == "offer_need":
                need, offer = offer, need
            return t[name][lang].format(need=self._short(need), offer=self._short(offer))
        if name in ("text", "partner_text"):
            if picks[0] < 0:
                return None
            return t[name][lang].format(quote=self._short(pop.text_vectors.texts[picks[0]]))
        if name in COMMON_SIGNALS:
            return self._common_partners(*picks)
        key = self._key(name, i, j)
        if key not in self._sentences:
            self._sentences[key] = self._reused_sentence(name, i, j)
        return self._sentences[key]

    def _key(self, name: str, i: int, j: int) -> tuple[object, ...]:
        """What the sentence of `name` depends on: equal keys, equal sentences."""
        pop = self.population
        profile = pop.profiles[j]
        if name == "value_chain":
            return (name, pop.profiles[i].segments, profile.segments)
        if name == "cross_border":
            return (name, profile.country)
        if name == "shared_language":
            return (name, pop.languages[i], pop.languages[j])
        if name == "popularity":
            return (name, self._degree[j])
        if name == "activity":
            return (name, len(profile.texts))
        return (name,)

    def _reused_sentence(self, name: str, i: int, j: int) -> str | None:
        pop, lang, t = self.population, self.lang, TEMPLATES
        if name == "value_chain":
            links = pop.value_chain.links(pop.profiles[i].segments, pop.profiles[j].segments)
            if not links:
                return None
            mine, theirs, direction = links[0]
            return t[f"value_chain_{direction}"][lang].format(
                mine=pop.value_chain.label(mine, lang), theirs=pop.value_chain.label(theirs, lang)
            )
        if name == "cross_border":
            return t[name][lang].format(country=pop.profiles[j].country.upper())
        if name == "shared_language":
            shared = sorted(pop.languages[i] & pop.languages[j])
            if not shared:
                return None
            names = LANGUAGE_NAMES[lang]
            return t[name][lang].format(languages=", ".join(names.get(s, s) for s in shared))
        if name == "popularity":
            return t[name][lang].format(count=self._degree[j])
        if name == "activity":
            return t[name][lang].format(count=len(pop.profiles[j].texts))
        if name in ("pagerank", "three_hop"):
            return t["pagerank"][lang]
        if name in ("university", "research_centre"):
            return t[name][lang]
        return None

    def _common_partners(self, count: int, smallest: int) -> str | None:
        if count == 0:
            return None
        key = ("common_partners", count, smallest)
        if key not in self._sentences:
            example = self.population.profiles[smallest]
            self._sentences[key] = TEMPLATES["common_partners"][self.lang].format(
                count=count, example=example.name or example.id
            )
        return self._sentences[key]


def explain(ctx: PairContext, *, limit: int = 3) -> tuple[Reason, ...]:
    """The `limit` strongest positive signals as sentences; never empty."""
    names = list(ctx.contributions)
    values = np.array(list(ctx.contributions.values()), dtype=np.float64).reshape(1, 1, len(names))
    return Explainer(ctx.population, ctx.lang).explain_block(
        np.array([ctx.reader], dtype=np.int64),
        np.array([[ctx.other]], dtype=np.int64),
        values,
        names,
        np.array([[ctx.score]]),
        limit=limit,
    )[0][0]
