"""A meeting's language follows the matching engine's rule: shared languages, or an interpreter."""

from __future__ import annotations

import pytest

from rencontre.core.enums import Language
from rencontre.core.participant import Participant
from rencontre.documents.i18n import words_for
from rencontre.documents.meeting_languages import LanguageRule, MeetingLanguage

COUNTRIES = {"Voltaïque": "FR", "Laadnet": "NL", "Wallonie": "BE", "Nowhere": ""}
RULE = LanguageRule(COUNTRIES, ["fr", "nl", "en"])


def person(organisation: str, *languages: Language) -> Participant:
    return Participant(f"{organisation.lower()}@x.example", organisation, organisation,
                       languages=languages)  # fmt: skip


FR_ONLY = person("Voltaïque", Language.FR)
NL_ONLY = person("Laadnet", Language.NL)


def test_people_with_no_common_language_need_an_interpreter() -> None:
    found = RULE.between(FR_ONLY, NL_ONLY)
    assert found == MeetingLanguage(interpreter=True)
    assert (found.text(words_for("fr")), found.codes) == ("Interprète nécessaire", "interpreter")
    assert found.note(words_for("nl")) == "Tolk nodig"


def test_shared_languages_come_in_the_mission_order() -> None:
    both = person("Laadnet", Language.EN, Language.NL, Language.FR)
    found = RULE.between(person("Voltaïque", Language.EN, Language.FR), both)
    assert found == MeetingLanguage(("fr", "en"))
    assert found.codes == "fr en"
    assert found.note(words_for("en")) == "Languages: French and English"
    assert RULE.between(FR_ONLY, both).note(words_for("nl")) == "Taal: Frans"


def test_a_person_without_languages_speaks_those_of_their_country() -> None:
    # Belgium: French, Dutch and German, by the engine's country table.
    silent = person("Wallonie")
    assert RULE.between(silent, NL_ONLY) == MeetingLanguage(("nl",))
    assert RULE.between(silent, FR_ONLY) == MeetingLanguage(("fr",))


@pytest.mark.parametrize("other", [FR_ONLY, NL_ONLY])
def test_nothing_is_said_when_a_side_has_no_known_language(other: Participant) -> None:
    unknown = person("Nowhere")
    found = RULE.between(unknown, other)
    assert found == MeetingLanguage()
    assert (found.text(words_for("fr")), found.note(words_for("fr")), found.codes) == ("", "", "")
