"""`/me/…`: a participant's own pages, reached through their personal link.

Everything here is the signed-in participant's own, in the mission of their link: the
routes take no id, so there is nobody else's page to ask for. Pages are in the language
the mission writes to them unless they chose another (`?lang=`).
"""

from __future__ import annotations

from collections.abc import Callable

from fastapi import APIRouter, Request
from fastapi.responses import Response

from rencontre.core.enums import MeetingStatus
from rencontre.documents.agenda import Agenda
from rencontre.documents.agenda_ics import render_ics
from rencontre.documents.agenda_page import agenda_page, render_agenda_pdf
from rencontre.documents.file_names import file_stem
from rencontre.documents.i18n import N_
from rencontre.services.accounts import Visitor
from rencontre.web.agendas import PersonInMission, for_participant, person_in_mission
from rencontre.web.auth.visitors import ParticipantVisitor
from rencontre.web.context import web_context
from rencontre.web.errors import PageRefused
from rencontre.web.i18n import page_language, remember_language
from rencontre.web.pages import render
from rencontre.web.participant import requests as meeting_requests
from rencontre.web.participant.calendar_feed import feed_section

router = APIRouter(prefix="/me", include_in_schema=False)

NO_LONGER_LISTED = N_("This mission no longer has an agenda for you.")


def _found(request: Request, visitor: Visitor) -> PersonInMission:
    assert visitor.participant_id is not None and visitor.mission_id is not None
    context = web_context(request)
    with context.transaction() as session:
        found = person_in_mission(
            session, participant_id=visitor.participant_id, mission_id=visitor.mission_id
        )
    if found is None:
        raise PageRefused(404, NO_LONGER_LISTED)
    return found


@router.get("/")
def space(request: Request, visitor: ParticipantVisitor) -> Response:
    """Participant: who I am, my mission, links to my agenda."""
    found = _found(request, visitor)
    language = page_language(request, found.language)
    mission = found.snapshot.mission
    meetings = [
        m
        for m in found.snapshot.meetings
        if m.involves(found.person.email) and m.status is not MeetingStatus.CANCELLED
    ]
    return render(
        request,
        "participant/space.html",
        language,
        person=found.person,
        mission=mission,
        meetings=len(meetings),
        takes_part=found.takes_part,
    )


@router.get("/agenda")
def agenda(request: Request, visitor: ParticipantVisitor) -> Response:
    """Participant: my agenda as a page (the printed agenda's body)."""
    found = _found(request, visitor)
    language = page_language(request, found.language)
    page = agenda_page(for_participant(found.agenda(language)))
    feed = feed_section(request, visitor, found.snapshot.mission, language)
    return render(request, "participant/agenda.html", language, page=page, calendar_feed=feed)


@router.get("/agenda.ics")
def agenda_ics(request: Request, visitor: ParticipantVisitor) -> Response:
    """Participant: my agenda for a calendar (iCalendar)."""
    return _agenda_file(request, visitor, render_ics, "ics", "text/calendar; charset=utf-8",
                        "attachment")  # fmt: skip


@router.get("/agenda.pdf")
def agenda_pdf(request: Request, visitor: ParticipantVisitor) -> Response:
    """Participant: my agenda to print (PDF, the same as `rencontre agenda --format pdf`)."""
    return _agenda_file(request, visitor, render_agenda_pdf, "pdf", "application/pdf", "inline")


def _agenda_file(
    request: Request,
    visitor: ParticipantVisitor,
    render_file: Callable[[Agenda], bytes],
    extension: str,
    media_type: str,
    disposition: str,
) -> Response:
    """The participant's agenda as a file named by her e-mail, in her page language."""
    found = _found(request, visitor)
    language = page_language(request, found.language)
    body = render_file(for_participant(found.agenda(language)))
    name = f"{file_stem(found.person.email)}.{extension}"
    response = Response(
        body,
        media_type=media_type,
        headers={"Content-Disposition": f'{disposition}; filename="{name}"'},
    )
    remember_language(request, response, secure=web_context(request).web.secure_cookies)
    return response


# Requests, recommended partners and the directory live in their own module; its routes
# (already under `/me`) join this router, the one the application serves `/me` with.
router.routes.extend(meeting_requests.router.routes)
