"""Meeting requests as the API reads and changes them, each with its stored id.

An organiser reads every request of her missions, proposals included; a participant reads
only the requests she sent or received (proposals are suggestions, not anyone's request:
she finds them among her recommended partners). Sending, answering and withdrawing follow
the rules of `rencontre.services.participant_requests`, the same as on her pages.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from rencontre.core.enums import RequestStatus
from rencontre.core.meeting import MeetingRequest, pair_key
from rencontre.core.participant import Participant
from rencontre.services import participant_requests as rules
from rencontre.services.accounts import Visitor
from rencontre.services.api_access import MissionAccess, visible_mission
from rencontre.store import by_id
from rencontre.store import repositories as repo
from rencontre.store.participant_requests import StoredRequest


@dataclass(frozen=True)
class PersonRef:
    """One side of a request or a meeting: who, by id."""

    id: int
    person: Participant


@dataclass(frozen=True)
class RequestView:
    id: int
    request: MeetingRequest
    requester: PersonRef
    requested: PersonRef


@dataclass(frozen=True)
class SentRequest:
    """The request as stored after sending: hers, or the other's to her merged with hers."""

    view: RequestView
    merged: bool


class People:
    """Every stored person by e-mail, with their ids, loaded once per call."""

    def __init__(self, session: Session) -> None:
        self.by_email = {p.email: p for p in repo.participants(session)}
        self.ids = repo.participant_ids(session)

    def ref(self, email: str) -> PersonRef:
        return PersonRef(self.ids[email], self.by_email[email])


def readable(access: MissionAccess, request: MeetingRequest) -> bool:
    """Whether the caller of `access` may read `request` of that mission."""
    if access.organiser:
        return True
    mine = access.email in (request.requester, request.requested)
    return mine and request.status is not RequestStatus.PROPOSED


def mission_requests(session: Session, access: MissionAccess) -> tuple[RequestView, ...]:
    """The requests of the mission that its caller may read, in the order stored."""
    people = People(session)
    return tuple(
        _view(stored, people)
        for stored in by_id.mission_requests(session, access.key)
        if readable(access, stored.request)
    )


def request_for(
    session: Session, visitor: Visitor, ident: int
) -> tuple[RequestView, MissionAccess] | None:
    """Request `ident` and its mission, if `visitor` may read it; else None."""
    stored = by_id.request(session, ident)
    if stored is None:
        return None
    access = visible_mission(session, visitor, stored.request.mission)
    if access is None or not readable(access, stored.request):
        return None
    return _view(stored, People(session)), access


def send_request(
    session: Session,
    access: MissionAccess,
    *,
    requested: int,
    priority: int,
    message: str,
    now: datetime,
) -> SentRequest:
    """Send the participant's request; raise `RequestRefused` as her pages would refuse it."""
    assert access.email is not None, "only a participant sends requests"
    sent = rules.send_request(
        session,
        mission=access.key,
        email=access.email,
        to=requested,
        priority=priority,
        message=message,
        now=now,
    )
    pair = pair_key(access.email, sent.other.email)
    stored = next(s for s in by_id.mission_requests(session, access.key) if s.request.pair == pair)
    return SentRequest(_view(stored, People(session)), sent.merged)


def answer_request(
    session: Session,
    access: MissionAccess,
    *,
    ident: int,
    answer: rules.Answer,
    message: str,
    now: datetime,
) -> RequestView:
    """Accept, decline or withdraw request `ident`; raise `RequestRefused` as her pages do."""
    assert access.email is not None, "only a participant answers requests"
    line = rules.answer_request(
        session,
        mission=access.key,
        email=access.email,
        request_id=ident,
        answer=answer,
        message=message,
        now=now,
    )
    return _view(StoredRequest(line.id, line.request), People(session))


def _view(stored: StoredRequest, people: People) -> RequestView:
    request = stored.request
    return RequestView(
        stored.id, request, people.ref(request.requester), people.ref(request.requested)
    )
