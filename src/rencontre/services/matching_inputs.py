"""What the matching of a mission reads, as one digest: how stale proposals are told.

A matching job records the SHA-256 of its inputs (`matching_inputs_digest`): every
organisation profile it built (descriptions, offers and needs, segments, country, kind,
languages spoken) and the mission's people with their organisation and languages. The same
digest computed from the store later tells whether anything the matching reads has changed
since (`current_digest`); a change that does not touch the matching (a role, an agenda)
does not.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence

from sqlalchemy.orm import Session

from rencontre.core.participant import Participant
from rencontre.matching.profiles import OrgProfile
from rencontre.services.mission_matching import organisation_profiles
from rencontre.store import repositories as repo


def matching_inputs_digest(
    profiles: Sequence[OrgProfile], participants: Sequence[Participant]
) -> str:
    """SHA-256 of what the matching reads (see the module docstring)."""
    described = {
        "organisations": [
            [
                p.id,
                p.name,
                p.country,
                p.kind,
                list(p.texts),
                list(p.offers),
                list(p.needs),
                sorted(p.segments),
                sorted(p.languages),
            ]
            for p in sorted(profiles, key=lambda p: p.id)
        ],
        "people": [
            [p.email, p.organisation, [str(lang) for lang in p.languages]] for p in participants
        ],
    }
    text = json.dumps(described, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def current_digest(session: Session, mission: str) -> str:
    """The digest of the matching inputs of `mission` as stored now (its people, their
    organisations and the opportunities: not its requests nor its meetings)."""
    found = repo.get_mission(session, mission)
    people = repo.participants_of_mission(session, found)
    profiles = organisation_profiles(
        repo.organisations(session, names={p.organisation for p in people}),
        people,
        repo.opportunities(session),
        today=found.start_date,
    )
    return matching_inputs_digest(profiles, people)
