"""The interpreter rule for two people: the matching engine's, applied to persons."""

from __future__ import annotations

import pytest

from rencontre.core.enums import Language
from rencontre.core.participant import Participant
from rencontre.services.interpreters import needs_interpreter, spoken_by


def person(*languages: Language) -> Participant:
    return Participant("p@x.example", "P", "X", languages=languages)


def test_declared_languages_come_first() -> None:
    assert spoken_by(person(Language.EN, Language.NL), "FR") == frozenset({"en", "nl"})


@pytest.mark.parametrize(
    ("country", "expected"),
    [("BE", {"fr", "nl"}), ("be", {"fr", "nl"}), ("NL", {"nl"}), ("DE", set())],
)
def test_without_declared_languages_the_country_speaks(country: str, expected: set[str]) -> None:
    assert spoken_by(person(), country) == frozenset(expected)


@pytest.mark.parametrize(
    ("first", "second", "needed"),
    [
        ({"fr"}, {"nl"}, True),
        ({"fr", "en"}, {"nl", "en"}, False),
        ({"fr"}, set(), False),  # nothing known about one side: no warning
        (set(), set(), False),
    ],
)
def test_an_interpreter_is_needed_when_both_are_known_and_none_is_shared(
    first: set[str], second: set[str], needed: bool
) -> None:
    assert needs_interpreter(frozenset(first), frozenset(second)) is needed
    assert needs_interpreter(frozenset(second), frozenset(first)) is needed
