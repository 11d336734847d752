"""The server's access log, without the tokens of personal links and calendar links.

A personal link is a password in a URL, and so is a calendar link: the log keeps `/l/…` and
`/calendar/…` instead of the token, so that reading the log does not let anyone into a
participant's space or agenda.
"""

from __future__ import annotations

import copy
import logging
import re
from typing import Any

from uvicorn.config import LOGGING_CONFIG

from rencontre.web.settings import FEED_PREFIX, LINK_PREFIX

_TOKENS = re.compile("(" + "|".join(map(re.escape, (LINK_PREFIX, FEED_PREFIX))) + r")[^/?#\s]+")


class HideLinkTokens(logging.Filter):
    """Replace the token of a `/l/<token>` or `/calendar/<token>.ics` path in uvicorn's
    access records."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(
                _TOKENS.sub(r"\1…", arg) if isinstance(arg, str) else arg for arg in record.args
            )
        return True


def log_config() -> dict[str, Any]:
    """uvicorn's logging configuration with `HideLinkTokens` on the access log."""
    config = copy.deepcopy(LOGGING_CONFIG)
    config.setdefault("filters", {})["hide_link_tokens"] = {"()": f"{__name__}.HideLinkTokens"}
    config["handlers"]["access"]["filters"] = ["hide_link_tokens"]
    return config
