"""SQLAlchemy model of the audit log: who changed what in a mission, and when.

An entry keeps the English sentence of the change as a message id with named placeholders
and their values, not a rendered text, so that each organiser reads the log in her own
language and a catalog fix also fixes old entries.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from rencontre.store.models import CODE, NAME, Base
from rencontre.store.types import UTCDateTime


class AuditEntryRow(Base):
    """One change made to a mission, by a person (`actor`) or by the command line."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    mission_id: Mapped[int] = mapped_column(
        ForeignKey("missions.id", ondelete="CASCADE"), index=True
    )
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    actor: Mapped[str] = mapped_column(NAME)  # an organiser's e-mail, or "command line"
    action: Mapped[str] = mapped_column(CODE)  # "meeting.moved", "mission.published"…
    message: Mapped[str] = mapped_column(String(500))  # English message id, `%(name)s` slots
    values: Mapped[dict[str, Any]] = mapped_column(JSON)
    note: Mapped[str] = mapped_column(Text, default="")
