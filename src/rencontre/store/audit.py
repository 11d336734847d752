"""Reading and writing the audit log (`AuditEntryRow`)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from rencontre.store.models_audit import AuditEntryRow


@dataclass(frozen=True)
class AuditEntry:
    id: int
    at: datetime
    actor: str
    action: str
    message: str
    values: Mapping[str, Any]
    note: str


def add_entry(
    session: Session,
    *,
    mission_id: int,
    at: datetime,
    actor: str,
    action: str,
    message: str,
    values: Mapping[str, Any],
    note: str = "",
) -> None:
    session.add(
        AuditEntryRow(
            mission_id=mission_id,
            at=at,
            actor=actor,
            action=action,
            message=message,
            values=dict(values),
            note=note,
        )
    )
    session.flush()


def entries(
    session: Session, mission_id: int, *, limit: int | None = None, offset: int = 0
) -> tuple[AuditEntry, ...]:
    """The mission's entries, the latest first."""
    query = (
        select(AuditEntryRow)
        .where(AuditEntryRow.mission_id == mission_id)
        .order_by(AuditEntryRow.at.desc(), AuditEntryRow.id.desc())
        .offset(offset)
        .limit(limit)
    )
    return tuple(
        AuditEntry(r.id, r.at, r.actor, r.action, r.message, dict(r.values), r.note)
        for r in session.scalars(query)
    )


def count_entries(session: Session, mission_id: int) -> int:
    query = select(func.count()).where(AuditEntryRow.mission_id == mission_id)
    return int(session.scalar(query) or 0)
