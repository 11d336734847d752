"""`/me/requests`, `/me/partners`: whom a participant meets, and asking.

The rules (who may send, answer or withdraw what, and until when) are in
`rencontre.services.participant_requests`; this module turns them into pages. Every form
carries the session's CSRF token; every change answers 303 back to `/me/requests` with a
one-line confirmation named in the query (`?done=`), so a reload does not send it twice.
A refusal shows the requests page again with the reason (400, or 409 when the request or
the deadline no longer allows it); a request that is not hers is 404.
"""

from __future__ import annotations

from typing import Annotated
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from rencontre.core.enums import Language
from rencontre.core.mission import Mission
from rencontre.documents.i18n import N_, words_for
from rencontre.services import participant_directory as people
from rencontre.services import participant_requests as service
from rencontre.services.accounts import Visitor, same_secret
from rencontre.services.participant_requests import Answer, Refusal, RequestRefused
from rencontre.services.recommendation_jobs import ensure_recommendations
from rencontre.web.agendas import PersonInMission, person_in_mission
from rencontre.web.auth.routes import FORM_EXPIRED
from rencontre.web.auth.visitors import ParticipantVisitor
from rencontre.web.context import web_context
from rencontre.web.errors import PageRefused, message_page
from rencontre.web.i18n import page_language
from rencontre.web.pages import render

router = APIRouter(prefix="/me", include_in_schema=False)

REQUESTS_PAGE = "/me/requests"
NO_LONGER_LISTED = N_("This mission no longer has an agenda for you.")
NOT_YOURS = N_("There is no such request among yours.")
#: What a refused action says; `%(name)s` is the other person.
REFUSALS: dict[Refusal, tuple[int, str]] = {
    Refusal.TO_HERSELF: (400, N_("You cannot ask to meet yourself.")),
    Refusal.NOT_IN_MISSION: (400, N_("This person does not take part in your mission.")),
    Refusal.ALREADY_SENT: (400, N_("You have already asked to meet %(name)s.")),
    Refusal.ALREADY_EXISTS: (
        400,
        N_("There is already a request between you and %(name)s: see it below."),
    ),
    Refusal.BAD_PRIORITY: (400, N_("The priority must be 1, 2 or 3.")),
    Refusal.CLOSED: (409, N_("Meeting requests are closed since %(when)s.")),
    Refusal.NOT_FOUND: (404, NOT_YOURS),
    Refusal.NOT_ALLOWED: (409, N_("This request can no longer be changed that way.")),
}
#: The one-line confirmation after each change, by `?done=`.
CONFIRMATIONS = {
    "sent": N_("Your request has been sent."),
    "merged": N_("This person had already asked to meet you: both requests are now one."),
    "accept": N_("You accepted the request."),
    "decline": N_("You declined the request."),
    "withdraw": N_("You withdrew your request."),
}

#: What "being prepared" says of each stage of a matching job.
PREPARING_STAGES = {
    "": N_("Waiting for its turn."),
    "reading": N_("Reading the profiles."),
    "encoding": N_("Reading the profiles in every language."),
    "scoring": N_("Comparing the organisations."),
    "storing": N_("Almost ready."),
}

FormText = Annotated[str, Form()]


def _found(request: Request, visitor: Visitor) -> PersonInMission:
    assert visitor.participant_id is not None and visitor.mission_id is not None
    with web_context(request).transaction() as session:
        found = person_in_mission(
            session, participant_id=visitor.participant_id, mission_id=visitor.mission_id
        )
    if found is None:
        raise PageRefused(404, NO_LONGER_LISTED)
    return found


def deadline_text(mission: Mission, language: Language) -> str:
    """When requests close, in the mission's time zone: "12 juin 2025, 18:00 (Paris)"."""
    assert mission.requests_close_at is not None
    words = words_for(language)
    local = mission.requests_close_at.astimezone(ZoneInfo(mission.timezone))
    return f"{words.short_day(local.date())}, {words.time(local)} ({words.zone(mission.timezone)})"


def _requests_page(
    request: Request,
    found: PersonInMission,
    *,
    status: int = 200,
    error: str = "",
    error_name: str = "",
) -> Response:
    context = web_context(request)
    language = page_language(request, found.language)
    mission_key = found.snapshot.mission.key
    with context.transaction() as session:
        mine = service.participant_requests(session, mission=mission_key, email=found.person.email)
    mission = mine.mission
    done = request.query_params.get("done", "")
    return render(
        request,
        "participant/requests.html",
        language,
        status=status,
        mission=mission,
        sent=mine.sent,
        received=mine.received,
        open=mission.requests_open(context.now()),
        deadline=deadline_text(mission, language) if mission.requests_close_at else "",
        confirmation=CONFIRMATIONS.get(done, ""),
        error=error,
        error_name=error_name,
    )


