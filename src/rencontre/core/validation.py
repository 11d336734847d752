"""Field rules shared by every way data enters the system."""

from __future__ import annotations

import re

# Deliberately simple: one @, a dot in the domain, no spaces; the real check is a mail that arrives.
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_NACE = re.compile(r"^[A-U]$|^\d{2}(\.\d{1,2})?$")


def normalise_email(value: str) -> str:
    """Lower-case, stripped e-mail; raise ValueError when it is not an address."""
    email = value.strip().lower()
    if not _EMAIL.match(email):
        raise ValueError(f"malformed e-mail address {value!r}")
    return email


def check_nace(code: str) -> str:
    """A NACE Rev.2 section letter or numeric code (e.g. C, 27, 27.2, 27.20)."""
    code = code.strip()
    if not _NACE.match(code):
        raise ValueError(f"malformed NACE Rev.2 code {code!r}")
    return code
