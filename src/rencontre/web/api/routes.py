"""`/api/v1/…`: the API routes. Each declares its caller with `ApiVisitor`."""

from __future__ import annotations

from http import HTTPStatus
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request

from rencontre.core.enums import Language
from rencontre.services.accounts import agenda_mission
from rencontre.web.agendas import for_participant, person_in_mission
from rencontre.web.api.schemas import AgendaPublic, Problem, agenda_public
from rencontre.web.auth.visitors import ApiVisitor
from rencontre.web.context import web_context
from rencontre.web.errors import ApiProblem

#: Whose agenda: the query parameters of the agenda, as JSON and as iCalendar.
AgendaMission = Annotated[
    str | None,
    Query(
        description="Mission key. Default: a participant's own mission; for an organiser, "
        "the latest of her missions in which the person has an agenda."
    ),
]
AgendaLanguage = Annotated[
    Language | None,
    Query(description="Language of the texts; default: the one the mission writes to them."),
]

router = APIRouter(prefix="/api/v1")


def problems(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """The OpenAPI description of the problem documents a route may answer."""
    return {
        status: {"model": Problem, "description": HTTPStatus(status).phrase} for status in statuses
    }


@router.get(
    "/participants/{participant_id}/agenda",
    response_model=AgendaPublic,
    responses=problems(401, 403, 404, 422),
    tags=["participants"],
    summary="One participant's agenda",
)
def participant_agenda(
    request: Request,
    visitor: ApiVisitor,
    participant_id: Annotated[int, Path(description="The participant's id in the store.")],
    mission: AgendaMission = None,
    lang: AgendaLanguage = None,
) -> AgendaPublic:
    """The participant's meetings and programme, in time order, in the mission's time zone.

    A participant may read only their own agenda (without the e-mail addresses of the people
    they meet); an organiser, those of the people of the missions she organises. Anyone
    else's answers 404, as if it did not exist.
    """
    context = web_context(request)
    with context.transaction() as session:
        mission_id = agenda_mission(session, visitor, participant_id, mission)
        found = None
        if mission_id is not None:
            found = person_in_mission(session, participant_id=participant_id, mission_id=mission_id)
    if found is None:
        raise ApiProblem(404, f"no agenda of participant {participant_id} that you may read")
    agenda = found.agenda(lang)
    if visitor.is_participant:
        agenda = for_participant(agenda)
    return agenda_public(agenda, participant_id, partner_emails=visitor.is_organiser)
