"""Whom a participant may meet: the mission's directory and her recommended partners.

Both show people by their public profile only (name, organisation, country, languages, the
organisation's description in the reader's language, else in another it has): never an
e-mail address, which participants exchange at the table. Recommendations are the
`proposed` requests that `rencontre match mission` stored between her organisation's people
and others, best score first; their message holds the matching reasons as the engine wrote
them (in English).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from sqlalchemy.orm import Session

from rencontre.core.enums import Language, RequestStatus
from rencontre.core.organisation import Organisation
from rencontre.core.participant import Participant
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

    def matches(self, words: str) -> bool:
        """Whether `words` occur in the name, organisation or any of its descriptions,
        ignoring case and accents."""
        wanted = folded(words)
        text = folded(" ".join((self.full_name, self.organisation, *self.all_descriptions)))
        return wanted in text


@dataclass(frozen=True)
class Recommendation:
    """A proposed partner: who, how good a match, and why (the stored reasons)."""

    profile: PublicProfile
    score: float | None
    reasons: str
    #: Her colleague the proposal was made for, when it was not made for her.
    colleague: str


def folded(text: str) -> str:
    """`text` without accents and case, for searching ("Inès" finds "ines")."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold().strip()


def directory(
    session: Session,
    *,
    mission: str,
    email: str,
    language: Language,
    text: str = "",
    country: str = "",
) -> tuple[PublicProfile, ...]:
    """The mission's other participants, in the mission's order, filtered by `text` (name,
    organisation, description) and `country` (ISO code) when given."""
    found = repo.get_mission(session, mission)
    people = {p.email: p for p in repo.mission_participants(session, mission)}
    profiles = _profiles(session, [people[e] for e in found.participants if e != email], language)
    wanted = country.strip().upper()
    return tuple(
        p
        for p in profiles
        if (not text.strip() or p.matches(text)) and (not wanted or p.country == wanted)
    )


def countries(profiles: tuple[PublicProfile, ...]) -> tuple[str, ...]:
    """The countries of `profiles`, sorted, for a filter."""
    return tuple(sorted({p.country for p in profiles if p.country}))


def recommendations(
    session: Session, *, mission: str, email: str, language: Language
) -> tuple[Recommendation, ...]:
    """The proposed requests between her organisation's people and others, best first."""
    everyone = {p.email: p for p in repo.participants(session)}
    her = everyone[email]
    colleagues = {e for e, p in everyone.items() if p.organisation == her.organisation}
    ids = repo.participant_ids(session)
    proposals = [
        s.request
        for s in stored.requests_involving(session, mission, {ids[e] for e in colleagues})
        if s.request.status is RequestStatus.PROPOSED
        and not {s.request.requester, s.request.requested} <= colleagues
    ]
    others = [
        everyone[r.requested if r.requester in colleagues else r.requester] for r in proposals
    ]
    profiles = _profiles(session, others, language)
    found = []
    for request, profile in zip(proposals, profiles, strict=True):
        ours = request.requester if request.requester in colleagues else request.requested
        colleague = "" if ours == email else everyone[ours].full_name
        found.append(Recommendation(profile, request.score, request.message, colleague))
    return tuple(sorted(found, key=lambda r: -(r.score or 0.0)))


def _profiles(
    session: Session, people: list[Participant], language: Language
) -> list[PublicProfile]:
    names = {p.organisation for p in people}
    organisations = {o.name: o for o in repo.organisations(session, names=names)}
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
    )
