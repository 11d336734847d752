"""Partner recommendations for a mission's participants, as proposed meeting requests.

Matching works on organisations (profiles, offers, needs, value-chain segments); a meeting
is between people. Decisions:
- an organisation's profile is its descriptions in every language, its offers are the
  titles and descriptions of its offer-type opportunities (and requests are its needs);
  expired opportunities are left out; its spoken languages are those of its participants;
- each recommended organisation pair becomes one proposed request between two people, one
  of each organisation (from the one recommended to): the first pair that shares a language,
  looking first at the requester organisation's first participant with each of the other's
  in participant order, then at the other organisation's first participant with each of
  the requester organisation's, then at every pair in participant order; when no pair
  shares a language, the two first participants. First participants are preferred because
  an organisation lists its lead contact first; no attempt is made to spread proposals
  over colleagues;
- pairs of organisations that already have a request of any status in the mission get no
  new proposal;
- the proposal's message is the top reason, its score the matching score, priority 2.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from itertools import chain, product

from rencontre.core.enums import RequestStatus
from rencontre.core.meeting import MeetingRequest
from rencontre.core.opportunity import Opportunity
from rencontre.core.organisation import Organisation
from rencontre.core.participant import Participant
from rencontre.matching.profiles import OrgProfile, Recommendations

PROPOSED_PRIORITY = 2


def organisation_profiles(
    organisations: Sequence[Organisation],
    participants: Sequence[Participant],
    opportunities: Sequence[Opportunity],
    *,
    today: date,
) -> list[OrgProfile]:
    """One profile per organisation that has participants in the mission."""
    present = {p.organisation for p in participants}
    profiles = []
    for org in organisations:
        if org.name not in present:
            continue
        live = [o for o in opportunities if o.organisation == org.name and not o.is_expired(today)]
        languages = {
            str(lang) for p in participants if p.organisation == org.name for lang in p.languages
        }
        profiles.append(
            OrgProfile(
                id=org.name,
                name=org.name,
                country=org.country,
                kind=str(org.kind),
                texts=tuple(t.text for t in org.descriptions if t.text),
                offers=tuple(_opportunity_text(o) for o in live if o.is_offer),
                needs=tuple(_opportunity_text(o) for o in live if not o.is_offer),
                segments=frozenset(org.segments),
                languages=frozenset(languages),
            )
        )
    return profiles


def _opportunity_text(opportunity: Opportunity) -> str:
    if opportunity.description:
        return f"{opportunity.title}. {opportunity.description}"
    return opportunity.title


def proposed_requests(
    mission: str,
    recommendations: Sequence[Recommendations],
    participants: Sequence[Participant],
    existing: Sequence[MeetingRequest],
) -> list[MeetingRequest]:
    """Proposed requests for the recommended organisation pairs that have none yet."""
    people = {p.email: p for p in participants}
    staff: dict[str, list[Participant]] = {}
    for person in participants:
        staff.setdefault(person.organisation, []).append(person)
    taken = {
        frozenset((people[r.requester].organisation, people[r.requested].organisation))
        for r in existing
        if r.requester in people and r.requested in people
    }
    result = []
    for recs in recommendations:
        for item in recs.items:
            pair = frozenset((recs.id, item.id))
            if pair in taken or recs.id not in staff or item.id not in staff:
                continue
            taken.add(pair)
            requester, requested = _speaking_pair(staff[recs.id], staff[item.id])
            result.append(
                MeetingRequest(
                    mission=mission,
                    requester=requester.email,
                    requested=requested.email,
                    priority=PROPOSED_PRIORITY,
                    message=item.reasons[0].text if item.reasons else "",
                    status=RequestStatus.PROPOSED,
                    score=item.score,
                )
            )
    return result


def _speaking_pair(
    ours: Sequence[Participant], theirs: Sequence[Participant]
) -> tuple[Participant, Participant]:
    """The people of two organisations who meet (see the module docstring for the order)."""
    candidates = chain(
        ((ours[0], other) for other in theirs),
        ((own, theirs[0]) for own in ours),
        product(ours, theirs),
    )
    speaking = ((a, b) for a, b in candidates if set(a.languages) & set(b.languages))
    return next(speaking, (ours[0], theirs[0]))
