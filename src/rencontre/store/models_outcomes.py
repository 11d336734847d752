"""SQLAlchemy model of meeting outcomes: what each side of a stored meeting recorded after it.

One row per meeting and participant (the side that records it); recording again replaces
it. It hangs on the meeting row, so a meeting moved by a repair keeps its outcomes, and both
go when the mission goes.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from rencontre.store.models import CODE, Base, MeetingRow, ParticipantRow
from rencontre.store.types import UTCDateTime


class MeetingOutcomeRow(Base):
    """One side's outcome of one meeting (`rencontre.core.meeting_outcome.MeetingOutcome`)."""

    __tablename__ = "meeting_outcomes"
    __table_args__ = (UniqueConstraint("meeting_id", "participant_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"))
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participants.id", ondelete="CASCADE"), index=True
    )
    attendance: Mapped[str] = mapped_column(CODE)
    interest: Mapped[int | None] = mapped_column(Integer)
    next_step: Mapped[str] = mapped_column(CODE)
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime)

    meeting: Mapped[MeetingRow] = relationship()
    participant: Mapped[ParticipantRow] = relationship()
