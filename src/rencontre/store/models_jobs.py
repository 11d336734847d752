"""SQLAlchemy models of background jobs: matching and scheduling runs of a mission.

A job row is written when the job is started and then by whoever runs it (a `rencontre
worker` process on PostgreSQL, a thread of the web server on SQLite), so that any web
process can show its state and progress. `job_proposals` says which proposed requests a
matching job stored: those are the engine's, unlike proposals imported from a file.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from rencontre.store.models import CODE, NAME, Base
from rencontre.store.types import UTCDateTime

#: The job queue's tables on PostgreSQL: procrastinate's, made by migration 0006, no model.
QUEUE_TABLES = frozenset(
    {"procrastinate_jobs", "procrastinate_workers", "procrastinate_periodic_defers",
     "procrastinate_events"}
)  # fmt: skip
#: States in which a job is not finished; at most one such job per mission and kind.
ACTIVE_STATES_SQL = "state IN ('queued', 'running')"


class JobRow(Base):
    """One run of the matching or the scheduling of a mission."""

    __tablename__ = "jobs"
    __table_args__ = (
        # Two page views at once must not start two matching runs of one mission.
        Index(
            "ix_jobs_one_active",
            "mission_id",
            "kind",
            unique=True,
            sqlite_where=text(ACTIVE_STATES_SQL),
            postgresql_where=text(ACTIVE_STATES_SQL),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(CODE)  # "matching" or "scheduling"
    mission_id: Mapped[int] = mapped_column(
        ForeignKey("missions.id", ondelete="CASCADE"), index=True
    )
    state: Mapped[str] = mapped_column(CODE)  # queued, running, succeeded, failed
    started_by: Mapped[str] = mapped_column(NAME)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Written while the job runs; a running job whose heartbeat stops was abandoned.
    heartbeat_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    progress: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    result: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    error: Mapped[str] = mapped_column(Text, default="")
    # SHA-256 of what a matching job read (profiles and people), to tell when it is stale.
    inputs_digest: Mapped[str] = mapped_column(String(64), default="")


class JobProposalRow(Base):
    """A proposed request that a matching job stored."""

    __tablename__ = "job_proposals"

    job_id: Mapped[int] = mapped_column(ForeignKey("jobs.id", ondelete="CASCADE"), primary_key=True)
    request_id: Mapped[int] = mapped_column(
        ForeignKey("meeting_requests.id", ondelete="CASCADE"), primary_key=True, index=True
    )
