"""The ways in and out: organisers' sign-in and sign-out, participants' personal links."""

from __future__ import annotations

import math
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from rencontre.documents.i18n import N_
from rencontre.services import accounts
from rencontre.services.accounts import LinkState, same_secret
from rencontre.web.auth.visitors import OptionalVisitor, optional_visitor
from rencontre.web.context import WebContext, web_context
from rencontre.web.errors import message_page
from rencontre.web.i18n import page_language
from rencontre.web.pages import render
from rencontre.web.security import (
    clear_session_cookie,
    clear_sign_in_cookie,
    session_key,
    set_session_cookie,
    set_sign_in_cookie,
    sign_in_form_is_genuine,
    sign_in_form_token,
)
from rencontre.web.settings import LINK_PREFIX

router = APIRouter(include_in_schema=False)

FORM_EXPIRED = N_("This form has expired. Reload the page and try again.")
WRONG_CREDENTIALS = N_("Wrong e-mail address or password.")
LINK_MESSAGES = {
    LinkState.UNKNOWN: (404, N_("This link is not valid. Check that it was copied whole.")),
    LinkState.EXPIRED: (
        410,
        N_("This link has expired. Ask the organisers of your mission for a new one."),
    ),
    LinkState.REVOKED: (
        410,
        N_("This link has been withdrawn. Ask the organisers of your mission for a new one."),
    ),
}

FormText = Annotated[str, Form()]


def _sign_in_page(
    request: Request,
    context: WebContext,
    *,
    status: int = 200,
    email: str = "",
    error: str = "",
    wait_minutes: int = 0,
    headers: dict[str, str] | None = None,
) -> Response:
    """The form (with its CSRF token and signed cookie), or only how long to wait."""
    token, new_cookie = sign_in_form_token(request, context)
    response = render(
        request,
        "signin.html",
        page_language(request),
        status=status,
        headers=headers,
        form_token=token,
        email=email,
        error=error,
        minutes=wait_minutes,
    )
    if new_cookie:
        set_sign_in_cookie(response, context, token)
    return response


@router.get("/signin", dependencies=[Depends(optional_visitor)])
def sign_in_form(request: Request) -> Response:
    """Anyone: the organisers' sign-in form."""
    return _sign_in_page(request, web_context(request))


@router.post("/signin", dependencies=[Depends(optional_visitor)])
def sign_in(
    request: Request,
    email: FormText = "",
    password: FormText = "",
    csrf_token: FormText = "",
) -> Response:
    """Anyone: check the form's CSRF token, then the e-mail and password; start a session.

    A form refused for its CSRF token is not a failed sign-in: it counts against nobody.
    """
    context = web_context(request)
    if not sign_in_form_is_genuine(request, context, csrf_token):
        return message_page(request, 403, FORM_EXPIRED)
    address = request.client.host if request.client else "unknown"
    now = context.now()
    with context.transaction() as session:
        result = accounts.sign_in(session, email=email, password=password, address=address, now=now)
        previous = session_key(request, context.web)
        if result.started is not None and previous:
            accounts.sign_out(session, key=previous)
    if result.retry_after is not None:
        seconds = max(math.ceil(result.retry_after.total_seconds()), 1)
        return _sign_in_page(
            request,
            context,
            status=429,
            email=email,
            wait_minutes=math.ceil(seconds / 60),
            headers={"Retry-After": str(seconds)},
        )
    if result.started is None:
        return _sign_in_page(request, context, status=400, email=email, error=WRONG_CREDENTIALS)
    response = RedirectResponse("/organiser/", status_code=303)
    set_session_cookie(response, context.web, result.started, now)
    clear_sign_in_cookie(response, context)
    return response


@router.post("/signout")
def sign_out(
    request: Request,
    visitor: OptionalVisitor,
    csrf_token: FormText = "",
) -> Response:
    """End the session at once, for every server process."""
    context = web_context(request)
    response = RedirectResponse("/", status_code=303)
    if visitor is None:
        clear_session_cookie(response, context.web)
        return response
    if not same_secret(csrf_token, visitor.csrf_token):
        return message_page(request, 403, FORM_EXPIRED)
    key = session_key(request, context.web)
    if key:
        with context.transaction() as session:
            accounts.sign_out(session, key=key)
    clear_session_cookie(response, context.web)
    return response


@router.get(LINK_PREFIX + "{token}")
def open_link(request: Request, token: str) -> Response:
    """A participant's personal link: start their session and show their space."""
    context = web_context(request)
    now = context.now()
    with context.transaction() as session:
        opening = accounts.open_link(session, token=token, now=now)
        previous = session_key(request, context.web)
        if opening.started is not None and previous:
            accounts.sign_out(session, key=previous)
    if opening.started is None:
        status, message = LINK_MESSAGES[opening.state]
        return message_page(request, status, message)
    response = RedirectResponse("/me/", status_code=303)
    set_session_cookie(response, context.web, opening.started, now)
    return response
