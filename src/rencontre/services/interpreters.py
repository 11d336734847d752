"""Whether two people who meet need an interpreter, by the matching engine's language rules.

The engine warns "no shared language: an interpreter will be needed" when both sides have
known languages and share none; languages are compared as ISO 639-1 codes; a side that
declares no language is taken to speak its country's (`pair_features.spoken_languages`),
and a side with no known language at all gets no warning, since nothing says it is needed.
A person is one side here: their declared languages, else those of their organisation's
country.
"""

from __future__ import annotations

from rencontre.core.participant import Participant
from rencontre.matching import explain
from rencontre.matching.pair_features import language_bitmasks, spoken_languages
from rencontre.matching.profiles import OrgProfile


def spoken_by(person: Participant, country: str) -> frozenset[str]:
    """The languages `person` can be expected to speak; `country` is their organisation's."""
    # The engine's rule reads an organisation's profile; a person is profiled the same way.
    profile = OrgProfile(
        id=person.email,
        country=country,
        languages=frozenset(str(language) for language in person.languages),
    )
    return spoken_languages(profile, frozenset())


def needs_interpreter(first: frozenset[str], second: frozenset[str]) -> bool:
    """Both sides speak known languages and none in common (the engine's `INTERPRETER` test)."""
    masks = language_bitmasks([first, second])
    return bool(explain.needs_interpreter(masks[:1], masks[1:])[0])
