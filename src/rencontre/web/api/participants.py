"""`/api/v1/…/participants`: the people of a mission, and a participant's calendar file.

A participant gets the public part of the others (never their e-mail address); the
mission's organisers get the addresses too.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request
from fastapi.responses import Response

from rencontre.documents.agenda_ics import render_ics
from rencontre.documents.file_names import file_stem
from rencontre.services import mission_profiles as profiles
from rencontre.services.accounts import agenda_mission
from rencontre.web.agendas import for_participant, person_in_mission
from rencontre.web.api.missions import MissionKey, readable_mission
from rencontre.web.api.pagination import Page, Paging, page_of
from rencontre.web.api.routes import AgendaLanguage, AgendaMission, problems
from rencontre.web.api.schemas import ParticipantPublic
from rencontre.web.api.wire import participant_public
from rencontre.web.auth.visitors import ApiVisitor
from rencontre.web.context import web_context
from rencontre.web.errors import ApiProblem

router = APIRouter(prefix="/api/v1", tags=["participants"])
CALENDAR_MEDIA_TYPE = "text/calendar; charset=utf-8"

ParticipantId = Annotated[int, Path(description="The participant's id in the store.")]


@router.get(
    "/missions/{key}/participants",
    response_model=Page[ParticipantPublic],
    responses=problems(401, 404, 422),
    summary="The participants of a mission",
)
def list_participants(
    request: Request, visitor: ApiVisitor, key: MissionKey, paging: Paging
) -> Page[ParticipantPublic]:
    """Everyone taking part, in the mission's order, with their organisation's public part.
    E-mail addresses: for the mission's organisers, and a participant's own."""
    with web_context(request).transaction() as session:
        access = readable_mission(session, visitor, key)
        people = profiles.mission_people(session, access.key)
    return page_of(
        [
            participant_public(p, with_email=access.organiser or p.person.email == access.email)
            for p in people
        ],
        paging,
    )


@router.get(
    "/participants/{participant_id}",
    response_model=ParticipantPublic,
    responses=problems(401, 404, 422),
    summary="One participant",
)
def get_participant(
    request: Request, visitor: ApiVisitor, participant_id: ParticipantId
) -> ParticipantPublic:
    """Someone taking part in a mission you may read; anyone else answers 404."""
    with web_context(request).transaction() as session:
        found = profiles.person_for(session, visitor, participant_id)
    if found is None:
        raise ApiProblem(404, f"no participant {participant_id} that you may read")
    return participant_public(found.profile, with_email=found.with_email)


@router.get(
    "/participants/{participant_id}/agenda.ics",
    response_class=Response,
    responses={
        200: {
            "content": {"text/calendar": {"schema": {"type": "string"}}},
            "description": "The agenda as an iCalendar file.",
        },
        **problems(401, 404, 422),
    },
    summary="One participant's agenda for a calendar",
)
def participant_agenda_ics(
    request: Request,
    visitor: ApiVisitor,
    participant_id: ParticipantId,
    mission: AgendaMission = None,
    lang: AgendaLanguage = None,
) -> Response:
    """The same agenda as `…/agenda`, as an iCalendar file (stable UIDs and SEQUENCEs).

    A participant may read only her own (without the e-mail addresses of the people she
    meets); an organiser, those of the people of her missions. Anyone else's answers 404.
    """
    with web_context(request).transaction() as session:
        mission_id = agenda_mission(session, visitor, participant_id, mission)
        found = None
        if mission_id is not None:
            found = person_in_mission(session, participant_id=participant_id, mission_id=mission_id)
    if found is None:
        raise ApiProblem(404, f"no agenda of participant {participant_id} that you may read")
    agenda = found.agenda(lang)
    if visitor.is_participant:
        agenda = for_participant(agenda)
    name = f"{file_stem(found.person.email)}.ics"
    return Response(
        render_ics(agenda),
        media_type=CALENDAR_MEDIA_TYPE,
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
