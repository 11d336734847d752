"""The dependencies that declare which visitor a route needs.

A page route takes `ParticipantVisitor` or `OrganiserVisitor`, or `OptionalVisitor` (as a
parameter, or in `dependencies=` when the page only shows who is signed in); an API route
takes `ApiVisitor`. Each resolves the session (or token) once per request from the
database, so that a session ended anywhere is ended here at once.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from rencontre.documents.i18n import N_
from rencontre.services.accounts import Visitor, same_secret, session_visitor, token_visitor
from rencontre.web.context import web_context
from rencontre.web.errors import ApiProblem, PageRefused, SignInRequired
from rencontre.web.security import CSRF_HEADER, SAFE_METHODS, session_key

NOT_A_PARTICIPANT = N_(
    "This page belongs to a participant's space. Open the personal link you received "
    "from the organisers of your mission to see it."
)


def optional_visitor(request: Request) -> Visitor | None:
    """The visitor of the session cookie, or None (no cookie, unknown or expired session)."""
    context = web_context(request)
    key = session_key(request, context.web)
    visitor = None
    if key:
        with context.transaction() as session:
            visitor = session_visitor(session, key=key, now=context.now())
    request.state.visitor = visitor
    return visitor


OptionalVisitor = Annotated[Visitor | None, Depends(optional_visitor)]


def participant_visitor(visitor: OptionalVisitor) -> Visitor:
    """A participant's session, else a page saying how to get in (403)."""
    if visitor is None or not visitor.is_participant:
        raise PageRefused(403, NOT_A_PARTICIPANT)
    return visitor


def organiser_visitor(visitor: OptionalVisitor) -> Visitor:
    """An organiser's session, else to the sign-in form."""
    if visitor is None or not visitor.is_organiser:
        raise SignInRequired
    return visitor


ParticipantVisitor = Annotated[Visitor, Depends(participant_visitor)]
OrganiserVisitor = Annotated[Visitor, Depends(organiser_visitor)]


def api_visitor(request: Request) -> Visitor:
    """The caller of an API route: `Authorization: Bearer <token>`, else the session cookie.

    A cookie-authenticated call that changes something must also send the session's CSRF
    token in `X-CSRF-Token`: a browser sends cookies on its own, the header only when a
    page of this site adds it.
    """
    context = web_context(request)
    scheme, _, credentials = request.headers.get("authorization", "").partition(" ")
    challenge = {"WWW-Authenticate": "Bearer"}
    if scheme.lower() == "bearer":
        with context.transaction() as session:
            visitor = token_visitor(session, token=credentials.strip())
        if visitor is None:
            raise ApiProblem(401, "the API token is unknown or revoked", headers=challenge)
        request.state.visitor = visitor
        return visitor
    found = optional_visitor(request)
    if found is None:
        raise ApiProblem(
            401, "sign in, open your personal link, or send an API token", headers=challenge
        )
    if request.method not in SAFE_METHODS and not same_secret(
        request.headers.get(CSRF_HEADER), found.csrf_token
    ):
        raise ApiProblem(403, f"the {CSRF_HEADER} header must carry this session's CSRF token")
    return found


ApiVisitor = Annotated[Visitor, Depends(api_visitor)]
