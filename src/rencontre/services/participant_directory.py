"""Whom a participant may meet: the mission's directory and her recommended partners.

Both show people by their public profile only (name, organisation, country, languages, the
organisation's description in the reader's language, else in another it has): never an
e-mail address, which participants exchange at the table. Recommendations are the
`proposed` requests that a matching job stored between her organisation's people and
others, best score first; their message holds the matching reasons as the engine wrote
them (in English). Proposals imported from a file are an organiser's, not the engine's:
they are not shown as recommendations.

The directory is searched by words (every word, in any language, ignoring case and
accents) and by meaning across French, Dutch and English (`meaning_search`): people whose
organisation matches by words come first, in the mission's order, then those whose
organisation is only close in meaning, closest first. Filters (country, value-chain segment,
kind of organisation) apply to both.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from sqlalchemy.orm import Session

from rencontre.core.enums import Language, OrganisationKind, RequestStatus
from rencontre.core.mission import Mission
from rencontre.core.organisation import Organisation
from rencontre.core.participant import Participant
from rencontre.services.meaning_search import MeaningSearch, folded
from rencontre.store import jobs
from rencontre.store import participant_requests as stored
from rencontre.store import repositories as repo


@dataclass(frozen=True)
class PublicProfile:
    """What any participant of a mission may know of another one."""

    id: int
    full_name: str
    organisation: str
    country: str
    languages: tuple[Language, ...]
    #: The organisation's description in the reader's language, else in the first language
    #: it has one in ("" if none): something to read beats nothing.
    description: str
    description_language: Language | None
    #: Every description of the organisation, in every language, for the search.
    all_descriptions: tuple[str, ...] = ()
    #: The organisation's kind and value-chain segments (taxonomy codes), for the filters.
    kind: OrganisationKind | None = None
    segments: tuple[str, ...] = ()

    def matches(self, words: str) -> bool:
        """Whether every word of `words` occurs in the name, organisation or any of its
        descriptions, ignoring case and accents (as `meaning_search.words_match`)."""
        wanted = folded(words).split()
        haystack = _folded_texts((self.full_name, self.organisation, *self.all_descriptions))
        return bool(wanted) and all(word in haystack for word in wanted)


@lru_cache(maxsize=4096)
def _folded_texts(texts: tuple[str, ...]) -> str:
    """`texts` joined and folded, kept: a search folds every profile of the mission, and
    the descriptions rarely change between two searches (a changed one is a new key)."""
    return folded(" ".join(texts))


@dataclass(frozen=True)
class Recommendation:
    """A proposed partner: who, how good a match, and why (the stored reasons)."""

    profile: PublicProfile
    score: float | None
    reasons: str
    #: Her colleague the proposal was made for, when it was not made for her.
    colleague: str


@dataclass(frozen=True)
class DirectorySearch:
    """What a participant asks the directory: words or a meaning, and filters (each empty
    when not used)."""

    text: str = ""
    country: str = ""  # ISO code, any case
    segment: str = ""  # value-chain taxonomy code
    kind: str = ""  # an OrganisationKind value


@dataclass(frozen=True)
class Directory:
    """The directory's answer: by words, in the mission's order, then by meaning, closest
    first; and what the filters offer (from everyone, whatever the search)."""

    by_words: tuple[PublicProfile, ...]
    by_meaning: tuple[PublicProfile, ...]
    #: False when the mission's descriptions are still being read for meaning: only word
    #: matches were searched.
    meaning_ready: bool
    countries: tuple[str, ...]
    segments: tuple[str, ...]
    kinds: tuple[OrganisationKind, ...]


def directory(
    session: Session,
    *,
    mission: str | Mission,
    email: str,
    language: Language,
    search: DirectorySearch = DirectorySearch(),
    searcher: MeaningSearch | None = None,
) -> Directory:
    """The mission's other participants that pass the filters: all of them without text;
    with text, those whose name, organisation or description holds its words, then (with a
    `searcher`) those whose organisation is close to it in meaning, in any language.
    `mission` is its key, or the mission when the caller has already read it."""
    found = repo.get_mission(session, mission) if isinstance(mission, str) else mission
    people = repo.participants_of_mission(session, found)  # in the mission's order
    others = [p for p in people if p.email != email]
    organisations = repo.organisations(session, names={p.organisation for p in people})
    everyone = _profiles(session, others, language, {o.name: o for o in organisations})
    shown = [p for p in everyone if _passes(p, search)]
    text = search.text.strip()
    by_words = [p for p in shown if not text or p.matches(text)]
    by_meaning: list[PublicProfile] = []
    ready = True
    if text and searcher is not None:
        # The whole mission's organisations, whoever asks: one index per mission.
        result = searcher.search(text, organisations, mission=found.key)
        ready = result.ready
        rank = {hit.organisation: n for n, hit in enumerate(result.hits)}
        worded = {p.id for p in by_words}
        by_meaning = sorted(
            (p for p in shown if p.organisation in rank and p.id not in worded),
            key=lambda p: rank[p.organisation],
        )
    return Directory(
        by_words=tuple(by_words),
        by_meaning=tuple(by_meaning),
        meaning_ready=ready,
        countries=tuple(sorted({p.country for p in everyone if p.country})),
        segments=tuple(sorted({s for p in everyone for s in p.segments})),
        kinds=tuple(k for k in OrganisationKind if any(p.kind is k for p in everyone)),
    )


def _passes(profile: PublicProfile, search: DirectorySearch) -> bool:
    country = search.country.strip().upper()
    segment = search.segment.strip().upper()
    kind = search.kind.strip().lower()
    return (
        (not country or profile.country == country)
        and (not segment or segment in profile.segments)
        and (not kind or (profile.kind is not None and profile.kind.value == kind))
    )


def recommendations(
    session: Session, *, mission: str, email: str, language: Language
) -> tuple[Recommendation, ...]:
    """The engine's proposed requests between her organisation's people and others, best
    first: those a matching job stored, never proposals imported from a file."""
    # Only her organisation's requests and the people in them are read, not the mission's.
    her = repo.participants_by_email(session, {email})[email]
    colleagues = set(repo.member_emails(session, her.organisation))
    ids = repo.participant_ids(session)
    theirs = stored.requests_involving(session, mission, {ids[e] for e in colleagues})
    by_engine = jobs.engine_proposal_ids(session, [s.id for s in theirs])
    proposals = [
        s.request
        for s in theirs
        if s.request.status is RequestStatus.PROPOSED
        and s.id in by_engine
        and not {s.request.requester, s.request.requested} <= colleagues
    ]
    other_emails = [r.requested if r.requester in colleagues else r.requester for r in proposals]
    everyone = repo.participants_by_email(session, colleagues | set(other_emails))
    profiles = _profiles(session, [everyone[e] for e in other_emails], language, ids=ids)
    found = []
    for request, profile in zip(proposals, profiles, strict=True):
        ours = request.requester if request.requester in colleagues else request.requested
        colleague = "" if ours == email else everyone[ours].full_name
        found.append(Recommendation(profile, request.score, request.message, colleague))
    return tuple(sorted(found, key=lambda r: -(r.score or 0.0)))


def _profiles(
    session: Session,
    people: list[Participant],
    language: Language,
    organisations: dict[str, Organisation] | None = None,
    *,
    ids: dict[str, int] | None = None,
) -> list[PublicProfile]:
    if organisations is None:
        names = {p.organisation for p in people}
        organisations = {o.name: o for o in repo.organisations(session, names=names)}
    if ids is None:
        ids = repo.participant_ids(session)
    return [_profile(ids[p.email], p, organisations.get(p.organisation), language) for p in people]


def _profile(
    number: int, person: Participant, organisation: Organisation | None, language: Language
) -> PublicProfile:
    texts = organisation.descriptions if organisation else ()
    shown = next((t for t in texts if t.language is language), texts[0] if texts else None)
    return PublicProfile(
        id=number,
        full_name=person.full_name,
        organisation=person.organisation,
        country=organisation.country if organisation else "",
        languages=person.languages,
        description=shown.text if shown else "",
        description_language=shown.language if shown else None,
        all_descriptions=tuple(t.text for t in texts),
        kind=organisation.kind if organisation else None,
        segments=organisation.segments if organisation else (),
    )
