"""Every refusal becomes one answer: a page in the visitor's language, or problem+json.

Pages and the API refuse with the exceptions below (or FastAPI's own `HTTPException`);
`install_error_handlers` turns each into an HTML page with a translated message, a
redirection to the sign-in form, or, under `/api/`, an `application/problem+json` document
(RFC 9457) with `type`, `title`, `status` and `detail`.
"""

from __future__ import annotations

from http import HTTPStatus

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from rencontre.documents.i18n import N_
from rencontre.web.i18n import page_language
from rencontre.web.pages import render

API_PREFIX = "/api/"
PROBLEM_MEDIA_TYPE = "application/problem+json"

#: What a page says for a status that has no message of its own.
STATUS_MESSAGES = {
    400: N_("This request could not be understood."),
    403: N_("You may not see this page."),
    404: N_("There is no such page."),
    405: N_("This page cannot be used that way."),
}
OTHER_MESSAGE = N_("Something went wrong. Please try again later.")


class PageRefused(Exception):
    """A page refused with `status` and a message id (marked with `N_`) to translate."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


class SignInRequired(Exception):
    """An organiser's page asked for without an organiser's session."""


class ApiProblem(Exception):
    """An API call refused: the problem document's status, title and detail."""

    def __init__(
        self,
        status: int,
        detail: str,
        *,
        headers: dict[str, str] | None = None,
        fields: dict[str, str] | None = None,
    ):
        """`fields` names each field at fault with its reason (body fields of a write)."""
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.headers = headers or {}
        self.fields = fields or {}


def problem_response(
    status: int, detail: str, *, headers: dict[str, str] | None = None, **extra: object
) -> JSONResponse:
    """An RFC 9457 problem document; `type` is about:blank, so `title` is the status phrase."""
    body = {"type": "about:blank", "title": HTTPStatus(status).phrase, "status": status}
    body |= {"detail": detail, **extra}
    return JSONResponse(
        jsonable_encoder(body), status_code=status, headers=headers, media_type=PROBLEM_MEDIA_TYPE
    )


def message_page(request: Request, status: int, message: str) -> Response:
    """A page that says one thing, translated, with `status`."""
    return render(request, "message.html", page_language(request), status=status, message=message)


def _is_api(request: Request) -> bool:
    return request.url.path.startswith(API_PREFIX)


async def _page_refused(request: Request, error: Exception) -> Response:
    assert isinstance(error, PageRefused)
    return message_page(request, error.status, error.message)


async def _sign_in_required(request: Request, error: Exception) -> Response:
    return RedirectResponse("/signin", status_code=303)


async def _api_problem(request: Request, error: Exception) -> Response:
    assert isinstance(error, ApiProblem)
    if error.fields:
        errors = [
            {"location": ["body", field], "message": reason}
            for field, reason in error.fields.items()
        ]
        return problem_response(error.status, error.detail, headers=error.headers, errors=errors)
    return problem_response(error.status, error.detail, headers=error.headers)


async def _http_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, StarletteHTTPException)
    headers = dict(error.headers or {})
    if _is_api(request):
        detail = (
            error.detail if isinstance(error.detail, str) else HTTPStatus(error.status_code).phrase
        )
        return problem_response(error.status_code, detail, headers=headers)
    message = STATUS_MESSAGES.get(error.status_code, OTHER_MESSAGE)
    response = message_page(request, error.status_code, message)
    response.headers.update(headers)
    return response


async def _invalid_request(request: Request, error: Exception) -> Response:
    assert isinstance(error, RequestValidationError)
    if _is_api(request):
        errors = [
            {"location": list(e.get("loc", ())), "message": e.get("msg", "")}
            for e in error.errors()
        ]
        return problem_response(422, "the request's parameters are not valid", errors=errors)
    return message_page(request, 400, STATUS_MESSAGES[400])


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(PageRefused, _page_refused)
    app.add_exception_handler(SignInRequired, _sign_in_required)
    app.add_exception_handler(ApiProblem, _api_problem)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _invalid_request)
