"""The server's access log, without the tokens of personal links.

A personal link is a password in a URL: the log keeps `/l/…` instead of the token, so that
reading the log does not let anyone into a participant's space.
"""

from __future__ import annotations

import copy
import logging
import re
from typing import Any

from uvicorn.config import LOGGING_CONFIG

from rencontre.web.settings import LINK_PREFIX

_LINK = re.compile(re.escape(LINK_PREFIX) + r"[^/?#\s]+")


class HideLinkTokens(logging.Filter):
    """Replace the token of a `/l/<token>` path in uvicorn's access records."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            hidden = f"{LINK_PREFIX}…"
            record.args = tuple(
                _LINK.sub(hidden, arg) if isinstance(arg, str) else arg for arg in record.args
            )
        return True


def log_config() -> dict[str, Any]:
    """uvicorn's logging configuration with `HideLinkTokens` on the access log."""
    config = copy.deepcopy(LOGGING_CONFIG)
    config.setdefault("filters", {})["hide_link_tokens"] = {"()": f"{__name__}.HideLinkTokens"}
    config["handlers"]["access"]["filters"] = ["hide_link_tokens"]
    return config
