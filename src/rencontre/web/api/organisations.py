"""`/api/v1/…/organisations`: the public part of the organisations of a mission."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request

from rencontre.services import mission_profiles as profiles
from rencontre.web.api.missions import MissionKey, readable_mission
from rencontre.web.api.pagination import Page, Paging, page_of
from rencontre.web.api.routes import problems
from rencontre.web.api.schemas import OrganisationPublic
from rencontre.web.api.wire import organisation_public
from rencontre.web.auth.visitors import ApiVisitor
from rencontre.web.context import web_context
from rencontre.web.errors import ApiProblem

router = APIRouter(prefix="/api/v1", tags=["organisations"])


@router.get(
    "/missions/{key}/organisations",
    response_model=Page[OrganisationPublic],
    responses=problems(401, 404, 422),
    summary="The organisations of a mission",
)
def list_organisations(
    request: Request, visitor: ApiVisitor, key: MissionKey, paging: Paging
) -> Page[OrganisationPublic]:
    """The organisations of the mission's participants, in the order their people come,
    with their descriptions, segments, offers and needs."""
    with web_context(request).transaction() as session:
        access = readable_mission(session, visitor, key)
        found = profiles.mission_organisations(session, access.key)
    return page_of([organisation_public(o) for o in found], paging)


@router.get(
    "/organisations/{organisation_id}",
    response_model=OrganisationPublic,
    responses=problems(401, 404, 422),
    summary="One organisation",
)
def get_organisation(
    request: Request,
    visitor: ApiVisitor,
    organisation_id: Annotated[int, Path(description="The organisation's id in the store.")],
) -> OrganisationPublic:
    """An organisation with someone in a mission you may read; any other answers 404."""
    with web_context(request).transaction() as session:
        found = profiles.organisation_for(session, visitor, organisation_id)
    if found is None:
        raise ApiProblem(404, f"no organisation {organisation_id} that you may read")
    return organisation_public(found)
