"""`/api/docs`: the API described as a plain page, from its OpenAPI document.

FastAPI's interactive pages load their scripts from a CDN, which this site never does (its
Content-Security-Policy would block them anyway); this page is rendered on the server and
needs none. The machine-readable description is `/api/openapi.json`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from rencontre.web.auth.visitors import optional_visitor
from rencontre.web.errors import PROBLEM_MEDIA_TYPE
from rencontre.web.i18n import page_language
from rencontre.web.pages import render

router = APIRouter(include_in_schema=False)
OPENAPI_URL = "/api/openapi.json"
METHODS = ("get", "post", "put", "patch", "delete")


@dataclass(frozen=True)
class Parameter:
    name: str
    where: str
    required: bool
    description: str


@dataclass(frozen=True)
class Operation:
    method: str
    path: str
    summary: str
    description: str
    parameters: tuple[Parameter, ...]
    responses: tuple[tuple[str, str], ...]  # (status, description)


def operations(openapi: dict[str, Any]) -> list[Operation]:
    """Every operation of an OpenAPI document, in path order."""
    found = []
    for path, item in sorted(openapi.get("paths", {}).items()):
        for method in METHODS:
            if method not in item:
                continue
            spec = item[method]
            parameters = tuple(
                Parameter(p["name"], p["in"], bool(p.get("required")), p.get("description", ""))
                for p in spec.get("parameters", [])
            )
            responses = tuple(
                (status, r.get("description", "")) for status, r in spec["responses"].items()
            )
            found.append(
                Operation(
                    method.upper(),
                    path,
                    spec.get("summary", ""),
                    spec.get("description", ""),
                    parameters,
                    responses,
                )
            )
    return found


def with_problem_documents(openapi: dict[str, Any]) -> dict[str, Any]:
    """Error responses described as `application/problem+json`, as they are sent.

    FastAPI files every response model under `application/json`; the API's errors are
    problem documents, so their schemas move to that media type (in place; idempotent).
    """
    for item in openapi.get("paths", {}).values():
        for method in METHODS:
            for status, response in item.get(method, {}).get("responses", {}).items():
                content = response.get("content", {})
                if status[:1] in ("4", "5") and "application/json" in content:
                    content[PROBLEM_MEDIA_TYPE] = content.pop("application/json")
    return openapi


@router.get("/api/docs", dependencies=[Depends(optional_visitor)])
def api_docs(request: Request) -> Response:
    """Anyone: the API's operations, how to authenticate, where the OpenAPI document is."""
    return render(
        request,
        "api/docs.html",
        page_language(request),
        operations=operations(request.app.openapi()),
        openapi_url=OPENAPI_URL,
    )
