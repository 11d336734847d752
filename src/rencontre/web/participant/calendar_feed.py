"""Calendar subscription: an address a participant's calendar application follows.

A calendar application sends no cookie, so `GET /calendar/{token}.ics` needs no session:
the token in the address is the secret (`rencontre.services.calendar_feeds` keeps only its
hash). It answers the very iCalendar file of `/me/agenda.ics`; an unknown token, a stopped
one and one whose owner no longer has an agenda in the mission all get the same 404, so the
answer does not tell which tokens ever existed.

From her agenda page she makes the address (`POST /me/calendar`): the answer page shows it,
once, since only its hash is kept. Afterwards she can replace it (the same form: the old
address stops working) or stop it (`POST /me/calendar/stop`). Both forms carry the session's
CSRF token.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from rencontre.core.enums import Language
from rencontre.core.mission import Mission
from rencontre.documents.agenda_ics import render_ics
from rencontre.documents.i18n import N_, words_for
from rencontre.services import calendar_feeds as service
from rencontre.services.accounts import Visitor, same_secret
from rencontre.web.agendas import PersonInMission, for_participant, person_in_mission
from rencontre.web.auth.routes import FORM_EXPIRED
from rencontre.web.auth.visitors import ParticipantVisitor
from rencontre.web.context import web_context
from rencontre.web.errors import PageRefused, message_page
from rencontre.web.i18n import page_language
from rencontre.web.pages import render
from rencontre.web.settings import FEED_PREFIX, WebSettings

router = APIRouter(include_in_schema=False)

FormText = Annotated[str, Form()]

AGENDA_PAGE = "/me/agenda"
#: The agenda page's query parameter saying that her address was just stopped.
STOPPED_PARAMETER, STOPPED = "calendar", "stopped"
NO_LONGER_LISTED = N_("This mission no longer has an agenda for you.")
NO_SUCH_FEED = N_("This calendar link gives no agenda: it may have been replaced or stopped.")


@dataclass(frozen=True)
class FeedSection:
    """What the agenda page says of her calendar address.

    `since` is the day her live address was made, in the page's language ("" when she has
    none); `stopped` is true right after she stopped it.
    """

    since: str
    stopped: bool


def feed_url(web: WebSettings, token: str) -> str:
    """The address a calendar application subscribes to."""
    return f"{web.base_url}{FEED_PREFIX}{token}.ics"


def webcal_url(url: str) -> str:
    """The same address as `webcal://`, which phones and desktops hand to their calendar."""
    return "webcal://" + url.partition("://")[2]


def feed_section(
    request: Request, visitor: Visitor, mission: Mission, language: Language
) -> FeedSection:
    """The agenda page's calendar section for `visitor`, a participant."""
    assert visitor.participant_id is not None and visitor.mission_id is not None
    with web_context(request).transaction() as session:
        since = service.live_feed_since(
            session, participant_id=visitor.participant_id, mission_id=visitor.mission_id
        )
    day = ""
    if since is not None:
        day = words_for(language).short_day(since.astimezone(ZoneInfo(mission.timezone)).date())
    return FeedSection(day, request.query_params.get(STOPPED_PARAMETER) == STOPPED)


@router.get(FEED_PREFIX + "{token}.ics")
def calendar_feed(request: Request, token: str) -> Response:
    """Anyone with the address: the participant's agenda for a calendar (iCalendar)."""
    with web_context(request).transaction() as session:
        owner = service.resolve_feed(session, token=token)
        found = (
            None
            if owner is None
            else person_in_mission(
                session, participant_id=owner.participant_id, mission_id=owner.mission_id
            )
        )
    if found is None:
        raise PageRefused(404, NO_SUCH_FEED)
    # No cookie arrives from a calendar: her language, unless the address asks for one.
    language = page_language(request, found.language)
    body = render_ics(for_participant(found.agenda(language)))
    return Response(body, media_type="text/calendar; charset=utf-8")


@router.post("/me/calendar")
def create_feed(
    request: Request, visitor: ParticipantVisitor, csrf_token: FormText = ""
) -> Response:
    """Participant: make my calendar address (a new one replaces the earlier); shown once."""
    if not same_secret(csrf_token, visitor.csrf_token):
        return message_page(request, 403, FORM_EXPIRED)
    assert visitor.participant_id is not None and visitor.mission_id is not None
    found = _found(request, visitor)
    context = web_context(request)
    with context.transaction() as session:
        issued = service.create_feed(
            session,
            participant_id=visitor.participant_id,
            mission_id=visitor.mission_id,
            now=context.now(),
        )
    url = feed_url(context.web, issued.token)
    return render(
        request,
        "participant/calendar_feed.html",
        page_language(request, found.language),
        mission=found.snapshot.mission,
        feed_url=url,
        webcal_url=webcal_url(url),
    )


@router.post("/me/calendar/stop")
def stop_feed(request: Request, visitor: ParticipantVisitor, csrf_token: FormText = "") -> Response:
    """Participant: stop my calendar address; calendars that follow it get nothing more."""
    if not same_secret(csrf_token, visitor.csrf_token):
        return message_page(request, 403, FORM_EXPIRED)
    assert visitor.participant_id is not None and visitor.mission_id is not None
    context = web_context(request)
    with context.transaction() as session:
        service.revoke_feed(
            session,
            participant_id=visitor.participant_id,
            mission_id=visitor.mission_id,
            now=context.now(),
        )
    return RedirectResponse(
        f"{AGENDA_PAGE}?{STOPPED_PARAMETER}={STOPPED}#calendar", status_code=303
    )


def _found(request: Request, visitor: Visitor) -> PersonInMission:
    assert visitor.participant_id is not None and visitor.mission_id is not None
    with web_context(request).transaction() as session:
        found = person_in_mission(
            session, participant_id=visitor.participant_id, mission_id=visitor.mission_id
        )
    if found is None:
        raise PageRefused(404, NO_LONGER_LISTED)
    return found
