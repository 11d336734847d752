"""How messages name people: by name and e-mail, never by an id or an index."""

from __future__ import annotations

from rencontre.core.participant import Participant


def person_label(person: Participant) -> str:
    """`Inès Dubois <ines@voltaique.example>`."""
    return f"{person.full_name} <{person.email}>"
