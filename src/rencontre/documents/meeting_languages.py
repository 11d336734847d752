"""Which language two people who meet can speak, or that they need an interpreter.

The matching engine's rule decides (`services.interpreters`): a person speaks their declared
languages, else those of their organisation's country; two people need an interpreter when
both speak known languages and none in common. When one side's languages are unknown, nothing
is said either way: no shared language to name, and no interpreter claimed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from rencontre.core.participant import Participant
from rencontre.documents.i18n import N_, Words
from rencontre.services.interpreters import needs_interpreter, spoken_by

INTERPRETER_NEEDED = N_("Interpreter needed")


@dataclass(frozen=True)
class MeetingLanguage:
    """The languages two people share (most useful first), or that they share none."""

    shared: tuple[str, ...] = ()  # ISO 639-1 codes
    interpreter: bool = False

    def text(self, words: Words) -> str:
        """The shared languages named for the reader ("français et anglais"), the
        translated "Interpreter needed", or "" when nothing is known."""
        if self.interpreter:
            return words.gettext(INTERPRETER_NEEDED)
        return words.language_names(self.shared) if self.shared else ""

    def note(self, words: Words) -> str:
        """A line for the reader: "Langue : anglais", "Interprète nécessaire", or ""."""
        if not self.shared:
            return self.text(words)
        return words.ngettext(
            "Language: %(languages)s",
            "Languages: %(languages)s",
            len(self.shared),
            languages=self.text(words),
        )

    @property
    def codes(self) -> str:
        """The shared codes separated by spaces ("fr en"), `interpreter`, or "" (for CSV)."""
        return "interpreter" if self.interpreter else " ".join(self.shared)


class LanguageRule:
    """The meeting language of any two people of a mission.

    `countries` maps an organisation's name to its country (ISO 3166-1 alpha-2), for people
    who declare no language; `order` ranks shared languages: the mission's working languages
    first, in its order, then any other in code order.
    """

    def __init__(self, countries: Mapping[str, str], order: Sequence[str]) -> None:
        self.countries = countries
        self.rank = {code: rank for rank, code in enumerate(order)}

    def spoken(self, person: Participant) -> frozenset[str]:
        return spoken_by(person, self.countries.get(person.organisation, ""))

    def between(self, first: Participant, second: Participant) -> MeetingLanguage:
        mine, theirs = self.spoken(first), self.spoken(second)
        if needs_interpreter(mine, theirs):
            return MeetingLanguage(interpreter=True)
        shared = sorted(mine & theirs, key=lambda code: (self.rank.get(code, len(self.rank)), code))
        return MeetingLanguage(tuple(shared))
