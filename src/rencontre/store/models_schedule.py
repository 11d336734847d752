"""SQLAlchemy models of the desk's schedule: published versions and locked meetings.

A published version keeps its meetings as they were published (a JSON list, one object per
meeting), so that the next version can say what changed even after the meetings' rows were
updated in place. A lock pins one stored meeting to its slot and table: a new scheduling
run leaves it where it is, and a hand move refuses to move it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Integer, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from rencontre.store.models import NAME, Base
from rencontre.store.types import UTCDateTime


class ScheduleVersionRow(Base):
    """One publication of a mission's schedule: its number, when, by whom, what changed."""

    __tablename__ = "schedule_versions"
    __table_args__ = (UniqueConstraint("mission_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    mission_id: Mapped[int] = mapped_column(
        ForeignKey("missions.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int] = mapped_column(Integer)  # 1, 2, … within the mission
    published_at: Mapped[datetime] = mapped_column(UTCDateTime)
    published_by: Mapped[str] = mapped_column(NAME)
    # Counts against the previous version: {"added": n, "moved": n, "cancelled": n, …}.
    summary: Mapped[dict[str, Any]] = mapped_column(JSON)
    # The live meetings as published: [{"requester", "requested", "start", "end", "venue",
    # "table"}], times in ISO 8601 UTC.
    meetings: Mapped[list[dict[str, Any]]] = mapped_column(JSON)


class MeetingLockRow(Base):
    """A meeting the organiser pinned to its slot and table."""

    __tablename__ = "meeting_locks"

    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), primary_key=True
    )
    locked_at: Mapped[datetime] = mapped_column(UTCDateTime)
    locked_by: Mapped[str] = mapped_column(NAME)
