"""Reasons for a recommendation, in the reader's language (fr, nl, en), quoting the evidence.

Reasons are written for a whole block of recommendations at once (`Explainer.explain_block`):
the quoted phrases are chosen by array operations over all pairs, and sentences that depend on
one organisation only (its country, its partnership count, a segment pair) are formatted once
and reused. `explain` is the same code for a single pair.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from rencontre.core.countries import coming_from
from rencontre.matching.evidence import (
    MATCH_MARGIN,
    MatchMargins,
    best_phrase_pairs,
    best_quotes,
    common_partners,
)
from rencontre.matching.pair_features import Population
from rencontre.matching.profiles import PackedReason, Reason

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
        "fr": "Chaîne de valeur : votre segment {mine} fournit son segment {theirs}",
        "nl": "Waardeketen: uw segment {mine} levert aan zijn segment {theirs}",
    },
    "value_chain_buys": {
        "en": "Value chain: their segment {theirs} supplies your segment {mine}",
        "fr": "Chaîne de valeur : son segment {theirs} fournit votre segment {mine}",
        "nl": "Waardeketen: zijn segment {theirs} levert aan uw segment {mine}",
    },
    "cross_border": {
        "en": "Cross-border partner {where}",
        "fr": "Partenaire transfrontalier {where}",
        "nl": "Grensoverschrijdende partner {where}",
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
        "en": "{count} partners in common, e.g. {example}",
        "fr": "{count} partenaires en commun, par ex. {example}",
        "nl": "{count} gemeenschappelijke partners, bijv. {example}",
    },
    "common_partners_one": {
        "en": "1 partner in common: {example}",
        "fr": "1 partenaire en commun : {example}",
        "nl": "1 gemeenschappelijke partner: {example}",
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
    "popularity_one": {
        "en": "Experienced partner: 1 known partnership",
        "fr": "Partenaire expérimenté : 1 partenariat connu",
        "nl": "Ervaren partner: 1 bekende samenwerking",
    },
    "activity": {
        "en": "Active organisation: {count} known projects or activities",
        "fr": "Organisation active : {count} projets ou activités connus",
        "nl": "Actieve organisatie: {count} bekende projecten of activiteiten",
    },
    "activity_one": {
        "en": "Active organisation: 1 known project or activity",
        "fr": "Organisation active : 1 projet ou activité connu",
        "nl": "Actieve organisatie: 1 bekend project of activiteit",
    },
    "fallback": {
        "en": "Ranked on the whole profile: no single signal stands out",
        "fr": "Classé sur l'ensemble du profil : aucun signal ne se détache",
        "nl": "Gerangschikt op het hele profiel: geen enkel signaal springt eruit",
    },
}

# Languages a shared-language reason names; other ISO 639-1 codes are written as codes.
LANGUAGE_NAMES: dict[str, dict[str, str]] = {
    "en": {
        "en": "English",
        "fr": "French",
        "nl": "Dutch",
        "de": "German",
        "es": "Spanish",
        "it": "Italian",
        "pt": "Portuguese",
        "pl": "Polish",
    },
    "fr": {
        "en": "anglais",
        "fr": "français",
        "nl": "néerlandais",
        "de": "allemand",
        "es": "espagnol",
        "it": "italien",
        "pt": "portugais",
        "pl": "polonais",
    },
    "nl": {
        "en": "Engels",
        "fr": "Frans",
        "nl": "Nederlands",
        "de": "Duits",
        "es": "Spaans",
        "it": "Italiaans",
        "pt": "Portugees",
        "pl": "Pools",
    },
}
QUOTE_CHARS = 90
# The signal name of the "no shared language" warning, which is not a reason to meet.
INTERPRETER = "interpreter"
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


def needs_interpreter(mine: Index, theirs: Index) -> npt.NDArray[np.bool_]:
    """Where both sides speak known languages (`language_bitmasks`) and share none.

    A side with no known language gets no warning: nothing says an interpreter is needed.
    """
    result: npt.NDArray[np.bool_] = (mine != 0) & (theirs != 0) & ((mine & theirs) == 0)
    return result


Values = npt.NDArray[np.floating]
# Signals whose sentence quotes evidence found for many pairs at once (see `evidence`).
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


# Ranks of each pair's signals whose sentences are written in one pass over the block: enough
# for `limit` reasons once duplicates (three signals cite the same common partners) drop out.
# Pairs that need deeper ranks continue one by one.
EXTRA_RANKS = 3


class Explainer:
    """Writes reasons for one population in one language, remembering repeated sentences."""

    def __init__(self, population: Population, lang: str) -> None:
        if lang not in LANGUAGES:
            raise ValueError(f"unsupported language {lang!r} (expected one of {LANGUAGES})")
        self.population = population
        self.lang = lang
        self._sentences: dict[tuple[object, ...], str | None] = {}
        self._shortened: dict[str, str] = {}
        self._translated: dict[int, int] = {}  # quoted text → the same in the reader's language
        self._margins = MatchMargins(population.needs.vectors, population.offers.vectors)
        # "Similar activity" and "works on what your partners do" are said only of profiles
        # that stand out as alike, by the same margin as a need and an offer: within one
        # sector every profile is close to every other by raw cosine.
        self._profile_margins = {
            "text": MatchMargins(population.profile_vectors, population.profile_vectors),
            "partner_text": MatchMargins(population.network_vectors, population.profile_vectors),
        }
        # Every sentence written so far, numbered in order of first appearance.
        self._sentence_ids: dict[str, int] = {}
        self._sentence_texts: list[str] = []
        profiles = population.profiles
        # What the other sentences depend on, as small integers: equal keys, equal sentences.
        self._keys: dict[str, Index] = {
            "segments": _ids([p.segments for p in profiles]),
            "languages": _ids(population.written_languages),
            "country": _ids([p.country for p in profiles]),
            "degree": population.graph.degree.astype(np.int64),
            "activity": population.candidates.activity_count,
        }
        # Distinct segment sets and language sets: the base of keys over both sides of a pair.
        self._key_base = {
            name: int(self._keys[name].max(initial=0)) + 1 for name in ("segments", "languages")
        }

    def explain_block(
        self,
        readers: Index,
        others: Index,
        contributions: Values,
        names: Sequence[str],
        scores: Values,
        *,
        limit: int = 3,
    ) -> list[list[tuple[PackedReason, ...]]]:
        """Reasons of every pair (readers[r], others[r, t]); pairs with others < 0 are skipped.

        `contributions` (readers × others × names) are each signal's contribution relative to
        the typical candidate: the `limit` strongest positive ones become sentences (a signal
        whose sentence is empty or repeats an earlier one gives way to the next). Reasons come
        as plain (signal, text, contribution) tuples, as `Recommendations` keeps them.
        """
        values = np.asarray(contributions, dtype=np.float64)
        width = min(values.shape[2], limit + EXTRA_RANKS)
        order = np.argsort(-values, axis=2, kind="stable")
        ranked = np.take_along_axis(values, order, 2)
        head = order[:, :, :width]
        # Sorted strongest first: past the negligible nothing is cited, so `cited` is a prefix.
        cited = (ranked[:, :, :width] > NEGLIGIBLE) & (others >= 0)[:, :, None]
        # Sentences as ids (-1: the signal has nothing to say), so that the choice is array work.
        said = np.full(head.shape, -1, dtype=np.int64)
        common = [s for s, name in enumerate(names) if name in COMMON_SIGNALS]
        for s, name in enumerate(names):
            if s not in common:
                self._fill(said, cited & (head == s), name, readers, others)
        # The common-partner signals share one sentence: found once for a pair citing several.
        self._fill(said, cited & np.isin(head, common), "common_partners", readers, others)
        # A sentence repeating one of a stronger signal gives way to the next signal.
        repeated = np.zeros(head.shape, dtype=np.bool_)
        for k in range(1, width):
            repeated[:, :, k] = (said[:, :, :k] == said[:, :, k : k + 1]).any(axis=2)
        usable = cited & (said >= 0) & ~repeated
        chosen = usable & (np.cumsum(usable, axis=2) <= limit)
        count = chosen.sum(axis=2)
        # Rarely the first ranks hold fewer than `limit` sentences: the walk goes on one by one.
        deeper = (count < limit) & (others >= 0)
        if width < values.shape[2]:
            deeper &= ranked[:, :, width] > NEGLIGIBLE
        else:
            deeper[:] = False
        signal_names = np.array(list(names), dtype=object)
        flat: list[PackedReason] = list(
            zip(
                signal_names[head[chosen]].tolist(),
                [self._sentence_texts[k] for k in said[chosen].tolist()],
                ranked[:, :, :width][chosen].tolist(),
                strict=True,
            )
        )
        ends = np.cumsum(count.ravel()).reshape(count.shape).tolist()
        masks = self.population.candidates.language_masks
        mine, theirs = masks[readers][:, None], masks[np.maximum(others, 0)]
        interpreter = needs_interpreter(mine, theirs).tolist()
        # The same tuple for every pair that needs it.
        warning = (INTERPRETER, TEMPLATES[INTERPRETER][self.lang], 0.0)
        fallback = TEMPLATES["fallback"][self.lang]
        out: list[list[tuple[PackedReason, ...]]] = []
        start = 0
        for r, row in enumerate(others.tolist()):
            explained: list[tuple[PackedReason, ...]] = []
            for t, j in enumerate(row):
                end = ends[r][t]
                if j < 0:
                    continue
                reasons = flat[start:end]
                start = end
                if deeper[r, t]:
                    seen = {text for _, text, _ in reasons}
                    i = int(readers[r])
                    self._deeper(
                        reasons, seen, i, j, order[r, t], ranked[r, t], names, width, limit
                    )
                if not reasons:
                    reasons.append(("fallback", fallback, float(scores[r, t])))
                # A practical warning rather than a reason to meet: it comes last.
                if interpreter[r][t]:
                    reasons.append(warning)
                explained.append(tuple(reasons))
            out.append(explained)
        return out

    def _fill(
        self,
        said: Index,
        where: npt.NDArray[np.bool_],
        name: str,
        readers: Index,
        others: Index,
    ) -> None:
        """Write the sentence ids of signal `name` into `said` where `where` holds, once a pair."""
        pair_r, pair_t, rank = np.nonzero(where)
        if len(pair_r) == 0:
            return
        _, first, inverse = np.unique(
            pair_r * others.shape[1] + pair_t, return_index=True, return_inverse=True
        )
        found = self._texts(name, readers[pair_r[first]], others[pair_r[first], pair_t[first]])
        known = [-1 if text is None else self._sentence_id(text) for text in found]
        said[pair_r, pair_t, rank] = np.array(known, dtype=np.int64)[inverse]

    def _sentence_id(self, text: str) -> int:
        number = self._sentence_ids.get(text)
        if number is None:
            number = self._sentence_ids[text] = len(self._sentence_texts)
            self._sentence_texts.append(text)
        return number

    def _deeper(
        self,
        reasons: list[PackedReason],
        seen: set[str],
        i: int,
        j: int,
        order: Index,
        ranked: npt.NDArray[np.float64],
        names: Sequence[str],
        start: int,
        limit: int,
    ) -> None:
        """The same walk down the ranks as `explain_block`, for one pair, past its first ranks."""
        for k in range(start, len(order)):
            contribution = float(ranked[k])
            if contribution <= NEGLIGIBLE or len(reasons) >= limit:
                return
            name = names[int(order[k])]
            text = self._texts(name, np.array([i]), np.array([j]))[0]
            if text is not None and text not in seen:
                seen.add(text)
                reasons.append((name, text, contribution))

    def _texts(self, name: str, readers: Index, others: Index) -> list[str | None]:
        """The sentence of signal `name` for each pair (None where it has nothing to say)."""
        pop, template = self.population, TEMPLATES.get(name, {}).get(self.lang, "")
        if name in ("need_offer", "offer_need"):
            # need_offer: my need against their offer; offer_need: my offer against their need.
            left, right = (
                (pop.needs, pop.offers) if name == "need_offer" else (pop.offers, pop.needs)
            )
            mine, theirs = best_phrase_pairs(left, right, readers, others)
            # Only a pair that stands out among all needs and offers is said to match.
            needs, offers = (mine, theirs) if name == "need_offer" else (theirs, mine)
            matching = self._margins.margins(needs, offers) >= MATCH_MARGIN
            out: list[str | None] = []
            for a, b, match in zip(mine.tolist(), theirs.tolist(), matching.tolist(), strict=True):
                if a < 0 or not match:
                    out.append(None)
                    continue
                mine_text, their_text = self._short(left.texts[a]), self._short(right.texts[b])
                if name == "need_offer":
                    out.append(template.format(need=mine_text, offer=their_text))
                else:
                    out.append(template.format(need=their_text, offer=mine_text))
            return out
        if name in ("text", "partner_text"):
            # Their text closest to my profile (text) or to my partners' profiles.
            vectors = pop.profile_vectors if name == "text" else pop.network_vectors
            quotes = best_quotes(vectors[readers], pop.text_vectors, others)
            alike = self._profile_margins[name].margins(readers, others) >= MATCH_MARGIN
            return [
                None
                if q < 0 or not close
                else template.format(
                    quote=self._short(pop.text_vectors.texts[self._in_reader_language(q)])
                )
                for q, close in zip(quotes.tolist(), alike.tolist(), strict=True)
            ]
        if name in COMMON_SIGNALS:
            count, smallest = common_partners(pop.graph, readers, others)
            return [
                self._common_partners(c, e)
                for c, e in zip(count.tolist(), smallest.tolist(), strict=True)
            ]
        # The rest depends on a key of one side or of both: one sentence per distinct key.
        keys = self._pair_keys(name, readers, others)
        distinct, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
        sentences: list[str | None] = []
        for key, at in zip(distinct.tolist(), first.tolist(), strict=True):
            memo = (name, key)
            if memo not in self._sentences:
                self._sentences[memo] = self._reused_sentence(
                    name, int(readers[at]), int(others[at])
                )
            sentences.append(self._sentences[memo])
        return [sentences[k] for k in inverse.tolist()]

    def _in_reader_language(self, quote: int) -> int:
        """The organisation's description in the reader's language closest to `quote` (its
        translation, when it wrote one), else `quote`: the best match by meaning may be in
        another language than the sentence around it."""
        phrases = self.population.text_vectors
        if not phrases.languages or phrases.languages[quote] in ("", self.lang):
            return quote
        found = self._translated.get(quote)
        if found is None:
            start, end = phrases.spans(phrases.owners[quote : quote + 1])
            own = np.arange(start[0], end[0])
            own = own[[phrases.languages[k] == self.lang for k in own.tolist()]]
            found = quote
            if len(own):
                found = int(own[np.argmax(phrases.vectors[own] @ phrases.vectors[quote])])
            self._translated[quote] = found
        return found

    def _pair_keys(self, name: str, readers: Index, others: Index) -> Index:
        """What the sentence of `name` depends on, one integer per pair."""
        keys = self._keys
        both = {"value_chain": "segments", "shared_language": "languages"}
        if name in both:
            ids = keys[both[name]]
            return ids[readers] * self._key_base[both[name]] + ids[others]
        by_other = {"cross_border": "country", "popularity": "degree", "activity": "activity"}
        if name in by_other:
            return keys[by_other[name]][others]
        return np.zeros(len(others), dtype=np.int64)

    def _short(self, text: str) -> str:
        short = self._shortened.get(text)
        if short is None:
            short = self._shortened[text] = shorten(text)
        return short

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
            return t[name][lang].format(where=coming_from(pop.profiles[j].country, lang))
        if name == "shared_language":
            shared = sorted(pop.written_languages[i] & pop.written_languages[j])
            if not shared:
                return None
            names = LANGUAGE_NAMES[lang]
            return t[name][lang].format(languages=", ".join(names.get(s, s) for s in shared))
        if name in ("popularity", "activity"):
            count = int(self._keys["degree" if name == "popularity" else "activity"][j])
            return t[name if count != 1 else f"{name}_one"][lang].format(count=count)
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
            template = "common_partners" if count != 1 else "common_partners_one"
            self._sentences[key] = TEMPLATES[template][self.lang].format(
                count=count, example=example.name or example.id
            )
        return self._sentences[key]


def _ids(values: Sequence[Hashable]) -> npt.NDArray[np.int64]:
    """A small integer per distinct value, equal for equal values."""
    seen: dict[Hashable, int] = {}
    return np.array([seen.setdefault(v, len(seen)) for v in values], dtype=np.int64)


def explain(ctx: PairContext, *, limit: int = 3) -> tuple[Reason, ...]:
    """The `limit` strongest positive signals as sentences; never empty."""
    names = list(ctx.contributions)
    values = np.array(list(ctx.contributions.values()), dtype=np.float64).reshape(1, 1, len(names))
    packed = Explainer(ctx.population, ctx.lang).explain_block(
        np.array([ctx.reader], dtype=np.int64),
        np.array([[ctx.other]], dtype=np.int64),
        values,
        names,
        np.array([[ctx.score]]),
        limit=limit,
    )[0][0]
    return tuple(Reason(*reason) for reason in packed)
