"""SQLAlchemy model of calendar feeds: the secret addresses calendar applications subscribe to.

A calendar application sends no cookie: the address itself carries a random token, and the
database keeps only its SHA-256 (as for personal links), so reading the database does not
give anyone a participant's agenda. A feed belongs to one participant in one mission; it is
stopped (or replaced by a new one) by setting `revoked_at`, and goes with the mission or the
participant.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped, mapped_column

from rencontre.store.models import Base
from rencontre.store.models_accounts import DIGEST
from rencontre.store.types import UTCDateTime


class CalendarFeedRow(Base):
    """A participant's subscribable calendar address in one mission."""

    __tablename__ = "calendar_feeds"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(DIGEST, unique=True)
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participants.id", ondelete="CASCADE"), index=True
    )
    mission_id: Mapped[int] = mapped_column(
        ForeignKey("missions.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
