"""What every page of the mission desk (`/organiser/missions/{key}/…`) starts from.

`DeskMission` resolves the `{key}` of the route to a mission the signed-in organiser
organises; any other key, existing or not, is the same 404, so the desk never tells an
organiser which missions others run. `check_form` refuses a state-changing form without the
session's CSRF token.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Path, Request
from sqlalchemy import select

from rencontre.documents.i18n import N_
from rencontre.services.accounts import Visitor, organises, same_secret
from rencontre.store import accounts as store
from rencontre.store.models import MissionRow
from rencontre.web.auth.routes import FORM_EXPIRED
from rencontre.web.auth.visitors import OrganiserVisitor
from rencontre.web.context import web_context
from rencontre.web.errors import PageRefused

NOT_YOUR_MISSION = N_("There is no such mission among those you organise.")


@dataclass(frozen=True)
class OrganisedMission:
    """A mission of the signed-in organiser, and who she is (the actor of the audit log)."""

    key: str
    id: int
    organiser: Visitor
    email: str


def desk_mission(
    request: Request,
    visitor: OrganiserVisitor,
    key: Annotated[str, Path(description="The mission's key.")],
) -> OrganisedMission:
    with web_context(request).transaction() as session:
        mission_id = session.scalar(select(MissionRow.id).where(MissionRow.key == key))
        if mission_id is None or not organises(session, visitor, mission_id):
            raise PageRefused(404, NOT_YOUR_MISSION)
        assert visitor.user_id is not None
        user = store.get_user(session, visitor.user_id)
    return OrganisedMission(key, mission_id, visitor, user.email if user else "")


DeskMission = Annotated[OrganisedMission, Depends(desk_mission)]


def check_form(visitor: Visitor, csrf_token: str) -> None:
    """Refuse (403, a page saying to reload) a form without this session's CSRF token."""
    if not same_secret(csrf_token, visitor.csrf_token):
        raise PageRefused(403, FORM_EXPIRED)
