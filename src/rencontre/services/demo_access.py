"""Who can try the demo mission in a browser: a demo organiser and two personal links.

`make demo` serves the demo mission; whoever runs it needs a way in as each kind of user.
The organiser's password is drawn anew at each run (it is printed, so it must not outlive
the run that printed it), and the two participants are chosen to show the platform's point:
one who speaks only French and one who speaks only Dutch, each with meetings.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from rencontre.core.enums import Language, MeetingStatus
from rencontre.core.participant import Participant
from rencontre.services import accounts
from rencontre.store import accounts as store
from rencontre.store import repositories as repo

DEMO_ORGANISER = "organiser@demo.example"


@dataclass(frozen=True)
class DemoAccess:
    organiser: str
    password: str
    links: tuple[accounts.IssuedLink, ...]  # a French-only, then a Dutch-only participant


def demo_access(session: Session, mission_key: str, *, now: datetime) -> DemoAccess:
    """Make sure the demo organiser runs `mission_key`, with a new password; issue two links.

    Raises `repositories.MissionNotFound` when the mission is not stored.
    """
    snapshot = repo.load_mission(session, mission_key)
    password = secrets.token_urlsafe(12)
    user = store.find_user(session, DEMO_ORGANISER)
    if user is None:
        accounts.add_organiser(
            session, email=DEMO_ORGANISER, password=password, missions=[mission_key], now=now
        )
    else:
        accounts.check_password(password)
        store.set_password_hash(session, user.id, accounts.hash_password(password))
        ids = store.mission_ids(session, [mission_key])
        missing = set(ids.values()) - store.organised_mission_ids(session, user.id)
        store.add_organised_missions(session, user.id, missing)
    links = tuple(
        accounts.issue_link(
            session, participant=person.email, mission=mission_key, days=None, now=now
        )  # fmt: skip
        for person in _speakers_of_one_language(snapshot, (Language.FR, Language.NL))
    )
    return DemoAccess(DEMO_ORGANISER, password, links)


def _speakers_of_one_language(
    snapshot: repo.MissionSnapshot, languages: tuple[Language, ...]
) -> list[Participant]:
    """For each language, the participant speaking only it who has the most meetings."""
    meetings = [m for m in snapshot.meetings if m.status is not MeetingStatus.CANCELLED]
    chosen = []
    for language in languages:
        speakers = [p for p in snapshot.participants if p.languages == (language,)]
        if speakers:
            chosen.append(max(speakers, key=lambda p: sum(m.involves(p.email) for m in meetings)))
    return chosen
