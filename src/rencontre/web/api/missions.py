"""`/api/v1/missions`: the missions the caller may read."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request
from sqlalchemy.orm import Session

from rencontre.services.accounts import Visitor
from rencontre.services.api_access import MissionAccess, visible_mission, visible_missions
from rencontre.web.api.pagination import Page, Paging, page_of
from rencontre.web.api.routes import problems
from rencontre.web.api.schemas import MissionSummary
from rencontre.web.api.wire import mission_summary
from rencontre.web.auth.visitors import ApiVisitor
from rencontre.web.context import web_context
from rencontre.web.errors import ApiProblem

router = APIRouter(prefix="/api/v1", tags=["missions"])

MissionKey = Annotated[str, Path(description="The mission's key.")]


def readable_mission(session: Session, visitor: Visitor, key: str) -> MissionAccess:
    """Mission `key` as the caller may read it; 404 when unknown or someone else's."""
    access = visible_mission(session, visitor, key)
    if access is None:
        raise ApiProblem(404, f"no mission {key!r} that you may read")
    return access


@router.get(
    "/missions",
    response_model=Page[MissionSummary],
    responses=problems(401, 422),
    summary="The missions you may read",
)
def list_missions(request: Request, visitor: ApiVisitor, paging: Paging) -> Page[MissionSummary]:
    """An organiser's: the missions she organises, the latest first. A participant's: the
    mission of her personal link."""
    context = web_context(request)
    with context.transaction() as session:
        found = visible_missions(session, visitor)
    now = context.now()
    summaries = [mission_summary(a, requests_open=a.mission.requests_open(now)) for a in found]
    return page_of(summaries, paging)


@router.get(
    "/missions/{key}",
    response_model=MissionSummary,
    responses=problems(401, 404),
    summary="One mission",
)
def get_mission(request: Request, visitor: ApiVisitor, key: MissionKey) -> MissionSummary:
    """A mission you organise or take part in; any other answers 404."""
    context = web_context(request)
    with context.transaction() as session:
        access = readable_mission(session, visitor, key)
    return mission_summary(access, requests_open=access.mission.requests_open(context.now()))
