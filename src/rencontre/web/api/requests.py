"""`/api/v1/…/requests`: meeting requests, read, sent, answered and withdrawn.

The rules are those of a participant's pages (`rencontre.services.participant_requests`):
the same deadline, the same merge with the other person's pending request, the same
refusals, answered here as problem documents. Only participants send, answer and withdraw
requests; an organiser reads every request of her missions. A cookie-authenticated call
that changes something carries the session's CSRF token in `X-CSRF-Token`.
"""

from __future__ import annotations

from typing import Annotated
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Body, Path, Request

from rencontre.core.mission import Mission
from rencontre.services import visible_requests as requests
from rencontre.services.participant_requests import Answer, Refusal, RequestRefused
from rencontre.web.api.missions import MissionKey, readable_mission
from rencontre.web.api.pagination import Page, Paging, page_of
from rencontre.web.api.routes import problems
from rencontre.web.api.schemas import (
    MeetingRequestAnswer,
    MeetingRequestCreate,
    MeetingRequestPublic,
    MeetingRequestSent,
)
from rencontre.web.api.wire import request_public
from rencontre.web.auth.visitors import ApiVisitor
from rencontre.web.context import web_context
from rencontre.web.errors import ApiProblem

router = APIRouter(prefix="/api/v1", tags=["requests"])

RequestId = Annotated[int, Path(description="The request's id in the store.")]
ONLY_PARTICIPANTS = "only the participants of a request send, answer or withdraw it"


def _problem(
    refused: RequestRefused, mission: Mission, body: MeetingRequestCreate | None
) -> ApiProblem:
    """The problem document of a refused action."""
    name = refused.other.full_name if refused.other else ""
    match refused.refusal:
        case Refusal.TO_HERSELF:
            return ApiProblem(422, "you cannot ask to meet yourself",
                              fields={"requested": "this is your own id"})  # fmt: skip
        case Refusal.NOT_IN_MISSION:
            wanted = body.requested if body else ""
            reason = f"participant {wanted} does not take part in mission {mission.key!r}"
            return ApiProblem(422, reason, fields={"requested": reason})
        case Refusal.BAD_PRIORITY:
            reason = "the priority must be 1, 2 or 3"
            return ApiProblem(422, reason, fields={"priority": reason})
        case Refusal.ALREADY_SENT:
            return ApiProblem(409, f"you have already asked to meet {name}")
        case Refusal.ALREADY_EXISTS:
            return ApiProblem(409, f"there is already a request between you and {name}")
        case Refusal.CLOSED:
            assert mission.requests_close_at is not None
            since = mission.requests_close_at.astimezone(ZoneInfo(mission.timezone))
            return ApiProblem(409, f"meeting requests are closed since {since.isoformat()}")
        case Refusal.NOT_ALLOWED:
            return ApiProblem(
                409, "this request is no longer pending, or it is not on your side to do that"
            )
    return ApiProblem(404, "no such request among yours")


@router.get(
    "/missions/{key}/requests",
    response_model=Page[MeetingRequestPublic],
    responses=problems(401, 404, 422),
    summary="The meeting requests of a mission",
)
def list_requests(
    request: Request, visitor: ApiVisitor, key: MissionKey, paging: Paging
) -> Page[MeetingRequestPublic]:
    """An organiser: every request of the mission, proposals of the matching included, with
    e-mails. A participant: the requests she sent or received, without e-mails."""
    with web_context(request).transaction() as session:
        access = readable_mission(session, visitor, key)
        found = requests.mission_requests(session, access)
    return page_of([request_public(v, organiser=access.organiser) for v in found], paging)


@router.post(
    "/missions/{key}/requests",
    status_code=201,
    response_model=MeetingRequestSent,
    responses=problems(401, 403, 404, 409, 422),
    summary="Send a meeting request",
)
def send_request(
    request: Request, visitor: ApiVisitor, key: MissionKey, body: MeetingRequestCreate
) -> MeetingRequestSent:
    """A participant asks another participant of her mission for a meeting (pending).

    When that person's pending request to her exists, hers is merged into it (`merged`):
    one request in their direction, the higher priority, her message as the reply; she can
    then accept it. Refused: to herself or to someone not taking part (422), a second
    request of the pair or after the mission's deadline (409).
    """
    context = web_context(request)
    with context.transaction() as session:
        access = readable_mission(session, visitor, key)
        if access.organiser:
            raise ApiProblem(403, ONLY_PARTICIPANTS)
        try:
            sent = requests.send_request(
                session,
                access,
                requested=body.requested,
                priority=body.priority,
                message=body.message,
                now=context.now(),
            )
        except RequestRefused as refused:
            raise _problem(refused, access.mission, body) from None
    return MeetingRequestSent(
        merged=sent.merged, request=request_public(sent.view, organiser=False)
    )


def _answer(
    request: Request, visitor: ApiVisitor, ident: int, answer: Answer, message: str
) -> MeetingRequestPublic:
    context = web_context(request)
    with context.transaction() as session:
        found = requests.request_for(session, visitor, ident)
        if found is None:
            raise ApiProblem(404, f"no request {ident} that you may read")
        _, access = found
        if access.organiser:
            raise ApiProblem(403, ONLY_PARTICIPANTS)
        try:
            view = requests.answer_request(
                session, access, ident=ident, answer=answer, message=message, now=context.now()
            )
        except RequestRefused as refused:
            raise _problem(refused, access.mission, None) from None
    return request_public(view, organiser=False)


AnswerBody = Annotated[MeetingRequestAnswer | None, Body()]


@router.post(
    "/requests/{request_id}/accept",
    response_model=MeetingRequestPublic,
    responses=problems(401, 403, 404, 409, 422),
    summary="Accept a request sent to you",
)
def accept_request(
    request: Request, visitor: ApiVisitor, request_id: RequestId, body: AnswerBody = None
) -> MeetingRequestPublic:
    """The requested participant accepts a pending request; her optional message is kept as
    its reply. Not hers: 404; no longer pending, or her own request: 409."""
    message = body.message if body else ""
    return _answer(request, visitor, request_id, Answer.ACCEPT, message)


@router.post(
    "/requests/{request_id}/decline",
    response_model=MeetingRequestPublic,
    responses=problems(401, 403, 404, 409, 422),
    summary="Decline a request sent to you",
)
def decline_request(
    request: Request, visitor: ApiVisitor, request_id: RequestId, body: AnswerBody = None
) -> MeetingRequestPublic:
    """The requested participant declines a pending request, with an optional message."""
    message = body.message if body else ""
    return _answer(request, visitor, request_id, Answer.DECLINE, message)


@router.post(
    "/requests/{request_id}/withdraw",
    response_model=MeetingRequestPublic,
    responses=problems(401, 403, 404, 409, 422),
    summary="Withdraw a request you sent",
)
def withdraw_request(
    request: Request, visitor: ApiVisitor, request_id: RequestId
) -> MeetingRequestPublic:
    """The participant who sent a pending request withdraws it (`cancelled`)."""
    return _answer(request, visitor, request_id, Answer.WITHDRAW, "")
