"""Partner recommendations for a mission's participants, as proposed meeting requests.

Matching works on organisations (profiles, offers, needs, value-chain segments); a meeting
is between people. Decisions:
- an organisation's profile is its descriptions in every language, its offers are the
  titles and descriptions of its offer-type opportunities (and requests are its needs);
  expired opportunities are left out; its spoken languages are those of its participants;
- each recommended organisation pair becomes one proposed request between two people, one
  of each organisation (from the one recommended to). A shared language comes first: the
  pair is chosen among the people who share one (among everyone when nobody does). Then the
  load is spread over colleagues: the pair whose busier person has the lightest load, then
  the lightest load of the two together. A person's load is the proposals given to them so
  far in this run plus their accepted and pending requests in the mission (each may take a
  slot of the B2B grid; a declined one does not), so that a lead contact already booked by
  hand is not also handed every proposal. Remaining ties go to the first participants, as an
  organisation lists its lead contact first: the requester organisation's first participant
  with each of the other's in participant order, then the other organisation's first
  participant with each of the requester organisation's, then every pair in participant
  order. Recommendations are taken in the order given (organisation by organisation, best
  first), so the same input gives the same proposals;
- pairs of organisations that already have a request of any status in the mission get no
  new proposal;
- the proposal's message is its top reasons, at most MESSAGE_REASONS of them, joined by
  "; ": the engine writes three at most, a need or offer match is often the second or
  third, and three stay short (under 330 characters on the demo). The "interpreter needed"
  warning is always kept, last, whatever its rank: whoever arranges the meeting must know;
- the proposal's score is the matching score, its priority 2.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import date
from itertools import product

from rencontre.core.enums import RequestStatus
from rencontre.core.meeting import MeetingRequest
from rencontre.core.opportunity import Opportunity
from rencontre.core.organisation import Organisation
from rencontre.core.participant import Participant
from rencontre.matching.explain import INTERPRETER
from rencontre.matching.profiles import OrgProfile, Reason, Recommendations

PROPOSED_PRIORITY = 2
# Requests that may take a slot of the B2B grid: they count in a person's load.
LOAD_STATUSES = frozenset({RequestStatus.ACCEPTED, RequestStatus.PENDING})
MESSAGE_REASONS = 3
REASON_SEPARATOR = "; "


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
    load = Counter(
        email for r in existing if r.status in LOAD_STATUSES for email in (r.requester, r.requested)
    )
    result = []
    for recs in recommendations:
        for item in recs.items:
            pair = frozenset((recs.id, item.id))
            if pair in taken or recs.id not in staff or item.id not in staff:
                continue
            taken.add(pair)
            requester, requested = _speaking_pair(staff[recs.id], staff[item.id], load)
            load.update((requester.email, requested.email))
            result.append(
                MeetingRequest(
                    mission=mission,
                    requester=requester.email,
                    requested=requested.email,
                    priority=PROPOSED_PRIORITY,
                    message=proposal_message(item.reasons),
                    status=RequestStatus.PROPOSED,
                    score=item.score,
                )
            )
    return result


def proposal_message(reasons: Sequence[Reason]) -> str:
    """The top reasons and the interpreter warning, if any (see the module docstring)."""
    said = [r.text for r in reasons if r.signal != INTERPRETER][:MESSAGE_REASONS]
    said += [r.text for r in reasons if r.signal == INTERPRETER][:1]
    return REASON_SEPARATOR.join(said)


def _speaking_pair(
    ours: Sequence[Participant], theirs: Sequence[Participant], load: Mapping[str, int]
) -> tuple[Participant, Participant]:
    """The people of two organisations who meet (see the module docstring for the order)."""
    # Every pair, in the order of preference that settles ties (some pairs come twice).
    candidates = [
        *((ours[0], other) for other in theirs),
        *((own, theirs[0]) for own in ours),
        *product(ours, theirs),
    ]
    speaking = [(a, b) for a, b in candidates if set(a.languages) & set(b.languages)]

    def busy(pair: tuple[Participant, Participant]) -> tuple[int, int]:
        first, second = load.get(pair[0].email, 0), load.get(pair[1].email, 0)
        return max(first, second), first + second

    # min keeps the first of equal pairs, so ties follow the order above.
    return min(speaking or candidates, key=busy)
