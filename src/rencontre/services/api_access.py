"""Which missions an API caller may read, and as whom.

An organiser reads the missions she organises, whole; a participant reads the mission of
her personal link, as one of its people. Everything the API answers is reached through one
of these: what lies outside answers "not found", so the API does not tell which ids exist.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from rencontre.core.mission import Mission
from rencontre.services.accounts import Visitor
from rencontre.store import accounts as store
from rencontre.store import repositories as repo


@dataclass(frozen=True)
class MissionAccess:
    """A mission the caller may read: as one of its organisers, or as participant `email`."""

    mission: Mission
    organiser: bool
    #: The participant's own e-mail; None for an organiser.
    email: str | None = None

    @property
    def key(self) -> str:
        return self.mission.key


def visible_missions(session: Session, visitor: Visitor) -> tuple[MissionAccess, ...]:
    """The missions `visitor` may read: an organiser's, latest first; a participant's one."""
    if visitor.is_organiser and visitor.user_id is not None:
        organised = store.organised_missions(session, visitor.user_id)
        return tuple(
            MissionAccess(repo.get_mission(session, m.key), organiser=True) for m in organised
        )
    if visitor.is_participant and visitor.mission_id is not None:
        key = store.mission_key(session, visitor.mission_id)
        email = (
            None
            if visitor.participant_id is None
            else store.participant_email(session, visitor.participant_id)
        )
        if key is not None and email is not None:
            return (MissionAccess(repo.get_mission(session, key), organiser=False, email=email),)
    return ()


def visible_mission(session: Session, visitor: Visitor, key: str) -> MissionAccess | None:
    """Mission `key` if `visitor` may read it, else None (unknown or someone else's)."""
    if visitor.is_organiser and visitor.user_id is not None:
        ident = store.mission_ids(session, [key]).get(key)
        if ident is None or ident not in store.organised_mission_ids(session, visitor.user_id):
            return None
        return MissionAccess(repo.get_mission(session, key), organiser=True)
    return next((m for m in visible_missions(session, visitor) if m.key == key), None)
