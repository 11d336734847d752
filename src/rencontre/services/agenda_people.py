"""Who has an agenda in a mission, and what the language rule needs to know about them.

Shared by `rencontre agenda` and the web, so that a printed agenda and a web page are built
from the same people.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from rencontre.core.participant import Participant
from rencontre.store import repositories as repo


def agenda_holders(session: Session, snapshot: repo.MissionSnapshot) -> dict[str, Participant]:
    """E-mail -> person for everyone with an agenda: participants first, in the mission's order.

    A person who has a meeting in the mission (even a cancelled one) without being one of its
    participants any more is among them, so that every partner is known and their own file
    still carries the cancellations.
    """
    people = {p.email: p for p in snapshot.participants}
    outside = {e for m in snapshot.meetings for e in (m.requester, m.requested)} - people.keys()
    if outside:
        others = sorted(
            (p for p in repo.participants(session) if p.email in outside), key=lambda p: p.email
        )
        people.update((p.email, p) for p in others)
    return people


def organisation_countries(session: Session, people: dict[str, Participant]) -> dict[str, str]:
    """Organisation name -> country, for the language rule (people who declare none)."""
    names = {p.organisation for p in people.values()}
    return {o.name: o.country for o in repo.organisations(session, names=names)}
