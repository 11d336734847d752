"""Starlette's TestClient, imported without its notice that it prefers the `httpx2` package.

The test tools install `httpx`, which the client still drives fully; the notice is a
warning, which this suite turns into errors.
"""

from __future__ import annotations

import warnings

from starlette.exceptions import StarletteDeprecationWarning

with warnings.catch_warnings():
    warnings.filterwarnings("ignore", message="Using `httpx`", category=StarletteDeprecationWarning)
    from fastapi.testclient import TestClient

__all__ = ["TestClient"]
