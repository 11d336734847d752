"""The people and organisations of a mission, as the API shows them, and who may see whom.

A profile is the public part of a person (name, organisation, country, languages) with
their organisation's public part (descriptions in every language, value-chain segments,
offers and needs). Whether an e-mail address goes with it is the caller's decision, made
from `ProfileAccess.with_email`: organisers of the person's mission get it, a participant
only her own.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.orm import Session

from rencontre.core.opportunity import Opportunity
from rencontre.core.organisation import Organisation
from rencontre.core.participant import Participant
from rencontre.services.accounts import Visitor
from rencontre.services.api_access import visible_missions
from rencontre.store import accounts as store
from rencontre.store import by_id
from rencontre.store import repositories as repo


@dataclass(frozen=True)
class OrganisationProfile:
    """An organisation's public part, with its offers and needs (opportunities)."""

    id: int
    organisation: Organisation
    offers: tuple[Opportunity, ...]
    needs: tuple[Opportunity, ...]


@dataclass(frozen=True)
class PersonProfile:
    id: int
    person: Participant
    organisation: OrganisationProfile | None  # None only for an organisation not stored


@dataclass(frozen=True)
class ProfileAccess:
    """A profile the caller may read, and whether its e-mail address goes with it."""

    profile: PersonProfile
    with_email: bool


def mission_people(session: Session, mission: str) -> tuple[PersonProfile, ...]:
    """The participants of `mission`, in the mission's order."""
    return _profiles(session, repo.mission_participants(session, mission))


def mission_organisations(session: Session, mission: str) -> tuple[OrganisationProfile, ...]:
    """The organisations of `mission`'s participants, in the order their people come."""
    names = tuple(
        dict.fromkeys(p.organisation for p in repo.mission_participants(session, mission))
    )
    found = _organisations(session, names)
    return tuple(found[name] for name in names if name in found)


def person_for(session: Session, visitor: Visitor, ident: int) -> ProfileAccess | None:
    """Participant `ident` if he takes part in a mission `visitor` may read, else None."""
    email = store.participant_email(session, ident)
    if email is None:
        return None
    reachable = [m for m in visible_missions(session, visitor) if email in m.mission.participants]
    if not reachable:
        return None
    person = next(p for p in repo.participants(session) if p.email == email)
    (profile,) = _profiles(session, [person])
    with_email = any(m.organiser or m.email == email for m in reachable)
    return ProfileAccess(profile, with_email)


def organisation_for(session: Session, visitor: Visitor, ident: int) -> OrganisationProfile | None:
    """Organisation `ident` if one of its people takes part in a mission `visitor` may read."""
    name = by_id.organisation_name(session, ident)
    if name is None:
        return None
    emails = {e for m in visible_missions(session, visitor) for e in m.mission.participants}
    if not any(p.organisation == name and p.email in emails for p in repo.participants(session)):
        return None
    return _organisations(session, [name])[name]


def _profiles(session: Session, people: Sequence[Participant]) -> tuple[PersonProfile, ...]:
    organisations = _organisations(session, {p.organisation for p in people})
    ids = repo.participant_ids(session)
    return tuple(PersonProfile(ids[p.email], p, organisations.get(p.organisation)) for p in people)


def _organisations(
    session: Session, names: Sequence[str] | set[str]
) -> dict[str, OrganisationProfile]:
    ids = by_id.organisation_ids(session, names)
    opportunities: dict[str, list[Opportunity]] = {}
    for opportunity in repo.opportunities(session):
        opportunities.setdefault(opportunity.organisation, []).append(opportunity)
    found = {}
    for organisation in repo.organisations(session, names=names):
        theirs = opportunities.get(organisation.name, [])
        found[organisation.name] = OrganisationProfile(
            ids[organisation.name],
            organisation,
            offers=tuple(o for o in theirs if o.is_offer),
            needs=tuple(o for o in theirs if not o.is_offer),
        )
    return found
