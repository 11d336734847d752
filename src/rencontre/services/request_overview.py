"""Where a mission's meeting requests stand: counts per status and per person, who is left out.

Decisions:
- a pair of people has one request: the requests of a pair in either direction are merged
  first (`mission_gaps.pair_requests`), so a mutual request counts once, with the strongest
  status;
- per participant of the mission, counted in pairs: **sent** (she asked: the requester of
  one of the pair's requests, or either side of a request merged on import, which both
  asked), **received** (the other person asked) and **accepted** (either side). Proposals
  are the matching's suggestions, nobody's request: they count in the statuses only;
- "without an accepted request": the participants with no accepted request, whatever else
  they have (an accepted request is what the scheduler places);
- organisations no one asked to meet are those of `mission_gaps.organisations_not_asked`.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from rencontre.core.enums import RequestStatus
from rencontre.core.mission import Mission
from rencontre.core.participant import Participant
from rencontre.services.mission_data import MissionData
from rencontre.services.mission_gaps import OrganisationGap, organisations_not_asked, pair_requests

#: The order the statuses are listed in: a request's life, then its ends.
STATUS_ORDER = (
    RequestStatus.PROPOSED,
    RequestStatus.PENDING,
    RequestStatus.ACCEPTED,
    RequestStatus.DECLINED,
    RequestStatus.CANCELLED,
)


@dataclass(frozen=True)
class PersonRequests:
    """One participant's requests, as counted in the module docstring."""

    person: Participant
    sent: int
    received: int
    accepted: int


@dataclass(frozen=True)
class RequestOverview:
    mission: Mission
    #: Every status with its number of pairs, in STATUS_ORDER.
    by_status: tuple[tuple[RequestStatus, int], ...]
    #: Every participant of the mission, in the mission's order.
    people: tuple[PersonRequests, ...]
    organisations_not_asked: tuple[OrganisationGap, ...]

    @property
    def without_accepted(self) -> tuple[PersonRequests, ...]:
        return tuple(p for p in self.people if p.accepted == 0)

    @property
    def total(self) -> int:
        return sum(count for _, count in self.by_status)


def request_overview(snapshot: MissionData) -> RequestOverview:
    """The overview of a mission's requests (a `MissionSnapshot` from the store fits)."""
    pairs = pair_requests(snapshot.requests)
    statuses = Counter(r.status for r in pairs)
    # Who asked, per pair: a pair stored in both directions, or merged on import, was
    # asked by both.
    askers: dict[frozenset[str], set[str]] = {}
    for request in snapshot.requests:
        if request.status is not RequestStatus.PROPOSED:
            asked = askers.setdefault(request.pair, set())
            asked.update(request.pair if request.is_merged else {request.requester})
    sent: Counter[str] = Counter()
    received: Counter[str] = Counter()
    accepted: Counter[str] = Counter()
    for request in pairs:
        if request.status is RequestStatus.PROPOSED:
            continue
        asked = askers.get(request.pair, {request.requester})
        sent.update(asked)
        received.update(email for email in request.pair if asked - {email})
        if request.status is RequestStatus.ACCEPTED:
            accepted.update(request.pair)
    return RequestOverview(
        mission=snapshot.mission,
        by_status=tuple((status, statuses[status]) for status in STATUS_ORDER),
        people=tuple(
            PersonRequests(p, sent[p.email], received[p.email], accepted[p.email])
            for p in snapshot.participants
        ),
        organisations_not_asked=organisations_not_asked(snapshot),
    )