def _refused(request: Request, found: PersonInMission, refused: RequestRefused) -> Response:
    status, message = REFUSALS[refused.refusal]
    if status == 404:
        raise PageRefused(404, message)
    name = refused.other.full_name if refused.other else ""
    return _requests_page(request, found, status=status, error=message, error_name=name)


def _done(what: str) -> Response:
    return RedirectResponse(f"{REQUESTS_PAGE}?done={what}", status_code=303)


@router.get("/requests")
def requests_page(request: Request, visitor: ParticipantVisitor) -> Response:
    """Participant: the meeting requests I sent and received, with what I can do."""
    return _requests_page(request, _found(request, visitor))


@router.post("/requests")
def send_request(
    request: Request,
    visitor: ParticipantVisitor,
    to: FormText = "",
    priority: FormText = "2",
    message: FormText = "",
    csrf_token: FormText = "",
) -> Response:
    """Participant: ask another participant of my mission for a meeting."""
    if not same_secret(csrf_token, visitor.csrf_token):
        return message_page(request, 403, FORM_EXPIRED)
    found = _found(request, visitor)
    context = web_context(request)
    # Fields are read here rather than by the framework, so that a bad one gets its reason.
    try:
        with context.transaction() as session:
            sent = service.send_request(
                session,
                mission=found.snapshot.mission.key,
                email=found.person.email,
                to=int(to) if to.strip().isdecimal() else 0,
                priority=int(priority) if priority.strip().isdecimal() else 0,
                message=message,
                now=context.now(),
            )
    except RequestRefused as refused:
        return _refused(request, found, refused)
    return _done("merged" if sent.merged else "sent")


def _answer(
    request: Request, visitor: Visitor, request_id: int, answer: Answer, message: str, token: str
) -> Response:
    if not same_secret(token, visitor.csrf_token):
        return message_page(request, 403, FORM_EXPIRED)
    found = _found(request, visitor)
    context = web_context(request)
    try:
        with context.transaction() as session:
            service.answer_request(
                session,
                mission=found.snapshot.mission.key,
                email=found.person.email,
                request_id=request_id,
                answer=answer,
                message=message,
                now=context.now(),
            )
    except RequestRefused as refused:
        return _refused(request, found, refused)
    return _done(answer.value)


@router.post("/requests/{request_id}/accept")
def accept_request(
    request: Request,
    visitor: ParticipantVisitor,
    request_id: int,
    message: FormText = "",
    csrf_token: FormText = "",
) -> Response:
    """Participant: accept a pending request sent to me."""
    return _answer(request, visitor, request_id, Answer.ACCEPT, message, csrf_token)


@router.post("/requests/{request_id}/decline")
def decline_request(
    request: Request,
    visitor: ParticipantVisitor,
    request_id: int,
    message: FormText = "",
    csrf_token: FormText = "",
) -> Response:
    """Participant: decline a pending request sent to me."""
    return _answer(request, visitor, request_id, Answer.DECLINE, message, csrf_token)


@router.post("/requests/{request_id}/withdraw")
def withdraw_request(
    request: Request,
    visitor: ParticipantVisitor,
    request_id: int,
    csrf_token: FormText = "",
) -> Response:
    """Participant: withdraw a pending request I sent."""
    return _answer(request, visitor, request_id, Answer.WITHDRAW, "", csrf_token)


@router.get("/partners")
def partners_page(request: Request, visitor: ParticipantVisitor) -> Response:
    """Participant: the partners recommended to my organisation, best match first."""
    found = _found(request, visitor)
    context = web_context(request)
    language = page_language(request, found.language)
    mission = found.snapshot.mission
    with context.transaction() as session:
        # A stale or missing matching starts a job (once); the page shows how far it is.
        state = ensure_recommendations(
            session, mission=mission.key, by=found.person.email, now=context.now()
        )
    found_partners: tuple[people.Recommendation, ...] = ()
    if not state.preparing:
        with context.transaction() as session:
            found_partners = people.recommendations(
                session, mission=mission.key, email=found.person.email, language=language
            )
    return render(
        request,
        "participant/partners.html",
        language,
        mission=mission,
        partners=found_partners,
        preparing=state.preparing,
        stage=PREPARING_STAGES.get(str(state.job.progress.get("stage", "")), PREPARING_STAGES[""])
        if state.preparing and state.job is not None
        else "",
        open=mission.requests_open(context.now()),
        deadline=deadline_text(mission, language) if mission.requests_close_at else "",
    )
