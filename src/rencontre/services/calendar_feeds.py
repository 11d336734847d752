"""Calendar feeds: an address a participant's calendar application subscribes to.

A calendar application sends no cookie, so the address carries the secret: a random
256-bit token of which the database keeps only the SHA-256 (as for personal links), so it
can be shown once, when it is made, and never again. A participant has at most one live
feed per mission: making a new one stops the earlier one, and she can stop it outright. A
token that is unknown or stopped resolves to nothing, the same nothing either way.

Every function takes the current time (`now`, aware) where it writes one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from rencontre.services.accounts import digest, new_secret
from rencontre.store import calendar_feeds as store


@dataclass(frozen=True)
class IssuedFeed:
    """A new feed: `token` goes in the address (only its hash is stored)."""

    token: str
    created_at: datetime


@dataclass(frozen=True)
class FeedOwner:
    """Whose agenda a feed gives: a participant, in one mission (both ids)."""

    participant_id: int
    mission_id: int


def create_feed(
    session: Session, *, participant_id: int, mission_id: int, now: datetime
) -> IssuedFeed:
    """A new feed for the participant in the mission; her earlier feed stops working."""
    store.revoke_feeds(session, participant_id=participant_id, mission_id=mission_id, at=now)
    token = new_secret()
    store.add_feed(
        session,
        token_hash=digest(token),
        participant_id=participant_id,
        mission_id=mission_id,
        created_at=now,
    )
    return IssuedFeed(token, now)


def revoke_feed(session: Session, *, participant_id: int, mission_id: int, now: datetime) -> bool:
    """Stop the participant's feed in the mission; whether she had one."""
    count = store.revoke_feeds(
        session, participant_id=participant_id, mission_id=mission_id, at=now
    )
    return count > 0


def resolve_feed(session: Session, *, token: str) -> FeedOwner | None:
    """Whose agenda the feed `token` gives, or None when it is unknown or stopped."""
    feed = store.find_feed(session, digest(token))
    if feed is None or feed.revoked_at is not None:
        return None
    return FeedOwner(feed.participant_id, feed.mission_id)


def live_feed_since(session: Session, *, participant_id: int, mission_id: int) -> datetime | None:
    """When the participant's live feed in the mission was made, or None if she has none."""
    feed = store.live_feed(session, participant_id=participant_id, mission_id=mission_id)
    return None if feed is None else feed.created_at
