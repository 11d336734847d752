"""Security enforced on every response and every state-changing request.

- Headers: a Content-Security-Policy that allows nothing inline and nothing from elsewhere
  (the only script is the packaged htmx file, which runs with eval and inline styles
  switched off), no MIME sniffing, no referrer (a personal link's token
  must not leak to another site), no framing, and `Cache-Control: no-store` on everything
  but the static files, since most pages are someone's own.
- Cookies: the session cookie holds only a random key (the session is in the database),
  is HTTP-only and SameSite=Lax, and `Secure` with the `__Host-` prefix behind HTTPS.
- CSRF: a signed-in browser's forms carry the session's CSRF token (and its API calls that
  change something, the `X-CSRF-Token` header). The sign-in form, before any session
  exists, uses a signed double-submit cookie: a random token in the form and in a cookie
  signed with the servers' shared secret, which another site can neither read nor forge.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import datetime

from fastapi import Request, Response
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from rencontre.services.accounts import StartedSession, new_secret, same_secret
from rencontre.web.context import WebContext
from rencontre.web.settings import WebSettings

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
)
SECURITY_HEADERS = {
    "content-security-policy": CONTENT_SECURITY_POLICY,
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
}
STATIC_PREFIX = "/static/"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
SIGN_IN_COOKIE_SECONDS = 2 * 3600


class SecurityHeaders:
    """ASGI middleware adding `SECURITY_HEADERS` to every HTTP response, errors included."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        cacheable = str(scope.get("path", "")).startswith(STATIC_PREFIX)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    headers[name] = value
                if not cacheable:
                    headers["cache-control"] = "no-store"
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _cookie_name(web: WebSettings, name: str) -> str:
    # `__Host-` cookies must be Secure, for the whole site, and set by this host only.
    return f"__Host-{name}" if web.secure_cookies else name


def session_cookie_name(web: WebSettings) -> str:
    return _cookie_name(web, "rencontre_session")


def sign_in_cookie_name(web: WebSettings) -> str:
    return _cookie_name(web, "rencontre_sign_in")


def session_key(request: Request, web: WebSettings) -> str | None:
    """The session key the browser sent, if any."""
    return request.cookies.get(session_cookie_name(web)) or None


def set_session_cookie(
    response: Response, web: WebSettings, started: StartedSession, now: datetime
) -> None:
    seconds = max(int((started.expires_at - now).total_seconds()), 0)
    response.set_cookie(
        session_cookie_name(web),
        started.key,
        max_age=seconds,
        path="/",
        httponly=True,
        samesite="lax",
        secure=web.secure_cookies,
    )


def clear_session_cookie(response: Response, web: WebSettings) -> None:
    response.delete_cookie(
        session_cookie_name(web), path="/", httponly=True, samesite="lax", secure=web.secure_cookies
    )


# The sign-in form's signed double-submit cookie -------------------------------------------


def _signature(secret: bytes, token: str) -> str:
    return hmac.new(secret, token.encode("utf-8"), hashlib.sha256).hexdigest()


def _signed_token(request: Request, context: WebContext) -> str | None:
    """The token of a validly signed sign-in cookie, if the browser sent one."""
    value = request.cookies.get(sign_in_cookie_name(context.web), "")
    token, _, signature = value.rpartition(".")
    if token and same_secret(signature, _signature(context.secret, token)):
        return token
    return None


def sign_in_form_token(request: Request, context: WebContext) -> tuple[str, bool]:
    """The token to put in the sign-in form, and whether its cookie must be (re)set.

    A browser that already has a valid cookie keeps its token, so two open sign-in tabs
    both work.
    """
    token = _signed_token(request, context)
    return (token, False) if token else (new_secret(), True)


def set_sign_in_cookie(response: Response, context: WebContext, token: str) -> None:
    response.set_cookie(
        sign_in_cookie_name(context.web),
        f"{token}.{_signature(context.secret, token)}",
        max_age=SIGN_IN_COOKIE_SECONDS,
        path="/",
        httponly=True,
        samesite="lax",
        secure=context.web.secure_cookies,
    )


def clear_sign_in_cookie(response: Response, context: WebContext) -> None:
    response.delete_cookie(
        sign_in_cookie_name(context.web),
        path="/",
        httponly=True,
        samesite="lax",
        secure=context.web.secure_cookies,
    )


def sign_in_form_is_genuine(request: Request, context: WebContext, form_token: str) -> bool:
    """Whether the sign-in form's token matches the browser's signed cookie."""
    return same_secret(form_token, _signed_token(request, context))
