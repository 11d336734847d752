"""Reading and writing calendar feeds: a participant's subscribable calendar addresses.

Every function takes an open `Session` (the caller owns the transaction) and returns plain
records. Tokens arrive here already hashed (`services.calendar_feeds` hashes them): the store
never sees a feed's address in clear.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from rencontre.store.models_feeds import CalendarFeedRow


@dataclass(frozen=True)
class Feed:
    id: int
    participant_id: int
    mission_id: int
    created_at: datetime
    revoked_at: datetime | None


def add_feed(
    session: Session, *, token_hash: str, participant_id: int, mission_id: int, created_at: datetime
) -> Feed:
    row = CalendarFeedRow(
        token_hash=token_hash,
        participant_id=participant_id,
        mission_id=mission_id,
        created_at=created_at,
    )
    session.add(row)
    session.flush()
    return _feed(row)


def find_feed(session: Session, token_hash: str) -> Feed | None:
    """The feed with this token hash, live or revoked."""
    query = select(CalendarFeedRow).where(CalendarFeedRow.token_hash == token_hash)
    row = session.scalars(query).first()
    return None if row is None else _feed(row)


def live_feed(session: Session, *, participant_id: int, mission_id: int) -> Feed | None:
    """The participant's latest feed in the mission that is not revoked, if any."""
    query = (
        select(CalendarFeedRow)
        .where(
            CalendarFeedRow.participant_id == participant_id,
            CalendarFeedRow.mission_id == mission_id,
            CalendarFeedRow.revoked_at.is_(None),
        )
        .order_by(CalendarFeedRow.id.desc())
    )
    row = session.scalars(query).first()
    return None if row is None else _feed(row)


def revoke_feeds(session: Session, *, participant_id: int, mission_id: int, at: datetime) -> int:
    """Revoke every live feed of a participant in a mission; how many there were."""
    result = session.execute(
        update(CalendarFeedRow)
        .where(
            CalendarFeedRow.participant_id == participant_id,
            CalendarFeedRow.mission_id == mission_id,
            CalendarFeedRow.revoked_at.is_(None),
        )
        .values(revoked_at=at)
    )
    return int(getattr(result, "rowcount", 0) or 0)


def feed_hashes(session: Session, participant_id: int) -> list[str]:
    """The stored hashes of a participant's feeds (what the database holds of them)."""
    query = (
        select(CalendarFeedRow.token_hash)
        .where(CalendarFeedRow.participant_id == participant_id)
        .order_by(CalendarFeedRow.id)
    )
    return list(session.scalars(query))


def _feed(row: CalendarFeedRow) -> Feed:
    return Feed(row.id, row.participant_id, row.mission_id, row.created_at, row.revoked_at)
