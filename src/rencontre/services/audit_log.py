"""The audit log of a mission: services write an entry for each change, organisers read it.

Services record the change in the same transaction as the change itself, so the log cannot
say something happened that was rolled back, nor miss something that was saved. Pages never
write it. An entry's sentence is an English message id marked with `N_` where the change is
made (so the catalogs carry it), with `%(name)s` values; it is translated when read.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from rencontre.core.enums import Language
from rencontre.documents.i18n import words_for
from rencontre.store import audit
from rencontre.store.models import MissionRow

#: The actor of a change made with the `rencontre` command.
COMMAND_LINE = "command line"


class UnknownMission(LookupError):
    pass


@dataclass(frozen=True)
class AuditLine:
    """One entry as an organiser reads it: the sentence in her language."""

    at: datetime
    actor: str
    action: str
    text: str
    note: str


def record(
    session: Session,
    *,
    mission: str,
    actor: str,
    action: str,
    message: str,
    values: Mapping[str, Any] | None = None,
    note: str = "",
    now: datetime,
) -> None:
    """Log that `actor` did `action` in `mission`; `message` is marked with `N_`."""
    audit.add_entry(
        session,
        mission_id=_mission_id(session, mission),
        at=now,
        actor=actor,
        action=action,
        message=message,
        values=values or {},
        note=note,
    )


def read_log(
    session: Session,
    *,
    mission: str,
    language: Language,
    limit: int | None = None,
    offset: int = 0,
) -> tuple[AuditLine, ...]:
    """The mission's entries, the latest first, each sentence in `language`."""
    words = words_for(language)
    found = audit.entries(session, _mission_id(session, mission), limit=limit, offset=offset)
    return tuple(
        AuditLine(e.at, e.actor, e.action, _sentence(words.gettext, e.message, e.values), e.note)
        for e in found
    )


def count(session: Session, *, mission: str) -> int:
    return audit.count_entries(session, _mission_id(session, mission))


def _sentence(gettext: Any, message: str, values: Mapping[str, Any]) -> str:
    try:
        return str(gettext(message, **values))
    except (KeyError, ValueError, TypeError):
        # A translation whose placeholders no longer match must not hide the entry.
        return message % values if values else message


def _mission_id(session: Session, key: str) -> int:
    found = session.scalar(select(MissionRow.id).where(MissionRow.key == key))
    if found is None:
        raise UnknownMission(key)
    return found
