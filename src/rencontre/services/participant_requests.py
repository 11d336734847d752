"""A participant's own meeting requests: send one, answer one, withdraw one.

What a participant may do, decided here for every caller:
- she sends a request (pending) to another participant of her mission, at most one per pair:
  her own earlier request to that person is refused, and so is any request of the pair that
  is no longer pending. The other person's pending request to her is merged with hers as an
  import merges mutual requests (`rencontre.exchange.request_pairs`): one request, the
  other's direction, the higher priority, her message as the reply. A `proposed` request of
  the pair (a suggestion of `rencontre match mission`, nobody's wish yet) gives way to hers;
- she accepts or declines a pending request sent to her, with an optional message kept as
  the requested person's message (`reverse_message`); she withdraws (`cancelled`) a pending
  one she sent;
- nothing is possible once the mission's requests close (`Mission.requests_close_at`);
- a request that is not hers is "not found", so the pages do not tell which ids exist.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum

from sqlalchemy.orm import Session

from rencontre.core.dataset import Dataset
from rencontre.core.enums import RequestStatus
from rencontre.core.meeting import MeetingRequest
from rencontre.core.mission import Mission
from rencontre.core.participant import Participant
from rencontre.exchange.found import Located
from rencontre.exchange.request_pairs import pair_requests
from rencontre.store import jobs
from rencontre.store import participant_requests as stored
from rencontre.store import repositories as repo
from rencontre.store.participant_requests import StoredRequest
from rencontre.store.updates import store_records

#: Where a request sent from a participant's page comes from, in a merged request's origin.
WEB_SOURCE = "web page"
PRIORITIES = (1, 2, 3)


class Refusal(StrEnum):
    """Why an action on a request is refused; each has its own wording on the pages."""

    TO_HERSELF = "to_herself"
    NOT_IN_MISSION = "not_in_mission"
    ALREADY_SENT = "already_sent"
    ALREADY_EXISTS = "already_exists"
    BAD_PRIORITY = "bad_priority"
    CLOSED = "closed"
    NOT_FOUND = "not_found"
    NOT_ALLOWED = "not_allowed"


class RequestRefused(Exception):
    """An action refused: the reason, and the other person when one is concerned."""

    def __init__(self, refusal: Refusal, other: Participant | None = None) -> None:
        super().__init__(refusal.value)
        self.refusal = refusal
        self.other = other


class Answer(StrEnum):
    """What a participant does with a request: the status it takes."""

    ACCEPT = "accept"
    DECLINE = "decline"
    WITHDRAW = "withdraw"

    @property
    def status(self) -> RequestStatus:
        return {
            Answer.ACCEPT: RequestStatus.ACCEPTED,
            Answer.DECLINE: RequestStatus.DECLINED,
            Answer.WITHDRAW: RequestStatus.CANCELLED,
        }[self]


@dataclass(frozen=True)
class RequestLine:
    """One request as the participant sees it: sent by her or sent to her."""

    id: int
    request: MeetingRequest
    other: Participant
    sent: bool

    @property
    def can_answer(self) -> bool:
        return not self.sent and self.request.status is RequestStatus.PENDING

    @property
    def can_withdraw(self) -> bool:
        return self.sent and self.request.status is RequestStatus.PENDING


@dataclass(frozen=True)
class ParticipantRequests:
    mission: Mission
    sent: tuple[RequestLine, ...]
    received: tuple[RequestLine, ...]


@dataclass(frozen=True)
class SentRequest:
    """A request sent: to whom, and whether it was merged with theirs to her."""

    other: Participant
    merged: bool


def rejected_proposals(session: Session, found: Sequence[StoredRequest]) -> set[int]:
    """The ids among `found` of the engine's proposals an organiser rejected (`cancelled` and
    still linked to their matching job: an approved one is unlinked when approved)."""
    cancelled = [s.id for s in found if s.request.status is RequestStatus.CANCELLED]
    return jobs.engine_proposal_ids(session, cancelled)


def participant_requests(session: Session, *, mission: str, email: str) -> ParticipantRequests:
    """Her requests in `mission` (proposals left out: they are recommendations, not asks)."""
    found = repo.get_mission(session, mission)
    people = _people(session)
    ids = repo.participant_ids(session)
    hers = stored.requests_involving(session, mission, {ids[email]})
    rejected = rejected_proposals(session, hers)
    lines = [
        RequestLine(s.id, s.request, people[_other(s.request, email)], s.request.requester == email)
        for s in hers
        if s.request.status is not RequestStatus.PROPOSED and s.id not in rejected
    ]
    return ParticipantRequests(
        found,
        sent=tuple(line for line in lines if line.sent),
        received=tuple(line for line in lines if not line.sent),
    )


def send_request(
    session: Session,
    *,
    mission: str,
    email: str,
    to: int,
    priority: int,
    message: str,
    now: datetime,
) -> SentRequest:
    """Send her request to participant id `to`; raise RequestRefused (see module docstring)."""
    found = repo.get_mission(session, mission)
    if not found.requests_open(now):
        raise RequestRefused(Refusal.CLOSED)
    ids = repo.participant_ids(session)
    emails = {number: address for address, number in ids.items()}
    other_email = emails.get(to)
    if other_email == email:
        raise RequestRefused(Refusal.TO_HERSELF)
    if other_email is None or other_email not in found.participants:
        raise RequestRefused(Refusal.NOT_IN_MISSION)
    if email not in found.participants:
        raise RequestRefused(Refusal.NOT_IN_MISSION)
    if priority not in PRIORITIES:
        raise RequestRefused(Refusal.BAD_PRIORITY)
    other = _people(session)[other_email]
    new = MeetingRequest(mission, email, other_email, priority, message.strip())
    pair = [s for s in stored.requests_involving(session, mission, {ids[email]})
            if s.request.pair == new.pair]  # fmt: skip
    # An organiser's rejected proposal is nobody's wish either: it gives way like a proposal.
    rejected = rejected_proposals(session, pair)
    proposals = [
        s.id for s in pair if s.request.status is RequestStatus.PROPOSED or s.id in rejected
    ]
    wishes = [s.request for s in pair if s.request.status is not RequestStatus.PROPOSED
              and s.id not in rejected]  # fmt: skip
    if any(r.requester == email for r in wishes):
        raise RequestRefused(Refusal.ALREADY_SENT, other)
    if any(r.status is not RequestStatus.PENDING for r in wishes):
        raise RequestRefused(Refusal.ALREADY_EXISTS, other)
    stored.delete_proposals(session, proposals)
    # Hers and, when there is one, theirs to her: one request, as an import would store it.
    paired = pair_requests([Located(WEB_SOURCE, 1, new)], wishes)
    store_records(session, Dataset(meeting_requests=paired.requests))
    return SentRequest(other, merged=bool(wishes))


def answer_request(
    session: Session,
    *,
    mission: str,
    email: str,
    request_id: int,
    answer: Answer,
    message: str = "",
    now: datetime,
) -> RequestLine:
    """Accept, decline or withdraw request `request_id`; the request as it is now.

    Raise RequestRefused: NOT_FOUND for a request of the mission between two other people
    (or none), CLOSED after the deadline, NOT_ALLOWED unless it is pending and on her side
    (to answer: sent to her; to withdraw: sent by her).
    """
    found = repo.get_mission(session, mission)
    line = stored.request_by_id(session, mission, request_id)
    request = None if line is None else line.request
    sent = answer is Answer.WITHDRAW
    if line is None or request is None or email not in (request.requester, request.requested):
        raise RequestRefused(Refusal.NOT_FOUND)
    other = _people(session)[_other(request, email)]
    if not found.requests_open(now):
        raise RequestRefused(Refusal.CLOSED, other)
    her_side = request.requester if sent else request.requested
    if request.status is not RequestStatus.PENDING or email != her_side:
        raise RequestRefused(Refusal.NOT_ALLOWED, other)
    reply = request.reverse_message
    if not sent and message.strip():
        reply = "\n".join(m for m in (reply, message.strip()) if m)
    stored.answer_request(session, line.id, answer.status, reply)
    changed = replace(request, status=answer.status, reverse_message=reply)
    return RequestLine(line.id, changed, other, sent)


def _other(request: MeetingRequest, email: str) -> str:
    return request.requested if request.requester == email else request.requester


def _people(session: Session) -> dict[str, Participant]:
    return {p.email: p for p in repo.participants(session)}
