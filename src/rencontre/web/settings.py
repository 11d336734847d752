"""The settings of the web server, read from the environment beside the database's.

`RENCONTRE_BASE_URL` is where people reach the server (the personal links `rencontre link`
prints start with it); `RENCONTRE_SECURE_COOKIES` says whether cookies are sent over HTTPS
only, and defaults to whether the base URL is `https://`.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

BASE_URL_VARIABLE = "RENCONTRE_BASE_URL"
SECURE_COOKIES_VARIABLE = "RENCONTRE_SECURE_COOKIES"
DEFAULT_BASE_URL = "http://127.0.0.1:8000"
#: Where personal links point: the token follows.
LINK_PREFIX = "/l/"
#: Where a calendar application fetches a participant's agenda: `/calendar/<token>.ics`.
FEED_PREFIX = "/calendar/"
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


class SettingError(ValueError):
    """A setting with a value that cannot be used; the message names both."""


@dataclass(frozen=True)
class WebSettings:
    """`base_url` without a trailing slash; `secure_cookies` for a server behind HTTPS."""

    base_url: str = DEFAULT_BASE_URL
    secure_cookies: bool = False

    @classmethod
    def from_environ(cls, environ: Mapping[str, str] | None = None) -> WebSettings:
        """Settings from `environ` (the process environment by default)."""
        env = os.environ if environ is None else environ
        base_url = _base_url(env.get(BASE_URL_VARIABLE, "").strip() or DEFAULT_BASE_URL)
        secure = env.get(SECURE_COOKIES_VARIABLE, "").strip().lower()
        if not secure:
            return cls(base_url, base_url.startswith("https://"))
        if secure not in _TRUE | _FALSE:
            given = env[SECURE_COOKIES_VARIABLE]
            raise SettingError(f"{SECURE_COOKIES_VARIABLE} must be true or false, not {given!r}")
        return cls(base_url, secure in _TRUE)

    def link_url(self, token: str) -> str:
        """The personal link that opens a participant's space."""
        return f"{self.base_url}{LINK_PREFIX}{token}"


def _base_url(value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise SettingError(
            f"{BASE_URL_VARIABLE} must be an http:// or https:// address such as "
            f"https://missions.example.org, not {value!r}"
        )
    return value.rstrip("/")
