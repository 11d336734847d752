"""Reasons for a recommendation, in the reader's language (fr, nl, en), quoting the evidence."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from rencontre.matching.pair_features import PhraseSet, Population
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


@dataclass(frozen=True)
class PairContext:
    """The reader (i), the recommended organisation (j) and their signals' contributions."""

    population: Population
    reader: int
    other: int
    contributions: Mapping[str, float]
    score: float
    lang: str


def best_phrase_pair(left: PhraseSet, right: PhraseSet, i: int, j: int) -> tuple[str, str] | None:
    """The (left phrase of i, right phrase of j) with the highest cosine, if both have phrases."""
    rows = left.rows_of(i)
    cols = right.rows_of(j)
    if len(rows) == 0 or len(cols) == 0:
        return None
    sims = left.vectors[rows] @ right.vectors[cols].T
    r, c = np.unravel_index(int(np.argmax(sims)), sims.shape)
    return left.texts[rows[r]], right.texts[cols[c]]


def _reason_text(name: str, ctx: PairContext) -> str | None:
    pop, i, j, lang = ctx.population, ctx.reader, ctx.other, ctx.lang
    t = TEMPLATES
    if name in ("need_offer", "offer_need"):
        # need_offer: my need against their offer; offer_need: my offer against their need.
        left, right = (pop.needs, pop.offers) if name == "need_offer" else (pop.offers, pop.needs)
        pair = best_phrase_pair(left, right, i, j)
        if pair is None:
            return None
        need, offer = pair if name == "need_offer" else (pair[1], pair[0])
        return t[name][lang].format(need=shorten(need), offer=shorten(offer))
    if name in ("text", "partner_text"):
        # Quote their text closest to my profile (text) or to my partners' profiles.
        mine = pop.profile_vectors[i] if name == "text" else pop.network_vectors[i]
        cols = pop.text_vectors.rows_of(j)
        if len(cols) == 0 or not mine.any():
            return None
        best = cols[int(np.argmax(pop.text_vectors.vectors[cols] @ mine))]
        return t[name][lang].format(quote=shorten(pop.text_vectors.texts[best]))
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
    if name in ("common_partners", "adamic_adar", "common_share"):
        common = set(pop.graph.neighbours(i).tolist()) & set(pop.graph.neighbours(j).tolist())
        if not common:
            return None
        example = pop.profiles[min(common)]
        return t["common_partners"][lang].format(
            count=len(common), example=example.name or example.id
        )
    if name == "popularity":
        return t[name][lang].format(count=int(pop.graph.degree[j]))
    if name == "activity":
        return t[name][lang].format(count=len(pop.profiles[j].texts))
    if name in ("pagerank", "three_hop"):
        return t["pagerank"][lang]
    if name in ("university", "research_centre"):
        return t[name][lang]
    return None


def explain(ctx: PairContext, *, limit: int = 3) -> tuple[Reason, ...]:
    """The `limit` strongest positive signals as sentences; never empty."""
    if ctx.lang not in LANGUAGES:
        raise ValueError(f"unsupported language {ctx.lang!r} (expected one of {LANGUAGES})")
    reasons: list[Reason] = []
    seen: set[str] = set()
    ranked = sorted(ctx.contributions.items(), key=lambda item: -item[1])
    for name, contribution in ranked:
        if contribution <= NEGLIGIBLE or len(reasons) >= limit:
            continue
        text = _reason_text(name, ctx)
        if text is not None and text not in seen:
            seen.add(text)
            reasons.append(Reason(signal=name, text=text, contribution=float(contribution)))
    if not reasons:
        text = TEMPLATES["fallback"][ctx.lang]
        reasons.append(Reason(signal="fallback", text=text, contribution=ctx.score))
    # A practical warning rather than a reason to meet: it comes last.
    mine, theirs = ctx.population.languages[ctx.reader], ctx.population.languages[ctx.other]
    if mine and theirs and not mine & theirs:
        reasons.append(Reason("interpreter", TEMPLATES["interpreter"][ctx.lang], 0.0))
    return tuple(reasons)
