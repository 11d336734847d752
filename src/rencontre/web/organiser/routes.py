"""`/organiser/…`: pages for a signed-in organiser, about the missions she organises only."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from rencontre.store import accounts as store
from rencontre.web.auth.visitors import OrganiserVisitor
from rencontre.web.context import web_context
from rencontre.web.i18n import page_language
from rencontre.web.pages import render

router = APIRouter(prefix="/organiser", include_in_schema=False)


@router.get("/")
def home(request: Request, visitor: OrganiserVisitor) -> Response:
    """Organiser: the missions she organises, the latest first, with their counts."""
    assert visitor.user_id is not None
    with web_context(request).transaction() as session:
        user = store.get_user(session, visitor.user_id)
        missions = store.organised_missions(session, visitor.user_id)
    return render(
        request,
        "organiser/home.html",
        page_language(request),
        email=user.email if user is not None else "",
        missions=missions,
    )
