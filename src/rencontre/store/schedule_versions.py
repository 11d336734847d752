"""Reading and writing the published versions of a mission's schedule."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from rencontre.store.models_schedule import ScheduleVersionRow


@dataclass(frozen=True)
class ScheduleVersion:
    """One publication: `meetings` as published (see `ScheduleVersionRow.meetings`)."""

    number: int
    published_at: datetime
    published_by: str
    summary: Mapping[str, Any]
    meetings: tuple[Mapping[str, Any], ...]


def add_version(
    session: Session,
    *,
    mission_id: int,
    at: datetime,
    by: str,
    summary: Mapping[str, Any],
    meetings: Sequence[Mapping[str, Any]],
) -> ScheduleVersion:
    """Store the next version of the mission's schedule (numbered from 1)."""
    latest = session.scalar(
        select(func.max(ScheduleVersionRow.number)).where(
            ScheduleVersionRow.mission_id == mission_id
        )
    )
    row = ScheduleVersionRow(
        mission_id=mission_id,
        number=(latest or 0) + 1,
        published_at=at,
        published_by=by,
        summary=dict(summary),
        meetings=[dict(m) for m in meetings],
    )
    session.add(row)
    session.flush()
    return _version(row)


def versions(session: Session, mission_id: int) -> tuple[ScheduleVersion, ...]:
    """Every published version of the mission, the latest first."""
    query = (
        select(ScheduleVersionRow)
        .where(ScheduleVersionRow.mission_id == mission_id)
        .order_by(ScheduleVersionRow.number.desc())
    )
    return tuple(_version(row) for row in session.scalars(query))


def latest_version(session: Session, mission_id: int) -> ScheduleVersion | None:
    query = (
        select(ScheduleVersionRow)
        .where(ScheduleVersionRow.mission_id == mission_id)
        .order_by(ScheduleVersionRow.number.desc())
        .limit(1)
    )
    row = session.scalars(query).first()
    return None if row is None else _version(row)


def _version(row: ScheduleVersionRow) -> ScheduleVersion:
    return ScheduleVersion(
        row.number,
        row.published_at,
        row.published_by,
        dict(row.summary),
        tuple(dict(m) for m in row.meetings),
    )
