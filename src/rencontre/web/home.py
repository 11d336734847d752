"""The home page: what the site is, and the way in for each audience."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from rencontre.web.auth.visitors import optional_visitor
from rencontre.web.i18n import page_language
from rencontre.web.pages import render

router = APIRouter(include_in_schema=False)


@router.get("/", dependencies=[Depends(optional_visitor)])
def home(request: Request) -> Response:
    """Anyone: what rencontre is, where participants and organisers go."""
    return render(request, "home.html", page_language(request))
