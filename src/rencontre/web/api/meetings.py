"""`/api/v1/…/meetings`: scheduled meetings, an organiser's all, a participant's own."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request

from rencontre.services import visible_meetings as meetings
from rencontre.web.api.missions import MissionKey, readable_mission
from rencontre.web.api.pagination import Page, Paging, page_of
from rencontre.web.api.routes import problems
from rencontre.web.api.schemas import MeetingPublic
from rencontre.web.api.wire import meeting_public
from rencontre.web.auth.visitors import ApiVisitor
from rencontre.web.context import web_context
from rencontre.web.errors import ApiProblem

router = APIRouter(prefix="/api/v1", tags=["meetings"])


@router.get(
    "/missions/{key}/meetings",
    response_model=Page[MeetingPublic],
    responses=problems(401, 404, 422),
    summary="The meetings of a mission",
)
def list_meetings(
    request: Request, visitor: ApiVisitor, key: MissionKey, paging: Paging
) -> Page[MeetingPublic]:
    """In time order, cancelled ones included (marked). An organiser: every meeting, with
    e-mails. A participant: hers, without e-mails."""
    with web_context(request).transaction() as session:
        access = readable_mission(session, visitor, key)
        found = meetings.mission_meetings(session, access)
    return page_of([meeting_public(v, access) for v in found], paging)


@router.get(
    "/meetings/{meeting_id}",
    response_model=MeetingPublic,
    responses=problems(401, 404, 422),
    summary="One meeting",
)
def get_meeting(
    request: Request,
    visitor: ApiVisitor,
    meeting_id: Annotated[int, Path(description="The meeting's id in the store.")],
) -> MeetingPublic:
    """A meeting of a mission you organise, or one of yours; any other answers 404."""
    with web_context(request).transaction() as session:
        found = meetings.meeting_for(session, visitor, meeting_id)
    if found is None:
        raise ApiProblem(404, f"no meeting {meeting_id} that you may read")
    view, access = found
    return meeting_public(view, access)
